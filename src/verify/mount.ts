import Mocha from 'mocha';
import { operations, type OperationEntry } from 'coord-parking/contract';
import { missingCapability, WITHOUT } from './capabilities.ts';
import { CheckFailure, type Check, type Scope, type Verdict } from './check.ts';
import { clientDriver, httpDriver } from './drivers.ts';
import { describeFailure } from './report/failure-text.ts';
import type { CheckResult } from './results.ts';
import type { RunContext } from './run-context.ts';

/** Named in reports (JUnit's `file`), since these tests are built in code rather than loaded from a file. */
const SUITE_FILE = 'contract-tests/index.ts';

/**
 * Mounts a list of checks as mocha tests under `parent`, in the list's order: one test per
 * check and operation, or one per flow. Each test records its result in the run's Results
 * (for the matrix and the reports) and fails with a message naming the check, the operation,
 * the request, the difference and a curl, and nothing else: no stack trace.
 */
export function mountChecks(parent: Mocha.Suite, checks: readonly Check[], context: () => RunContext): void {
  for (const check of checks) {
    const [first, ...rest] = check.operations.map((id) => operations[id] as OperationEntry);
    if (!first) throw new Error(`check ${check.name} names no operation`);
    const units: [string, Scope['operations']][] =
      check.per === 'flow'
        ? [[`${check.name} (${check.operations.join(', ')})`, [first, ...rest]]]
        : [first, ...rest].map((operation) => [`${check.name} — ${operation.operationId}`, [operation]]);
    for (const [title, judged] of units) {
      const test = new Mocha.Test(title, async function (this: Mocha.Context) {
        const run = context();
        const result = await judge(run, check, judged);
        run.results.add(result);
        if (result.status === 'not covered') return this.skip();
        if (result.status === 'failed')
          throw quiet(result.failures.map((failure) => describeFailure(result.check, result.operations, failure)).join('\n\n'));
      });
      test.file = SUITE_FILE;
      parent.addTest(test);
    }
  }
}

async function judge(run: RunContext, check: Check, judged: Scope['operations']): Promise<CheckResult> {
  const result = (status: CheckResult['status'], verdict: Verdict): CheckResult => ({
    check: check.name,
    operations: judged.map((operation) => operation.operationId),
    status,
    ...verdict,
  });
  const missing = missingCapability(run.target, check.needs);
  if (missing) return result('not covered', { failures: [], note: WITHOUT[missing] });
  const stopped = () => result('not covered', { failures: [], note: 'the run reached its --max-time first' });
  if (run.stopped.aborted) return stopped();

  const drivers = check.per === 'flow' ? [httpDriver(run), clientDriver(run)] : [httpDriver(run)];
  const failures: Verdict['failures'] = [];
  let note: string | undefined;
  for (const driver of drivers) {
    const verdict = await judgeSafely(run, check, { run, operations: judged, driver });
    const prefix = drivers.length > 1 ? `[${driver.name}] ` : '';
    // Text, whatever a check built its failure from: reports print these as they are.
    failures.push(
      ...verdict.failures.map(({ message, expected, actual, exchange }) => ({
        message: `${prefix}${String(message)}`,
        expected: String(expected),
        actual: String(actual),
        exchange,
      })),
    );
    note ??= verdict.note;
  }
  if (run.stopped.aborted) return stopped();
  return result(failures.length ? 'failed' : 'passed', { failures, note });
}

/**
 * A judge's verdict; a CheckFailure it throws is its verdict too. Anything else it throws is a
 * fault of the check meeting an answer it did not foresee: reported as a failure, in words.
 */
async function judgeSafely(run: RunContext, check: Check, scope: Scope): Promise<Verdict> {
  try {
    return await check.judge(scope);
  } catch (error) {
    if (error instanceof CheckFailure) return { failures: [error.failure] };
    const message = run.exchanger.redactor.text(error instanceof Error ? error.message : String(error));
    return {
      failures: [{ message: `${check.name} could not finish: ${message}`, expected: 'answers the check can follow', actual: message }],
    };
  }
}

/** An Error whose stack is its message, so reporters print no trace of this package's internals. */
function quiet(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}
