import { OPERATIONS } from 'coord-parking/contract';
import type { Check } from './check.ts';
import { keptCopy, type Exchange } from './exchange.ts';
import { allUnits, type Unit } from './selection.ts';

/** `not covered`: the check could not run here (the target lacks what it needs, or the run stopped first); never a pass. */
export type CheckStatus = 'passed' | 'failed' | 'not covered';

/** One way a check found the contract broken: what was expected, what came instead, and the request. */
export interface Failure {
  message: string;
  expected: string;
  actual: string;
  /** The exchange whose answer broke the rule. */
  exchange?: Exchange;
  /** The operation whose answer broke the rule (the runner sets it: a flow's may be any it sent to). */
  operation?: string;
  /** A flow's: which of its requests got that answer, counting from 1, of how many it sent. */
  step?: { index: number; of: number };
  /** A flow's: who met it, raw HTTP or the typed client. */
  driver?: 'http' | 'client';
}

/** How one test (a check on an operation, or a flow) went. */
export interface CheckResult {
  check: string;
  title: string;
  per: Check['per'];
  /** The operations it judges (a flow's: all of them). */
  operations: string[];
  status: CheckStatus;
  failures: Failure[];
  /** Why a check was not covered, or a note on what a passing or failing one could not cover. */
  note?: string;
  durationMs: number;
  /** A flow's: the operations that answered it, so that the matrix marks those it never reached as not covered. */
  reached?: string[];
}

export interface MatrixCell {
  status: CheckStatus | 'n/a';
  note?: string;
}

/** Everything a run found, for the terminal matrix and the reports. */
export class Results {
  readonly entries: CheckResult[] = [];

  /** The checks of the run, named and described in every report, and the tests it planned. */
  constructor(
    readonly checks: readonly Check[],
    readonly units: readonly Unit[] = allUnits(checks),
  ) {}

  add(result: CheckResult): void {
    // Failures are kept to the end of the run: with the trimmed copy of their exchange, as its record is.
    const failures = result.failures.map((failure) => (failure.exchange ? { ...failure, exchange: keptCopy(failure.exchange) } : failure));
    this.entries.push({ ...result, failures });
  }

  /** Records every planned test that did not run (--bail stopped the run, or it was interrupted) as not covered, saying why. */
  addNotRun(note: string): void {
    const ran = new Set(this.entries.map((entry) => entry.title));
    for (const unit of this.units.filter((planned) => !ran.has(planned.title))) {
      this.add({
        check: unit.check.name,
        title: unit.title,
        per: unit.check.per,
        operations: unit.operations.map((operation) => operation.operationId),
        status: 'not covered',
        failures: [],
        note,
        durationMs: 0,
      });
    }
  }

  /** Every check of the run, in the suite's order, whether or not it got to run. */
  checkNames(): string[] {
    return this.checks.map((check) => check.name);
  }

  /**
   * One cell of the matrix. A failure marks the operation whose answer broke the rule, not every
   * operation a flow touched: the flow's other operations are passed where they answered it,
   * not covered where it stopped before reaching them. Failed beats passed beats not covered.
   */
  cell(operationId: string, check: string): MatrixCell {
    const cells = this.entries.filter((entry) => entry.check === check).map((entry) => cellOf(entry, operationId));
    for (const status of ['failed', 'passed', 'not covered'] as const) {
      const found = cells.find((cell) => cell.status === status);
      if (found) return found;
    }
    return { status: 'n/a' };
  }

  /** Why checks were not covered, and what passing or failing ones could not cover: one line each. */
  notes(): { check: string; status: CheckStatus; note: string }[] {
    const seen = new Set<string>();
    return this.entries
      .filter((entry) => entry.note)
      .map(({ check, status, note }) => ({ check, status, note: note! }))
      .filter(({ check, status, note }) => !seen.has(`${check}${status}${note}`) && seen.add(`${check}${status}${note}`));
  }

  failures(): CheckResult[] {
    return this.entries.filter((entry) => entry.status === 'failed');
  }

  counts(): Record<CheckStatus, number> {
    const counts = { passed: 0, failed: 0, 'not covered': 0 };
    for (const entry of this.entries) counts[entry.status]++;
    return counts;
  }
}

function cellOf(entry: CheckResult, operationId: string): MatrixCell {
  const judged = entry.operations.includes(operationId);
  if (entry.status !== 'failed') return judged ? { status: entry.status, note: entry.note } : { status: 'n/a' };
  const culprits = entry.failures.filter((failure) => failure.operation === operationId);
  if (culprits.length > 0) return { status: 'failed', note: culprits[0]!.message };
  if (!judged) return { status: 'n/a' };
  if (entry.per === 'operation') return { status: 'failed', note: entry.failures[0]?.message };
  return entry.reached?.includes(operationId)
    ? { status: 'passed', note: `its answers held; the flow failed at ${entry.failures[0]?.operation ?? 'another step'}` }
    : { status: 'not covered', note: 'the flow failed before it reached this operation' };
}

export interface Coverage {
  operationId: string;
  documented: string[];
  observed: string[];
}

/** Which operations were exercised, and which of their documented statuses were seen. */
export function coverageOf(exchanges: readonly Exchange[]): Coverage[] {
  return OPERATIONS.map((operation) => {
    const seen = new Set(
      exchanges.filter((e) => e.operationId === operation.operationId && e.response).map((e) => String(e.response!.status)),
    );
    const documented = Object.keys(operation.responses);
    return { operationId: operation.operationId, documented, observed: documented.filter((status) => seen.has(status)) };
  });
}
