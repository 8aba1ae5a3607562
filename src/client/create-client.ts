import { Redactor } from '../errors/index.ts';
import { createDomainApi, type DomainApi } from './domain.ts';
import { normalizeOptions, type CoordParkingClientOptions } from './options.ts';
import type { ClientCore, CoordParkingPlugin, PluginsAdded } from './plugins.ts';
import { createTransport } from './transport.ts';

/** The domain API: `sessions`, `barcodes`, `testing`. Plugins add to it. */
export interface CoordParkingClient extends DomainApi {}

/**
 *   domain API: arguments checked, body parsed once and validated, typed data or typed errors
 *     └─ transport: credentials, redirects refused, per-attempt time limit, bounded body, retries
 *          └─ fetch
 *
 * Plugins (`client.raw`, from `coord-parking/raw`) build on the same transport and check.
 */
export function createCoordParkingClient<const Plugins extends readonly CoordParkingPlugin[] = []>(
  options: CoordParkingClientOptions & { plugins?: Plugins },
): CoordParkingClient & PluginsAdded<Plugins> {
  const normalized = normalizeOptions(options);
  const redactor = new Redactor([normalized.accessKey]);
  const core: ClientCore = {
    baseUrl: normalized.baseUrl,
    transport: createTransport(normalized, redactor),
    check: normalized.validateResponses?.(redactor),
    redactor,
  };
  const client = createDomainApi(core);
  return Object.assign(client, ...normalized.plugins.map((plugin) => plugin(core)));
}
