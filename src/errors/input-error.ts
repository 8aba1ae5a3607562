import { CoordError } from './coord-error.ts';
import { Redactor } from './redactor.ts';

/** A call was refused before any request was sent: a bad argument (blank id, non-integer id…). */
export class CoordInputError extends CoordError {
  readonly code = 'invalid_argument';
  override get name() {
    return 'CoordInputError';
  }
  readonly argument: string;

  constructor(init: { argument: string; problem: string; operationId?: string }) {
    super(`${init.operationId ? `${init.operationId}: ` : ''}${init.argument} ${init.problem}`, init, new Redactor());
    this.argument = init.argument;
  }
}

export function isCoordInputError(error: unknown): error is CoordInputError {
  return error instanceof CoordInputError;
}
