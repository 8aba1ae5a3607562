import type { Middleware } from 'openapi-fetch';
import { operationByTemplate, type OperationEntry } from '../contract/operations.ts';
import { violationsOf, type Violation } from '../contract/violations.ts';
import { CoordResponseError, CoordValidationError, type Redactor, type RequestContext } from '../errors/index.ts';
import type { NormalizedOptions } from './options.ts';

/**
 * Looks at every response before openapi-fetch parses it:
 * - a success whose body is empty, truncated or not JSON becomes a CoordResponseError (there is
 *   no data to return, and openapi-fetch would throw a bare SyntaxError);
 * - with `validateResponses`, the status, media type, required headers and body are checked
 *   against the contract with the compiled validators; violations are reported or thrown.
 */
export function responseGuardMiddleware(options: NormalizedOptions, redactor: Redactor): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      const operation = operationByTemplate(request.method, schemaPath);
      const context: RequestContext = { operationId: operation?.operationId, method: request.method, url: request.url };
      const text = await response.text();
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const parsed = parseJson(text);

      if (response.ok) {
        const reason = !text.trim()
          ? 'an empty body'
          : !isJsonMediaType(mediaType)
            ? `a ${mediaType || 'untyped'} body, not JSON`
            : parsed.ok
              ? undefined
              : 'a body that is not valid JSON (truncated?)';
        if (reason) {
          throw new CoordResponseError({ status: response.status, contentType: mediaType || undefined, reason, context }, redactor);
        }
      }

      if (options.validateResponses && operation) {
        const violations = contractViolations(operation, response, mediaType, parsed);
        if (violations.length > 0) {
          const error = new CoordValidationError({ status: response.status, violations, context }, redactor);
          if (options.validateResponses === 'strict') throw error;
          options.onValidationWarning(error);
        }
      }
      const replay = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
      // A constructed Response has no url; keep the real one for callers and error messages.
      Object.defineProperty(replay, 'url', { value: response.url });
      return replay;
    },
  };
}

function contractViolations(
  operation: OperationEntry,
  response: Response,
  mediaType: string,
  parsed: ParsedJson,
): Violation[] {
  const documented = operation.responses[String(response.status)];
  if (!documented) {
    // An undocumented error status is still reported to the caller as a CoordApiError.
    return response.ok ? [{ pointer: '', message: `status ${response.status} is not documented` }] : [];
  }
  const violations: Violation[] = [];
  if (mediaType !== documented.contentType) {
    violations.push({ pointer: '', message: `content type is "${mediaType}", the contract says "${documented.contentType}"` });
  }
  for (const header of documented.requiredHeaders) {
    if (!response.headers.has(header)) violations.push({ pointer: '', message: `header ${header} is missing` });
  }
  if (!parsed.ok) violations.push({ pointer: '', message: 'body is not JSON' });
  else violations.push(...violationsOf(documented.validate, parsed.value));
  return violations;
}

type ParsedJson = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}
