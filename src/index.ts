export { createCoordParkingClient, type CoordParkingClient } from './client/create-client.ts';
export { DEFAULT_BASE_URL, type CoordParkingClientOptions, type UserTokenSource, type ValidationMode } from './client/options.ts';
export { DEFAULT_RETRY, type RetryOptions } from './client/retry.ts';
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
export type { paths, components } from '../generated/openapi.ts';
