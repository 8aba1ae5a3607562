import type { Middleware } from 'openapi-fetch';
import { operationByTemplate, type OperationEntry } from '../contract/operations.ts';
import { mediaTypeOf, parseBody, responseViolations, type ParsedBody } from '../contract/response-conformance.ts';
import { CoordValidationError, type Redactor, type RequestContext } from '../errors/index.ts';
import type { NormalizedOptions } from './options.ts';

export type ResponseCheck = (operation: OperationEntry, response: Response, body: ParsedBody, context: RequestContext) => void;

/**
 * `validateResponses` as one function: judge a response against the contract, then report
 * ('warn') or throw ('strict'). The domain API calls it on the body it has already parsed; the
 * raw client gets it through validationMiddleware below.
 */
export function createResponseCheck(options: NormalizedOptions, redactor: Redactor): ResponseCheck {
  return (operation, response, body, context) => {
    const violations = responseViolations(operation, {
      status: response.status,
      mediaType: mediaTypeOf(response.headers.get('content-type')),
      hasHeader: (name) => response.headers.has(name),
      body,
    });
    if (violations.length === 0) return;
    const error = new CoordValidationError({ status: response.status, violations, context }, redactor);
    if (options.validateResponses === 'strict') throw error;
    options.onValidationWarning(error);
  };
}

/** For `client.raw`: reads the body once to check it, and hands openapi-fetch a replay. */
export function validationMiddleware(check: ResponseCheck): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      const operation = operationByTemplate(request.method, schemaPath);
      if (!operation) return undefined;
      const text = await response.text();
      check(operation, response, parseBody(text), { operationId: operation.operationId, method: request.method, url: response.url });
      const replay = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
      // A constructed Response has no url; keep the real one for callers and error messages.
      Object.defineProperty(replay, 'url', { value: response.url });
      return replay;
    },
  };
}
