import { OPERATIONS } from 'coord-parking/contract';
import type { Check } from './check.ts';
import type { Exchange } from './exchange.ts';

/** `not covered`: the check could not run here (the target lacks what it needs, or time ran out); never a pass. */
export type CheckStatus = 'passed' | 'failed' | 'not covered';

/** One way a check found the contract broken: what was expected, what came instead, and the request. */
export interface Failure {
  message: string;
  expected: string;
  actual: string;
  exchange?: Exchange;
}

export interface CheckResult {
  check: string;
  /** The operations the check exercised (a flow spans several). */
  operations: string[];
  status: CheckStatus;
  failures: Failure[];
  /** Why a check was not covered, or a note on what a passing or failing one could not cover. */
  note?: string;
}

export interface MatrixCell {
  status: CheckStatus | 'n/a';
  note?: string;
}

/** Everything a run found, for the terminal matrix and the reports. */
export class Results {
  readonly entries: CheckResult[] = [];

  /** The checks of the run, named and described in every report. */
  constructor(readonly checks: readonly Pick<Check, 'name' | 'description'>[]) {}

  add(result: CheckResult): void {
    this.entries.push(result);
  }

  /** Every check of the run, in the suite's order, whether or not it got to run. */
  checkNames(): string[] {
    return this.checks.map((check) => check.name);
  }

  /** Failed beats passed beats not covered, when a check reported an operation more than once. */
  cell(operationId: string, check: string): MatrixCell {
    const entries = this.entries.filter((entry) => entry.check === check && entry.operations.includes(operationId));
    if (entries.length === 0) return { status: 'n/a' };
    for (const status of ['failed', 'passed', 'not covered'] as const) {
      const found = entries.find((entry) => entry.status === status);
      if (found) return { status, note: found.note };
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
