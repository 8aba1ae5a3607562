import type { Redactor } from '../errors/index.ts';
import type { Transport } from './transport.ts';
import type { ResponseCheck } from './validation-plugin.ts';

/**
 * What a client is built on, and hands its plugins: its base URL, its transport, its response
 * check, and the redactor its errors are built with. The domain API is built on it too.
 */
export interface ClientCore {
  baseUrl: string;
  /** Credentials, redirects refused, time limits, bounded bodies, retries: every failure a CoordError (or the caller's abort reason). */
  transport: Transport;
  /** The `validateResponses` plugin's check, when one was given. */
  check: ResponseCheck | undefined;
  /** Knows the access key and every token sent: a CoordError built with it holds neither. */
  redactor: Redactor;
}

/**
 * Adds to a client what it returns, as octokit's plugins do: `rawClient` from
 * `coord-parking/raw` adds `raw`, the typed openapi-fetch client, over the same transport.
 * A plugin is code the client's own calls never load, so a bundle pays only for those it passes.
 */
export type CoordParkingPlugin<Added extends object = object> = (core: ClientCore) => Added;

/** What a list of plugins adds to a client: everything each one returns. */
export type PluginsAdded<Plugins extends readonly CoordParkingPlugin[]> = Plugins extends readonly [
  CoordParkingPlugin<infer Added>,
  ...infer Rest extends readonly CoordParkingPlugin[],
]
  ? Added & PluginsAdded<Rest>
  : unknown;
