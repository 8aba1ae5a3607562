/**
 * The contract suite, as mocha suites and tests built with mocha's API (no globals), so that
 * `coord-parking verify` can build it afresh for each run, and a mocha test file can mount it.
 *
 *   stateful flows        each flow, through raw HTTP and through the typed client
 *   generated traffic     per operation: ignored_auth, negative/positive data
 *   every response        per operation: the response checks over everything received so far
 *
 * Each test records its outcome in the run's Results (for the matrix and reports) and fails
 * with a message naming the check, the operation, the request, the difference and a curl.
 */
import Mocha from 'mocha';
import { OPERATIONS, type OperationEntry } from 'coord-parking/contract';
import { FLOWS, RESPONSE_CHECKS, TRAFFIC_CHECKS } from '../src/verify/checks/registry.ts';
import { clientDriver, FlowFailure, httpDriver } from '../src/verify/drivers.ts';
import { describeFailure } from '../src/verify/report/failure-text.ts';
import type { CheckResult, Failure } from '../src/verify/results.ts';
import type { RunContext } from '../src/verify/run-context.ts';

/** Named in reports (JUnit's `file`), since these tests are built in code rather than loaded from a file. */
const SUITE_FILE = 'contract-tests/suite.ts';

function addTest(suite: Mocha.Suite, title: string, fn: Mocha.Func | Mocha.AsyncFunc): void {
  const test = new Mocha.Test(title, fn);
  test.file = SUITE_FILE;
  suite.addTest(test);
}

export function defineContractSuite(parent: Mocha.Suite, context: () => RunContext): void {
  const flows = Mocha.Suite.create(parent, 'stateful flows');
  for (const flow of FLOWS) {
    addTest(flows, `${flow.name} (${flow.operations.join(', ')})`, async function (this: Mocha.Context) {
      const run = context();
      const missing = flow.needs.filter((need) => (need === 'gated location' ? !run.target.gatedLocationId : !run.target.nonTestToken));
      const reason = !run.target.stateful
        ? `${run.target.description} is stateless: it keeps no session it creates`
        : missing.length > 0
          ? `needs a ${missing.join(' and a ')} (see --gated-location, --non-test-token)`
          : undefined;
      if (reason) return skip(this, run, { check: flow.name, operations: flow.operations, status: 'skipped', failures: [], note: reason });
      const failures: Failure[] = [];
      for (const driver of [httpDriver(run), clientDriver(run)]) {
        try {
          await flow.run(driver, run.target);
        } catch (error) {
          if (!(error instanceof FlowFailure)) throw error;
          failures.push({ ...error.failure, message: `[${driver.name}] ${error.failure.message}` });
        }
      }
      settle(run, { check: flow.name, operations: flow.operations, status: failures.length ? 'failed' : 'passed', failures });
    });
  }

  const traffic = Mocha.Suite.create(parent, 'generated traffic');
  for (const operation of OPERATIONS) {
    for (const check of TRAFFIC_CHECKS.filter((c) => c.appliesTo(operation))) {
      addTest(traffic, `${check.name} — ${operation.operationId}`, async () => {
        const run = context();
        const { failures, note } = await check.run(run, operation);
        settle(run, {
          check: check.name,
          operations: [operation.operationId],
          status: failures.length ? 'failed' : 'passed',
          failures,
          note,
        });
      });
    }
  }

  const responses = Mocha.Suite.create(parent, 'every response');
  for (const operation of OPERATIONS) {
    for (const check of RESPONSE_CHECKS) {
      addTest(responses, `${check.name} — ${operation.operationId}`, function (this: Mocha.Context) {
        const run = context();
        const reason = check.skip?.(run);
        if (reason)
          return skip(this, run, { check: check.name, operations: [operation.operationId], status: 'skipped', failures: [], note: reason });
        const failures = judgeAll(run, operation, check.judge);
        settle(run, {
          check: check.name,
          operations: [operation.operationId],
          status: failures.length ? 'failed' : 'passed',
          failures,
          note: notesFor(run, operation),
        });
      });
    }
  }
}

/** Judges every exchange of the operation; one failure per distinct problem, the first request that showed it. */
function judgeAll(run: RunContext, operation: OperationEntry, judge: (typeof RESPONSE_CHECKS)[number]['judge']): Failure[] {
  const byMessage = new Map<string, Failure>();
  for (const exchange of run.exchanger.exchanges.filter((e) => e.operationId === operation.operationId)) {
    const failure = judge(exchange, operation);
    if (failure && !byMessage.has(failure.message)) byMessage.set(failure.message, failure);
  }
  return [...byMessage.values()];
}

/** A response check over no response passes vacuously: say so. */
function notesFor(run: RunContext, operation: OperationEntry): string | undefined {
  return run.exchanger.exchanges.some((e) => e.operationId === operation.operationId && e.response) ? undefined : 'no response to judge';
}

function settle(run: RunContext, result: CheckResult): void {
  run.results.add(result);
  if (result.status === 'failed')
    throw new Error(result.failures.map((failure) => describeFailure(result.check, result.operations, failure)).join('\n\n'));
}

function skip(test: Mocha.Context, run: RunContext, result: CheckResult): void {
  run.results.add(result);
  test.skip();
}
