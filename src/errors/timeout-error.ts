import { CoordError, describeRequest, type RequestContext } from './coord-error.ts';
import type { Redactor } from './redactor.ts';

/** A request (or a `waitForSessionState` poll) took longer than its time limit. */
export class CoordTimeoutError extends CoordError {
  readonly code = 'timeout';
  override get name() {
    return 'CoordTimeoutError';
  }
  readonly timeoutMs: number;

  constructor(init: { timeoutMs: number; context: RequestContext; what?: string }, redactor: Redactor) {
    const what = init.what ?? describeRequest(init.context, redactor);
    super(`${what} timed out after ${init.timeoutMs} ms`, init.context, redactor);
    this.timeoutMs = init.timeoutMs;
  }
}

export function isCoordTimeoutError(error: unknown): error is CoordTimeoutError {
  return error instanceof CoordTimeoutError;
}
