import { type OperationEntry, RESPONSE_JUDGEMENTS, type ObservedResponse, type Violation } from 'coord-parking/contract';
import type { Exchange } from '../exchange.ts';
import type { Failure } from '../results.ts';
import type { RunContext } from '../run-context.ts';

/**
 * Checks applied to every response the run received for an operation, whoever sent the request
 * (generated traffic, a flow, the typed client). Each judges one thing, reported by its name.
 */
export interface ResponseCheck {
  name: string;
  description: string;
  /** A reason not to run it on this target, if any. */
  skip?: (run: RunContext) => string | undefined;
  judge(exchange: Exchange, operation: OperationEntry): Failure | undefined;
}

function observed(exchange: Exchange): ObservedResponse | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  return {
    status: response.status,
    mediaType: response.mediaType,
    hasHeader: (name) => name.toLowerCase() in response.headers,
    body: response.body,
  };
}

function fromJudgement(
  judgement: (operation: OperationEntry, response: ObservedResponse) => Violation[],
  expected: (operation: OperationEntry, status: number) => string,
) {
  return (exchange: Exchange, operation: OperationEntry): Failure | undefined => {
    const response = observed(exchange);
    if (!response) return undefined;
    const violations = judgement(operation, response);
    if (violations.length === 0) return undefined;
    return {
      message: violations.map(({ pointer, message }) => (pointer ? `${pointer}: ${message}` : message)).join('; '),
      expected: expected(operation, response.status),
      actual: `${response.status} ${response.mediaType || '(no content type)'}: ${exchange.response!.text.slice(0, 300)}`,
      exchange,
    };
  };
}

const RETRY_AFTER = /^(\d+|[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)$/;

export const RESPONSE_CHECKS: ResponseCheck[] = [
  {
    name: 'not_a_server_error',
    description: 'No request, however odd, gets a 5xx or no answer at all.',
    judge(exchange) {
      if (exchange.error)
        return { message: `no HTTP answer: ${exchange.error}`, expected: 'an HTTP answer below 500', actual: exchange.error, exchange };
      const status = exchange.response!.status;
      if (status < 500) return undefined;
      return {
        message: `server error ${status}`,
        expected: 'a status below 500',
        actual: `${status}: ${exchange.response!.text.slice(0, 300)}`,
        exchange,
      };
    },
  },
  {
    name: 'status_code_conformance',
    description: 'Every status is one the contract documents for the operation.',
    judge: fromJudgement(RESPONSE_JUDGEMENTS.status, (op) => `one of ${Object.keys(op.responses).join(', ')}`),
  },
  {
    name: 'content_type_conformance',
    description: 'The media type is the one documented for that status.',
    judge: fromJudgement(RESPONSE_JUDGEMENTS.mediaType, (op, status) => op.responses[String(status)]?.contentType ?? ''),
  },
  {
    name: 'response_schema_conformance',
    description: 'The body is valid against the schema documented for that status (errors too).',
    judge: fromJudgement(RESPONSE_JUDGEMENTS.body, (_, status) => `a body valid against the contract's ${status} response`),
  },
  {
    name: 'response_headers_conformance',
    description: 'Required headers are present and well formed (Retry-After on 429).',
    judge(exchange, operation) {
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
  },
  {
    name: 'prism_validation',
    description: "Prism's validation proxy, in front of the target, reports no violation (but of requests made invalid on purpose).",
    skip: (run) => (run.target.viaPrism ? undefined : 'only with --via-prism'),
    judge(exchange) {
      const violations = exchange.prismViolations.filter((v) => !(exchange.invalidOnPurpose && v.startsWith('request')));
      if (violations.length === 0) return undefined;
      return {
        message: violations.join('; '),
        expected: 'no sl-violations from Prism',
        actual: violations.join('; '),
        exchange,
      };
    },
  },
];
