import Mocha from 'mocha';
import { missingCapability, WITHOUT } from './capabilities.ts';
import { CheckFailure, type Check, type Scope, type Verdict } from './check.ts';
import { clientDriver, httpDriver, type Driver } from './drivers.ts';
import type { Exchange } from './exchange.ts';
import { describeFailure } from './report/failure-text.ts';
import type { CheckResult, Failure } from './results.ts';
import type { RunContext } from './run-context.ts';
import { allUnits, type Unit } from './selection.ts';
import { stoppedBecause } from './stop.ts';

/** Every test of the checks, as mocha tests under `parent` (see mountUnits). */
export function mountChecks(parent: Mocha.Suite, checks: readonly Check[], context: () => RunContext): void {
  mountUnits(parent, allUnits(checks), context);
}

/**
 * Mounts the planned tests as mocha tests under `parent`, in order: one per check and
 * operation, or one per flow. Each test records its result in the run's Results (for the
 * matrix and the reports) and fails with a message naming the check, the operation, the
 * request, the difference and a curl, and nothing else: no stack trace.
 */
export function mountUnits(parent: Mocha.Suite, units: readonly Unit[], context: () => RunContext): void {
  for (const unit of units) {
    parent.addTest(
      new Mocha.Test(unit.title, async function (this: Mocha.Context) {
        const run = context();
        const result = await judge(run, unit);
        run.results.add(result);
        // Not covered (the target lacks what the check needs, or the run stopped first): pending in
        // mocha, never a pass; the reason is the result's note, shown in the matrix and the reports.
        if (result.status === 'not covered') return this.skip();
        if (result.status === 'failed') throw quiet(result.failures.map((failure) => describeFailure(result, failure)).join('\n\n'));
      }),
    );
  }
}

async function judge(run: RunContext, { check, operations, title }: Unit): Promise<CheckResult> {
  const started = performance.now();
  const result = (status: CheckResult['status'], failures: Failure[], note: string | undefined, reached?: string[]): CheckResult => ({
    check: check.name,
    title,
    per: check.per,
    operations: operations.map((operation) => operation.operationId),
    status,
    failures,
    note,
    durationMs: performance.now() - started,
    ...(reached ? { reached } : {}),
  });
  const missing = missingCapability(run.target.capabilities, check.needs);
  if (missing) return result('not covered', [], WITHOUT[missing]);
  const stopped = () => result('not covered', [], `not run: ${stoppedBecause(run.stopped)} first`);
  if (run.stopped.aborted) return stopped();

  const drivers = check.per === 'flow' ? [httpDriver(run), clientDriver(run)] : [httpDriver(run)];
  const failures: Failure[] = [];
  const reached = new Set<string>();
  let note: string | undefined;
  let notCovered: string | undefined;
  run.exchanger.check = check.name;
  try {
    for (const driver of drivers) {
      const from = run.exchanger.exchanges.length;
      const verdict = await judgeSafely(run, check, { run, operations, driver });
      const sent = run.exchanger.exchanges.slice(from);
      for (const exchange of sent) if (exchange.response && exchange.operationId) reached.add(exchange.operationId);
      failures.push(...verdict.failures.map((failure) => located(failure, check, operations[0].operationId, sent, driver)));
      note ??= verdict.note;
      notCovered ??= verdict.notCovered;
    }
  } finally {
    run.exchanger.check = undefined;
  }
  if (run.stopped.aborted) return stopped();
  const flowReached = check.per === 'flow' ? [...reached] : undefined;
  if (failures.length > 0) return result('failed', failures, note, flowReached);
  if (notCovered) return result('not covered', [], notCovered);
  return result('passed', [], note, flowReached);
}

/**
 * A failure as the reports show it: as text, whatever a check built it from, with the operation
 * whose answer broke the rule. A flow's failure also names its step (which of its requests got
 * that answer) and its driver; one that came with no exchange broke on the last answer it got.
 */
function located(failure: Failure, check: Check, judged: string, sent: readonly Exchange[], driver: Driver): Failure {
  const text = {
    message: String(failure.message),
    expected: String(failure.expected),
    actual: String(failure.actual),
  };
  if (check.per === 'operation') return { ...text, exchange: failure.exchange, operation: judged };
  const exchange = failure.exchange ?? sent.at(-1);
  const index = exchange ? sent.findIndex((one) => one.seq === exchange.seq) : -1;
  return {
    ...text,
    exchange,
    operation: exchange?.operationId ?? judged,
    driver: driver.name,
    ...(index >= 0 ? { step: { index: index + 1, of: sent.length } } : {}),
  };
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
