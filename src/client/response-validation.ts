import { operations, type OperationId } from '../contract/operations.ts';
import { mediaTypeOf, responseViolations } from '../contract/response-conformance.ts';
import { CoordValidationError, type Redactor } from '../errors/index.ts';
import type { ResponseValidation } from './validation-plugin.ts';

export type ValidationMode = 'warn' | 'strict';

export interface ResponseValidationOptions {
  /** Where `'warn'` reports a violation. Default: `console.warn` of the error's message. */
  onWarning?: (error: CoordValidationError) => void;
}

/**
 * Checks every response against the contract, for `createCoordParkingClient({ validateResponses })`:
 * `'warn'` reports a response the contract does not allow and returns it; `'strict'` throws a
 * CoordValidationError instead. This module brings the compiled validators; a client without it
 * carries none of them.
 */
export function responseValidation(mode: ValidationMode, { onWarning }: ResponseValidationOptions = {}): ResponseValidation {
  if (mode !== 'warn' && mode !== 'strict') {
    throw new TypeError(`responseValidation: the mode must be 'warn' or 'strict', not ${String(mode)}`);
  }
  const warn = onWarning ?? ((error: CoordValidationError) => console.warn(error.message));
  return (redactor: Redactor) => (operationId, response, body, context) => {
    const violations = responseViolations(operations[operationId as OperationId], {
      status: response.status,
      mediaType: mediaTypeOf(response.headers.get('content-type')),
      hasHeader: (name) => response.headers.has(name),
      body,
    });
    if (violations.length === 0) return;
    const error = new CoordValidationError({ status: response.status, violations, context }, redactor);
    if (mode === 'strict') throw error;
    warn(error);
  };
}
