import type { Middleware } from 'openapi-fetch';
import type { ParsedBody } from '../contract/response-conformance.ts';
import type { Redactor, RequestContext } from '../errors/index.ts';

/**
 * How response validation plugs into a client: `responseValidation('warn' | 'strict')` from
 * `coord-parking/validation` makes one. The client itself knows only this shape, so an app that
 * does not validate bundles none of the compiled validators.
 */
export type ResponseValidation = (redactor: Redactor) => {
  /** Judges a response the domain API has read and parsed: returns, reports, or throws a CoordValidationError. */
  check: (operationId: string, response: Response, body: ParsedBody, context: RequestContext) => void;
  /** The same judgement for `client.raw`, as openapi-fetch middleware. */
  middleware: Middleware;
};
