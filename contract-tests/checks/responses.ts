import { OPERATIONS, type OperationEntry, type OperationId } from 'coord-parking/contract';
import { RESPONSE_JUDGEMENTS, type ObservedResponse } from 'coord-parking/contract';
import type { Violation } from 'coord-parking/contract';
import type { Capability } from '../../src/verify/capabilities.ts';
import type { Check } from '../../src/verify/check.ts';
import { excerpt, type Exchange } from '../../src/verify/exchange.ts';
import type { Failure } from '../../src/verify/results.ts';

const EVERY_OPERATION: OperationId[] = OPERATIONS.map((operation) => operation.operationId as OperationId);

/**
 * A check of every response the run received for an operation, whoever sent the request
 * (generated traffic, a flow, the typed client): `judgeOne` looks at one exchange, and may
 * compare it with everything the run received. Such checks come last in the suite, so that
 * they see everything the others received.
 */
export function everyResponse(
  name: string,
  description: string,
  judgeOne: (exchange: Exchange, operation: OperationEntry, everything: readonly Exchange[]) => Failure | undefined,
  needs: Capability[] = [],
): Check {
  return {
    name,
    description,
    needs,
    per: 'operation',
    operations: EVERY_OPERATION,
    async judge({ run, operations: [operation] }) {
      const received = run.exchanger.exchanges.filter((exchange) => exchange.operationId === operation.operationId);
      // One failure per distinct problem, with the first request that showed it.
      const byMessage = new Map<string, Failure>();
      for (const exchange of received) {
        const failure = judgeOne(exchange, operation, run.exchanger.exchanges);
        if (failure && !byMessage.has(failure.message)) byMessage.set(failure.message, failure);
      }
      // Over no response, a check holds vacuously: it is not covered, never passed.
      if (!received.some((exchange) => exchange.response))
        return { failures: [...byMessage.values()], notCovered: 'no response to judge: no check that ran sent this operation a request' };
      return { failures: [...byMessage.values()] };
    },
  };
}

function observed(exchange: Exchange): ObservedResponse | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  return {
    status: response.status,
    mediaType: response.mediaType,
    hasHeader: (name) => name.toLowerCase() in response.headers,
    body: response.body ?? { ok: false },
  };
}

function asFailure(exchange: Exchange, violations: Violation[], expected: string): Failure | undefined {
  if (violations.length === 0) return undefined;
  const response = exchange.response!;
  return {
    message: violations.map(({ pointer, message }) => (pointer ? `${pointer}: ${message}` : message)).join('; '),
    expected,
    actual: `${response.status} ${response.mediaType || '(no content type)'}: ${excerpt(response.text, 300)}`,
    exchange,
  };
}

function fromJudgement(
  judgement: (operation: OperationEntry, response: ObservedResponse) => Violation[],
  expected: (operation: OperationEntry, status: number) => string,
) {
  return (exchange: Exchange, operation: OperationEntry): Failure | undefined => {
    const response = observed(exchange);
    return response && asFailure(exchange, judgement(operation, response), expected(operation, response.status));
  };
}

const RETRY_AFTER = /^(\d+|[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)$/;

/** The contract's judgements of single responses, and Prism's when it stands in front. */
export const RESPONSE_CHECKS: Check[] = [
  everyResponse(
    'not_a_server_error',
    'No request, however odd, gets a 5xx, no answer, or one too large or too slow to read.',
    (exchange) => {
      if (exchange.error)
        return { message: exchange.error, expected: 'an HTTP answer below 500, within the limits', actual: exchange.error, exchange };
      const status = exchange.response!.status;
      if (status < 500) return undefined;
      return {
        message: `server error ${status}`,
        expected: 'a status below 500',
        actual: `${status}: ${excerpt(exchange.response!.text, 300)}`,
        exchange,
      };
    },
  ),
  everyResponse(
    'status_code_conformance',
    'Every status is one the contract documents for the operation (a redirect too: it is never followed).',
    fromJudgement(RESPONSE_JUDGEMENTS.status, (op) => `one of ${Object.keys(op.responses).join(', ')}`),
  ),
  everyResponse(
    'content_type_conformance',
    'The media type is the one documented for that status.',
    fromJudgement(RESPONSE_JUDGEMENTS.mediaType, (op, status) => op.responses[String(status)]?.contentType ?? ''),
  ),
  everyResponse(
    'response_schema_conformance',
    'The body is valid against the schema documented for that status (errors too).',
    // Judged as the body arrived, before it was redacted or trimmed for the run's record.
    (exchange) =>
      exchange.response &&
      asFailure(exchange, exchange.response.bodyViolations, `a body valid against the contract's ${exchange.response.status} response`),
  ),
  everyResponse(
    'response_headers_conformance',
    'Required headers are present and well formed (Retry-After on 429).',
    (exchange, operation) => {
      const missing = fromJudgement(
        RESPONSE_JUDGEMENTS.headers,
        (op, status) => `headers ${op.responses[String(status)]?.requiredHeaders.join(', ')}`,
      )(exchange, operation);
      if (missing) return missing;
      const retryAfter = exchange.response?.headers['retry-after'];
      if (retryAfter === undefined || RETRY_AFTER.test(retryAfter)) return undefined;
      return {
        message: `Retry-After "${retryAfter}" is neither seconds nor an HTTP date`,
        expected: 'Retry-After: <seconds> or <HTTP date>',
        actual: retryAfter,
        exchange,
      };
    },
  ),
  everyResponse(
    'prism_validation',
    "Prism's validation proxy, in front of the target, reports no violation (but of requests made invalid on purpose).",
    (exchange) => {
      const violations = exchange.prismViolations.filter((v) => !(exchange.invalidOnPurpose && v.startsWith('request')));
      if (violations.length === 0) return undefined;
      return { message: violations.join('; '), expected: 'no sl-violations from Prism', actual: violations.join('; '), exchange };
    },
    ['prism proxy'],
  ),
];
