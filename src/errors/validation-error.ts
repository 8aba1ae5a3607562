import { CoordError, describeRequest, type RequestContext } from './coord-error.ts';
import type { Redactor } from './redactor.ts';
import type { Violation } from '../contract/violations.ts';

export type { Violation };

/** A response broke the contract (`validateResponses`): wrong shape, undocumented status or type. */
export class CoordValidationError extends CoordError {
  readonly code = 'validation_failed';
  override get name() {
    return 'CoordValidationError';
  }
  readonly status: number;
  readonly violations: Violation[];

  constructor(init: { status: number; violations: Violation[]; context: RequestContext }, redactor: Redactor) {
    const list = init.violations.map(({ pointer, message }) => `  ${pointer || '(body)'}: ${message}`).join('\n');
    super(`${describeRequest(init.context, redactor)} answered ${init.status} against the contract:\n${list}`, init.context, redactor);
    this.status = init.status;
    this.violations = redactor.json(init.violations);
  }
}

export function isCoordValidationError(error: unknown): error is CoordValidationError {
  return error instanceof CoordValidationError;
}
