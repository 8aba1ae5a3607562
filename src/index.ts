export { createCoordParkingClient, type CoordParkingClient } from './client/create-client.ts';
export {
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  type CoordParkingClientOptions,
  type UserTokenSource,
} from './client/options.ts';
export { DEFAULT_RETRY, type RetryOptions } from './client/retry.ts';
export type { Returned, Sent } from './client/domain.ts';
export type { ResponseValidation, ResponseCheck } from './client/validation-plugin.ts';
export type { ClientCore, CoordParkingPlugin, PluginsAdded } from './client/plugins.ts';
export type { Transport, Outgoing, Received } from './client/transport.ts';
export { sessionState, waitForSessionState, type SessionState, type WaitOptions } from './client/session-state.ts';
export type * from './client/types.ts';
export {
  CoordError,
  CoordApiError,
  CoordNetworkError,
  CoordTimeoutError,
  CoordValidationError,
  CoordResponseError,
  CoordInputError,
  isCoordApiError,
  isCoordNetworkError,
  isCoordTimeoutError,
  isCoordValidationError,
  isCoordResponseError,
  isCoordInputError,
  type Violation,
} from './errors/index.ts';
export type { paths, components, operations } from '../generated/openapi.ts';
