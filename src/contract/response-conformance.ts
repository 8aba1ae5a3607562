import type { OperationEntry } from './operations.ts';
import { violationsOf, type Violation } from './violations.ts';

export type ParsedBody = { ok: true; value: unknown } | { ok: false };

/** What conformance needs of a response, whoever received it (client, sandbox test, verify). */
export interface ObservedResponse {
  status: number;
  /** The media type alone, lower-cased, without parameters ('' when absent). */
  mediaType: string;
  hasHeader(name: string): boolean;
  body: ParsedBody;
}

/**
 * Everything about a response the contract can judge: a documented status, its media type, its
 * required headers and its body against the schema (compiled validators). An undocumented error
 * status is not judged here: whoever receives it reports it as an error anyway.
 */
export function responseViolations(operation: OperationEntry, response: ObservedResponse): Violation[] {
  const documented = operation.responses[String(response.status)];
  if (!documented) {
    const success = response.status >= 200 && response.status < 300;
    return success ? [{ pointer: '', message: `status ${response.status} is not documented` }] : [];
  }
  const violations: Violation[] = [];
  if (response.mediaType !== documented.contentType) {
    violations.push({ pointer: '', message: `content type is "${response.mediaType}", the contract says "${documented.contentType}"` });
  }
  for (const header of documented.requiredHeaders) {
    if (!response.hasHeader(header)) violations.push({ pointer: '', message: `header ${header} is missing` });
  }
  if (!response.body.ok) violations.push({ pointer: '', message: 'body is not JSON (empty, truncated or another format)' });
  else violations.push(...violationsOf(documented.validate, response.body.value));
  return violations;
}

export function parseBody(text: string): ParsedBody {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
