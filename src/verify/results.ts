import { OPERATIONS } from 'coord-parking/contract';
import type { Exchange } from './exchange.ts';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

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
  /** Why a check was skipped, or a note on what a passing check could not cover. */
  note?: string;
}

export interface MatrixCell {
  status: CheckStatus | 'n/a';
  note?: string;
}

/** Everything a run found, for the terminal matrix and the reports. */
export class Results {
  readonly entries: CheckResult[] = [];

  add(result: CheckResult): void {
    this.entries.push(result);
  }

  /** The checks that ran or were skipped, in the order they were reported. */
  checkNames(): string[] {
    return [...new Set(this.entries.map((entry) => entry.check))];
  }

  /** Failed beats passed beats skipped, when a check reported an operation more than once. */
  cell(operationId: string, check: string): MatrixCell {
    const entries = this.entries.filter((entry) => entry.check === check && entry.operations.includes(operationId));
    if (entries.length === 0) return { status: 'n/a' };
    for (const status of ['failed', 'passed', 'skipped'] as const) {
      const found = entries.find((entry) => entry.status === status);
      if (found) return { status, note: found.note };
    }
    return { status: 'n/a' };
  }

  /** Why checks were skipped, and what passing or failing ones could not cover: one line each. */
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
    const counts = { passed: 0, failed: 0, skipped: 0 };
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
