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
 * The contract's judgements of one response, one function each, so that `verify` can report
 * them as separate named checks and the client can apply them all at once.
 * Each returns [] when the response conforms, or when another judgement covers the case
 * (an undocumented status leaves nothing to compare a media type or body with).
 */
export const RESPONSE_JUDGEMENTS = {
  status(operation: OperationEntry, response: ObservedResponse): Violation[] {
    if (operation.responses[String(response.status)]) return [];
    return [
      { pointer: '', message: `status ${response.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})` },
    ];
  },
  mediaType(operation: OperationEntry, response: ObservedResponse): Violation[] {
    const documented = operation.responses[String(response.status)];
    if (!documented || response.mediaType === documented.contentType) return [];
    return [{ pointer: '', message: `content type is "${response.mediaType}", the contract says "${documented.contentType}"` }];
  },
  headers(operation: OperationEntry, response: ObservedResponse): Violation[] {
    const documented = operation.responses[String(response.status)];
    return (documented?.requiredHeaders ?? [])
      .filter((header) => !response.hasHeader(header))
      .map((header) => ({ pointer: '', message: `header ${header} is missing` }));
  },
  body(operation: OperationEntry, response: ObservedResponse): Violation[] {
    const documented = operation.responses[String(response.status)];
    if (!documented) return [];
    if (!response.body.ok) return [{ pointer: '', message: 'body is not JSON (empty, truncated or another format)' }];
    return violationsOf(documented.validate, response.body.value);
  },
};

/**
 * Everything about a response the contract can judge. An undocumented error status is left to
 * whoever receives it (the client reports it as an error anyway); an undocumented success is not.
 */
export function responseViolations(operation: OperationEntry, response: ObservedResponse): Violation[] {
  const success = response.status >= 200 && response.status < 300;
  if (!operation.responses[String(response.status)] && !success) return [];
  return [
    ...RESPONSE_JUDGEMENTS.status(operation, response),
    ...RESPONSE_JUDGEMENTS.mediaType(operation, response),
    ...RESPONSE_JUDGEMENTS.headers(operation, response),
    ...RESPONSE_JUDGEMENTS.body(operation, response),
  ];
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
