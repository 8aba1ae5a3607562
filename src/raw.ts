/**
 * `coord-parking/raw`: `client.raw`, the typed openapi-fetch client over the client's own
 * transport, as a plugin: `createCoordParkingClient({ accessKey, plugins: [rawClient] })`.
 * Kept apart from the client's entry so that apps using only the domain API bundle none of
 * openapi-fetch's request builder.
 */
export { rawClient, type RawClient } from './client/raw-client.ts';
