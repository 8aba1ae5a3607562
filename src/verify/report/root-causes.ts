import { OPERATIONS } from 'coord-parking/contract';
import type { CheckResult, Failure, Results } from '../results.ts';

/** Failures of one check that say the same thing, but for what varies between requests: most likely one fault of the server. */
export interface RootCause {
  check: string;
  /** The message with what varies blanked out: what they share. */
  pattern: string;
  occurrences: { result: CheckResult; failure: Failure }[];
  /** The operations whose answers broke the rule, in the contract's order. */
  operations: string[];
}

/**
 * The run's failures grouped by root cause: the same check and the same message once operation
 * names, ids, numbers, times and quoted values are set aside. One field of the wrong type makes
 * one failure per operation that returns it; a report shows it once, with a count.
 */
export function rootCauses(results: Results): RootCause[] {
  const causes = new Map<string, RootCause>();
  for (const result of results.failures()) {
    for (const failure of result.failures) {
      const pattern = normalised(failure.message);
      const key = `${result.check}\n${pattern}`;
      let cause = causes.get(key);
      if (!cause) causes.set(key, (cause = { check: result.check, pattern, occurrences: [], operations: [] }));
      cause.occurrences.push({ result, failure });
      if (failure.operation && !cause.operations.includes(failure.operation)) cause.operations.push(failure.operation);
    }
  }
  const order = OPERATIONS.map((operation) => operation.operationId as string);
  for (const cause of causes.values()) cause.operations.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [...causes.values()];
}

const OPERATION_NAME = new RegExp(`\\b(${OPERATIONS.map((operation) => operation.operationId).join('|')})\\b`, 'g');

/**
 * The message with what differs from one request to the next set aside: URLs, methods, quoted
 * values, times, ids, a JSON body it quotes, and how many times one schema error repeats (one
 * field of the wrong type in a list of 3 sessions or of 40 is one fault).
 */
export function normalised(message: string): string {
  const blanked = message
    .replace(/https?:\/\/\S+/g, '<url>')
    .replace(/(?:\[\{|\{")[\s\S]*$/, '<json>')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?/g, '<time>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(OPERATION_NAME, '<operation>')
    .replace(/\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE)\b/g, '<method>')
    .replace(/\/\d+(?=\/|:|$|\s)/g, '/N')
    .replace(/\b(sessions?|ids?|seed|after) [\d, ]*\d/gi, '$1 N')
    .replace(/\b\d{4,}\b/g, 'N');
  return [...new Set(blanked.split(/; |\n/).map((part) => part.trim()))].join('; ');
}
