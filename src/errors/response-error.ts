import { CoordError, describeRequest, type RequestContext } from './coord-error.ts';
import type { Redactor } from './redactor.ts';

/**
 * A success status whose body cannot be used at all: empty, truncated, not JSON (an HTML page
 * from a proxy). Thrown whatever `validateResponses` says, since there is no data to return.
 */
export class CoordResponseError extends CoordError {
  readonly code = 'invalid_response';
  readonly status: number;
  readonly contentType: string | undefined;

  constructor(init: { status: number; contentType: string | undefined; reason: string; context: RequestContext }, redactor: Redactor) {
    super(`${describeRequest(init.context, redactor)} answered ${init.status} with ${init.reason}`, init.context, redactor);
    this.status = init.status;
    this.contentType = init.contentType;
  }
}

export function isCoordResponseError(error: unknown): error is CoordResponseError {
  return error instanceof CoordResponseError;
}
