import { OPERATIONS, operations, type OperationEntry, type OperationId } from 'coord-parking/contract';
import { missingCapability, type Capability } from './capabilities.ts';
import { FLOW_DRIVERS, type Check, type Creation } from './check.ts';
import { closest } from './did-you-mean.ts';
import { UsageError } from './errors.ts';
import type { VerifyOptions } from './option-table.ts';

/** What the user chose to run, named as Schemathesis names it. */
export type Selection = Pick<VerifyOptions, 'checks' | 'excludeChecks' | 'includeOperationIds' | 'excludeOperationIds'>;

/** One test of the run: a check on one operation, or a flow over all of its own. */
export interface Unit {
  check: Check;
  /** The operations it judges. */
  operations: readonly [OperationEntry, ...OperationEntry[]];
  /** `check — operation`, or `check (operation, …)` for a flow: mocha's title and the JUnit test case's name. */
  title: string;
}

export interface Plan {
  units: Unit[];
  /** The operations no request may go to. */
  excludedOperations: ReadonlySet<string>;
  /** Checks the selection leaves out whole (beyond those not asked for), and why. */
  leftOut: { check: string; reason: string }[];
}

const OPERATION_IDS = OPERATIONS.map((operation) => operation.operationId);

/**
 * The tests a selection runs, in the suite's order. `--checks` and `--exclude-checks` choose
 * checks; `--include-operation-id` and `--exclude-operation-id` choose the operations verify
 * may send requests to: a check runs on a selected operation only where every operation it
 * sends to is selected too, and a flow only where all of its are. An unknown name is a
 * UsageError with the name it most likely meant.
 */
export function planRun(checks: readonly Check[], selection: Selection = {}): Plan {
  const names = checks.map((check) => check.name);
  // Every unknown name at once, each with the name it most likely meant.
  const problems = [
    unknownNames(
      '--checks',
      selection.checks?.filter((name) => name !== 'all'),
      names,
    ),
    unknownNames('--exclude-checks', selection.excludeChecks, names),
    unknownNames('--include-operation-id', selection.includeOperationIds, OPERATION_IDS),
    unknownNames('--exclude-operation-id', selection.excludeOperationIds, OPERATION_IDS),
  ].filter((problem) => problem !== undefined);
  if (problems.length) throw new UsageError(problems.join('\n'));

  const asked = selection.checks?.length && !selection.checks.includes('all') ? new Set(selection.checks) : undefined;
  const chosen = checks.filter((check) => (!asked || asked.has(check.name)) && !selection.excludeChecks?.includes(check.name));
  const included = new Set(selection.includeOperationIds?.length ? selection.includeOperationIds : OPERATION_IDS);
  const excludedOperations = new Set(OPERATION_IDS.filter((id) => !included.has(id) || selection.excludeOperationIds?.includes(id)));

  const units: Unit[] = [];
  const leftOut: Plan['leftOut'] = [];
  for (const check of chosen) {
    const blocked = (check.uses ?? []).filter((id) => excludedOperations.has(id));
    const judged = check.operations.filter((id) => !excludedOperations.has(id));
    const flowBlocked = check.per === 'flow' ? check.operations.filter((id) => excludedOperations.has(id)) : [];
    const sendsExcluded = [...flowBlocked, ...blocked];
    if (sendsExcluded.length > 0 || judged.length === 0) {
      leftOut.push({
        check: check.name,
        reason:
          sendsExcluded.length > 0
            ? `sends requests to ${sendsExcluded.join(', ')}, which the selection leaves out`
            : 'none of its operations is selected',
      });
      continue;
    }
    units.push(...unitsOf(check, judged));
  }
  if (units.length === 0)
    throw new UsageError('the selection leaves no check to run (coord-parking verify --list shows what each option keeps)');
  return { units, excludedOperations, leftOut };
}

/** Every test of a list of checks, with nothing left out. */
export function allUnits(checks: readonly Check[]): Unit[] {
  return checks.flatMap((check) => unitsOf(check, check.operations));
}

function unitsOf(check: Check, judged: readonly OperationId[]): Unit[] {
  const [first, ...rest] = judged.map((id) => operations[id] as OperationEntry);
  if (!first) throw new Error(`check ${check.name} names no operation`);
  if (check.per === 'flow') return [{ check, operations: [first, ...rest], title: `${check.name} (${judged.join(', ')})` }];
  return [first, ...rest].map((operation) => ({ check, operations: [operation], title: `${check.name} — ${operation.operationId}` }));
}

/** Sessions of one user at one location, as `--list` and the run's summary count them. */
export interface SessionCount {
  user: Creation['user'];
  at: Creation['at'];
  sessions: number;
}

/**
 * The sessions the units create on a target with these capabilities, on a server that honours
 * the contract: each unit that applies, times its judgings (a flow's drivers), summed per user
 * and location.
 */
export function plannedSessions(units: readonly Unit[], capabilities: ReadonlySet<Capability>): SessionCount[] {
  const counts = new Map<string, SessionCount>();
  for (const { check } of units) {
    if (missingCapability(capabilities, check.needs)) continue;
    const judgings = check.per === 'flow' ? FLOW_DRIVERS.length : 1;
    for (const creation of check.creates ?? []) {
      if (creation.when && !capabilities.has(creation.when)) continue;
      if (creation.at === 'gated location' && !capabilities.has('gated location')) continue;
      const key = `${creation.user} ${creation.at}`;
      const count = counts.get(key) ?? { user: creation.user, at: creation.at, sessions: 0 };
      count.sessions += creation.sessions * judgings;
      counts.set(key, count);
    }
  }
  return [...counts.values()];
}

function unknownNames(flag: string, given: readonly string[] | undefined, known: readonly string[]): string | undefined {
  const unknown = (given ?? []).filter((name) => !known.includes(name));
  if (unknown.length === 0) return undefined;
  const kind = flag.includes('operation') ? 'operation' : 'check';
  const problems = unknown.map((name) => {
    // A check given as an operation, or the other way round, is a mistake of flag rather than of spelling.
    const otherKind = kind === 'check' ? OPERATION_IDS.includes(name) && 'an operation: --include-operation-id' : undefined;
    const match = closest(name, known);
    const hint = otherKind ? ` (it is ${otherKind})` : match ? ` (did you mean ${match}?)` : '';
    return `${flag}: no ${kind} is named ${name}${hint}`;
  });
  return `${problems.join('\n')}\n${kind === 'check' ? 'Checks' : 'Operations'}: ${known.join(', ')}`;
}
