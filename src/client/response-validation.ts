import type { Middleware } from 'openapi-fetch';
import { operationByTemplate, operations, type OperationEntry } from '../contract/operations.ts';
import { mediaTypeOf, parseBody, responseViolations, type ParsedBody } from '../contract/response-conformance.ts';
import { CoordValidationError, type Redactor, type RequestContext } from '../errors/index.ts';
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
  return (redactor: Redactor) => {
    const judge = (operation: OperationEntry, response: Response, body: ParsedBody, context: RequestContext) => {
      const violations = responseViolations(operation, {
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
    /** For `client.raw`: reads the body once to check it, and hands openapi-fetch a replay. */
    const middleware: Middleware = {
      async onResponse({ request, response, schemaPath }) {
        const operation = operationByTemplate(request.method, schemaPath);
        if (!operation) return undefined;
        const text = await response.text();
        judge(operation, response, parseBody(text), { operationId: operation.operationId, method: request.method, url: response.url });
        const replay = new Response(text || null, { status: response.status, statusText: response.statusText, headers: response.headers });
        // A constructed Response has no url; keep the real one for callers and error messages.
        Object.defineProperty(replay, 'url', { value: response.url });
        return replay;
      },
    };
    return {
      check: (operationId, response, body, context) => judge(operations[operationId as keyof typeof operations], response, body, context),
      middleware,
    };
  };
}
