import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.ts';
import { Redactor } from '../errors/index.ts';
import { createDomainApi, type DomainApi } from './domain.ts';
import { normalizeOptions, type CoordParkingClientOptions } from './options.ts';
import { createTransport, nameOperations, RawRequest } from './transport.ts';

export interface CoordParkingClient extends DomainApi {
  /** The typed openapi-fetch client, `{ data, error, response }` style, with the same credentials, retries, limits and checks. */
  raw: Client<paths>;
}

/**
 *   domain API: arguments checked, body parsed once and validated, typed data or typed errors
 *     └─ openapi-fetch (client.raw: plus middleware naming the operation, and validation when asked)
 *          └─ transport: credentials, redirects refused, per-attempt time limit, bounded body, retries
 *               └─ fetch
 *
 * The domain API has its own openapi-fetch instance without middleware: it names its operations
 * itself, and validates the body it parses anyway, where a middleware would read, parse and
 * rebuild the response a second time.
 */
export function createCoordParkingClient(options: CoordParkingClientOptions): CoordParkingClient {
  const normalized = normalizeOptions(options);
  const redactor = new Redactor([normalized.accessKey]);
  const transport = createTransport(normalized, redactor);
  const validation = normalized.validateResponses?.(redactor);
  const raw = createClient<paths>({ baseUrl: normalized.baseUrl, fetch: transport, Request: RawRequest });
  raw.use(nameOperations());
  if (validation) raw.use(validation.middleware);
  const internal = createClient<paths>({ baseUrl: normalized.baseUrl, fetch: transport });
  return { raw, ...createDomainApi(internal, redactor, validation?.check) };
}
