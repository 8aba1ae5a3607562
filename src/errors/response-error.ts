import { CoordError, describeRequest, type RequestContext } from './coord-error.ts';
import type { Redactor } from './redactor.ts';

/**
 * A response the client cannot use at all: a success whose body is empty, truncated or not JSON
 * (an HTML page from a proxy); a body over `maxResponseBytes`; a redirect, which the contract
 * does not document and the client never follows. Thrown whether or not responses are validated.
 */
export class CoordResponseError extends CoordError {
  readonly code = 'invalid_response';
  override get name() {
    return 'CoordResponseError';
  }
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
