import type { FromSchema } from 'json-schema-to-ts';
import { coverageOf, type Failure } from '../results.ts';
import { REPORT_FORMAT_VERSION, REPORT_SCHEMA } from './json-report-schema.ts';
import type { RunRecord } from './run-record.ts';

type JsonReport = FromSchema<typeof REPORT_SCHEMA>;
type JsonFailure = JsonReport['checks'][number]['failures'][number];

const REQUEST_BODY_SHOWN = 2_000;
const RESPONSE_BODY_SHOWN = 4_000;

/** The JSON report: every test the run planned, its failures with request, answer and curl, the coverage and the sessions made. */
export function jsonReport(record: RunRecord): string {
  const { results } = record;
  const counts = results.counts();
  const descriptions = new Map(results.checks.map((check) => [check.name, check.description]));
  const byTitle = new Map(results.entries.map((entry) => [entry.title, entry]));
  const report: JsonReport = {
    formatVersion: REPORT_FORMAT_VERSION,
    run: {
      version: record.version,
      target: { kind: record.target.kind as 'sandbox' | 'mock' | 'url', description: record.target.description },
      seed: record.seed,
      started: record.started.toISOString(),
      durationMs: Math.round(record.durationMs),
      outcome: record.outcome,
      exitCode: record.exitCode,
      ...(record.stoppedBy ? { stoppedBy: record.stoppedBy } : {}),
      ...(record.error ? { error: record.error } : {}),
    },
    summary: { passed: counts.passed, failed: counts.failed, notCovered: counts['not covered'] },
    // A run that could not happen ran nothing: no test to list.
    checks:
      record.outcome === 'could not run'
        ? []
        : results.units.map((unit) => {
            const entry = byTitle.get(unit.title);
            const operations = unit.operations.map((operation) => operation.operationId);
            return {
              name: unit.check.name,
              title: unit.title,
              description: descriptions.get(unit.check.name) ?? '',
              per: unit.check.per,
              operation: unit.check.per === 'operation' ? operations[0]! : null,
              operations,
              status: entry?.status ?? 'not covered',
              ...(entry?.note ? { note: entry.note } : entry ? {} : { note: 'not run' }),
              durationMs: Math.round((entry?.durationMs ?? 0) * 10) / 10,
              failures: (entry?.failures ?? []).map(failureOf),
            };
          }),
    coverage: coverageOf(record.exchanges).map(({ operationId, documented, observed }) => ({
      operation: operationId,
      documented,
      observed,
    })),
    sessions:
      record.sessions?.map((made) => ({
        id: made.id,
        location: made.location,
        owner: made.owner ?? null,
        madeBy: made.by ?? null,
        state: made.state,
        cleanedUp: made.cleanedUp === true,
        ...(made.problem ? { problem: made.problem } : {}),
      })) ?? null,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function failureOf(failure: Failure): JsonFailure {
  const exchange = failure.exchange;
  const response = exchange?.response;
  return {
    message: failure.message,
    operation: failure.operation ?? null,
    ...(failure.driver ? { driver: failure.driver } : {}),
    ...(failure.step ? { step: failure.step } : {}),
    expected: failure.expected,
    actual: failure.actual,
    request: exchange
      ? {
          method: exchange.request.method,
          url: exchange.request.url,
          headers: exchange.request.headers,
          ...(exchange.request.body !== undefined ? { body: exchange.request.body.slice(0, REQUEST_BODY_SHOWN) } : {}),
        }
      : null,
    response: response
      ? {
          status: response.status,
          mediaType: response.mediaType,
          headers: response.headers,
          body: response.text.slice(0, RESPONSE_BODY_SHOWN),
          size: response.size,
        }
      : null,
    ...(exchange?.error ? { error: exchange.error } : {}),
    curl: exchange?.curl ?? null,
  };
}
