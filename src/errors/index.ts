export { CoordError, type RequestContext } from './coord-error.ts';
export { CoordApiError, isCoordApiError } from './api-error.ts';
export { CoordNetworkError, isCoordNetworkError } from './network-error.ts';
export { CoordTimeoutError, isCoordTimeoutError } from './timeout-error.ts';
export { CoordValidationError, isCoordValidationError, type Violation } from './validation-error.ts';
export { CoordResponseError, isCoordResponseError } from './response-error.ts';
export { CoordInputError, isCoordInputError } from './input-error.ts';
export { Redactor, REDACTED } from './redactor.ts';
