import type { OperationEntry, OperationId } from 'coord-parking/contract';
import type { Capability } from './capabilities.ts';
import type { Driver } from './drivers.ts';
import type { Failure } from './results.ts';
import type { RunContext } from './run-context.ts';

/**
 * One named check of `coord-parking verify`. Every check has this one shape: which operations
 * it judges, what the target must offer for it to apply, and one way to judge. The suites in
 * contract-tests/ are lists of these; the runner (src/verify) mounts whatever list it is given.
 */
export interface Check {
  /** snake_case, as Schemathesis names its checks; one name per rule, in every report. */
  name: string;
  /** What it asserts, in one sentence (the README's table, the reports). */
  description: string;
  /** What the target must offer; without it the check is "not covered" (see capabilities.ts). */
  needs: readonly Capability[];
  /**
   * `operation`: one verdict for each operation listed, from raw HTTP requests.
   * `flow`: one sequence over all of them, judged twice: as raw HTTP, then through this
   * package's typed client, so that the client is verified with the server.
   */
  per: 'operation' | 'flow';
  operations: readonly OperationId[];
  judge(scope: Scope): Promise<Verdict>;
}

export interface Scope {
  run: RunContext;
  /** The operations judged: the one at hand (per operation), or all the check lists (a flow). */
  operations: readonly [OperationEntry, ...OperationEntry[]];
  /** Who acts on the target: raw HTTP, or the typed client. */
  driver: Driver;
}

/** What a check found: no failures means it held; `note` says what it could not cover. */
export interface Verdict {
  failures: Failure[];
  note?: string;
}

/**
 * Thrown by a judge (or a driver under it) to stop at a failure that makes the rest moot,
 * such as a create that did not create; the runner turns it into the check's verdict.
 */
export class CheckFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}
