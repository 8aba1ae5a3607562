import type { Check } from '../../src/verify/check.ts';
import type { Exchange } from '../../src/verify/exchange.ts';
import type { Failure } from '../../src/verify/results.ts';
import { everyResponse } from './responses.ts';

/**
 * What HTTP (RFC 9110) and problem details (RFC 9457) require of the statuses this contract
 * uses, whatever the contract says, and the contract's own rule that no response carries a
 * credential back. Judged on every response the run received, like the conformance checks.
 */

/** RFC 9110 §15 reason phrases, with the older names (RFC 7231) still common in frameworks. */
const REASON_PHRASES: Record<number, string[]> = {
  400: ['Bad Request'],
  401: ['Unauthorized'],
  403: ['Forbidden'],
  404: ['Not Found'],
  405: ['Method Not Allowed'],
  409: ['Conflict'],
  413: ['Content Too Large', 'Payload Too Large'],
  415: ['Unsupported Media Type'],
  422: ['Unprocessable Content', 'Unprocessable Entity'],
  429: ['Too Many Requests'],
  431: ['Request Header Fields Too Large'],
  500: ['Internal Server Error'],
  502: ['Bad Gateway'],
  503: ['Service Unavailable'],
  504: ['Gateway Timeout'],
};

/** RFC 9110 §5.6.7: the one date format a sender generates. */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function failure(exchange: Exchange, message: string, expected: string, actual: string): Failure {
  return { message, expected, actual, exchange };
}

/** The problem object a response carries, when it is one (and small enough to have been kept). */
function problemOf(exchange: Exchange): Record<string, unknown> | undefined {
  const response = exchange.response;
  if (!response || response.mediaType !== 'application/problem+json' || !response.body?.ok) return undefined;
  const value = response.body.value;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The title each problem type had the first time the run met it, worked out once per record. */
const titlesOf = new WeakMap<readonly Exchange[], { length: number; titles: Map<string, unknown> }>();
function firstTitles(everything: readonly Exchange[]): Map<string, unknown> {
  const known = titlesOf.get(everything);
  if (known?.length === everything.length) return known.titles;
  const titles = new Map<string, unknown>();
  for (const problem of everything.map(problemOf)) {
    const type = problem && typeof problem.type === 'string' ? problem.type : undefined;
    if (type && !titles.has(type)) titles.set(type, problem!.title);
  }
  titlesOf.set(everything, { length: everything.length, titles });
  return titles;
}

export const SEMANTICS_CHECKS: Check[] = [
  everyResponse(
    'http_semantics',
    'What RFC 9110 requires of every answer: a Date in IMF-fixdate form (§6.6.1), and a WWW-Authenticate challenge on 401 (§15.5.2). (Allow on 405: unsupported_method.)',
    (exchange) => {
      const response = exchange.response;
      if (!response) return undefined;
      const date = response.headers.date;
      if (date === undefined || !IMF_FIXDATE.test(date))
        return failure(
          exchange,
          date === undefined ? 'no Date header' : `Date "${date}" is not an IMF-fixdate`,
          'Date: <IMF-fixdate>, e.g. Sun, 06 Nov 1994 08:49:37 GMT',
          date ?? '(none)',
        );
      if (response.status === 401 && !/^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+/.test(response.headers['www-authenticate'] ?? ''))
        return failure(
          exchange,
          '401 without a WWW-Authenticate challenge',
          'WWW-Authenticate: Bearer …',
          response.headers['www-authenticate'] ?? '(none)',
        );
      return undefined;
    },
  ),
  everyResponse(
    'problem_details',
    "RFC 9457: a problem's status is the HTTP status (§3.1.2); with type about:blank its title is the status's reason phrase (§4.2.1); one type keeps one title all run (§3.1.3). (type and instance as URI references: response_schema_conformance.)",
    (exchange, _operation, everything) => {
      const problem = problemOf(exchange);
      if (!problem) return undefined;
      const status = exchange.response!.status;
      if ('status' in problem && problem.status !== status)
        return failure(
          exchange,
          `problem status ${JSON.stringify(problem.status)} in a ${status} response`,
          `"status": ${status}`,
          JSON.stringify(problem.status),
        );
      const type = typeof problem.type === 'string' ? problem.type : 'about:blank';
      const phrases = REASON_PHRASES[status];
      if (type === 'about:blank' && phrases && !phrases.some((phrase) => phrase.toLowerCase() === String(problem.title).toLowerCase()))
        return failure(
          exchange,
          `about:blank problem titled "${problem.title}" for ${status}`,
          `"title": "${phrases[0]}"`,
          JSON.stringify(problem.title),
        );
      const title = firstTitles(everything).get(type);
      if (type !== 'about:blank' && title !== undefined && title !== problem.title)
        return failure(
          exchange,
          `problem type ${type} has two titles: "${title}" and "${problem.title}"`,
          `"title": "${title}" every time`,
          JSON.stringify(problem.title),
        );
      return undefined;
    },
  ),
  everyResponse(
    'security_headers',
    "The contract's decision for every answer, which name users and hold barcodes: X-Content-Type-Options: nosniff, and Cache-Control with no-store.",
    (exchange) => {
      const headers = exchange.response?.headers;
      if (!headers) return undefined;
      if (headers['x-content-type-options']?.trim().toLowerCase() !== 'nosniff')
        return failure(
          exchange,
          'no X-Content-Type-Options: nosniff',
          'X-Content-Type-Options: nosniff',
          headers['x-content-type-options'] ?? '(none)',
        );
      if (!/(^|[\s,])no-store($|[\s,])/i.test(headers['cache-control'] ?? ''))
        return failure(
          exchange,
          'a response a cache may keep: no Cache-Control: no-store',
          'Cache-Control: no-store',
          headers['cache-control'] ?? '(none)',
        );
      return undefined;
    },
  ),
  everyResponse(
    'credentials_not_reflected',
    'No response carries a credential back (the access key, a token, or one the request presented) in a header or the body, raw or encoded: JSON-escaped, percent-encoded, HTML-escaped, base64.',
    (exchange) => {
      const reflected = exchange.response?.reflected ?? [];
      if (reflected.length === 0) return undefined;
      return failure(exchange, `the response carries back ${reflected.join('; ')}`, 'no credential in any response', reflected.join('; '));
    },
  ),
];
