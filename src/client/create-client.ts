import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.ts';
import { Redactor } from '../errors/index.ts';
import { credentialsMiddleware } from './credentials.ts';
import { createDomainApi, type DomainApi } from './domain.ts';
import { normalizeOptions, type CoordParkingClientOptions } from './options.ts';
import { responseGuardMiddleware } from './response-guard.ts';
import { createTransport } from './transport.ts';

export interface CoordParkingClient extends DomainApi {
  /** The typed openapi-fetch client, `{ data, error, response }` style, with the same credentials, retries and checks. */
  raw: Client<paths>;
}

/**
 *   domain API (typed errors)
 *     └─ openapi-fetch, middleware: credentials → response guard (+ validation)
 *          └─ transport: per-attempt timeout, retries
 *               └─ fetch
 */
export function createCoordParkingClient(options: CoordParkingClientOptions): CoordParkingClient {
  const normalized = normalizeOptions(options);
  const redactor = new Redactor([normalized.accessKey]);
  const raw = createClient<paths>({ baseUrl: normalized.baseUrl, fetch: createTransport(normalized, redactor) });
  raw.use(credentialsMiddleware(normalized, redactor), responseGuardMiddleware(normalized, redactor));
  return { raw, ...createDomainApi(raw, redactor) };
}
