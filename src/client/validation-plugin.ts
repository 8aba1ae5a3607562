import type { ParsedBody } from '../contract/response-conformance.ts';
import type { Redactor, RequestContext } from '../errors/index.ts';

/** Judges a response already read and parsed: returns, reports, or throws a CoordValidationError. */
export type ResponseCheck = (operationId: string, response: Response, body: ParsedBody, context: RequestContext) => void;

/**
 * How response validation plugs into a client: `responseValidation('warn' | 'strict')` from
 * `coord-parking/validation` makes one. The client itself knows only this shape, so an app that
 * does not validate bundles none of the compiled validators.
 */
export type ResponseValidation = (redactor: Redactor) => ResponseCheck;
