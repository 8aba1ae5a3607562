import { missingCapability, WITHOUT, type Capability } from '../capabilities.ts';
import { OPERATIONS } from 'coord-parking/contract';
import { FLOW_DRIVERS, type Check } from '../check.ts';
import { plannedSessions, type Plan } from '../selection.ts';

export interface PlanContext {
  /** Every check of the suite, to say which the selection left out. */
  checks: readonly Check[];
  capabilities: ReadonlySet<Capability>;
  target: string;
  locationId: string;
  gatedLocationId: string | undefined;
}

/**
 * What `--list` prints: each check that would run, on which operations, and the sessions it
 * would make; those that would be reported not covered here, and why; those the selection
 * leaves out; and the sessions the run would make in all, on a server that honours the contract.
 */
export function planText(plan: Plan, { checks, capabilities, target, locationId, gatedLocationId }: PlanContext): string {
  const place = (at: 'location' | 'gated location') => (at === 'location' ? locationId : (gatedLocationId ?? 'the gated location'));
  const running = checks.filter((check) => plan.units.some((unit) => unit.check === check));
  const covered = running.filter((check) => !missingCapability(capabilities, check.needs));
  const notCovered = running.filter((check) => missingCapability(capabilities, check.needs));
  const rows = covered.map((check) => {
    const judged = [
      ...new Set(plan.units.filter((unit) => unit.check === check).flatMap((unit) => unit.operations.map((op) => op.operationId))),
    ];
    const how = check.per === 'flow' ? `flow, ×${FLOW_DRIVERS.length}` : `each of ${judged.length}`;
    const sessions = plannedSessions(
      plan.units.filter((unit) => unit.check === check),
      capabilities,
    ).map(({ user, at, sessions: count }) => `${count} × ${user} at ${place(at)}`);
    return [check.name, how, operationsText(judged), sessions.join('; ')];
  });
  const tests = plan.units.filter((unit) => covered.includes(unit.check)).length;
  const widths = [0, 1, 2].map((column) =>
    Math.max(...rows.map((row) => row[column]!.length), ['check', 'runs', 'operations'][column]!.length),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell))
      .join('  ')
      .trimEnd();
  const totals = plannedSessions(plan.units, capabilities);
  const out = [
    `coord-parking verify --list: target ${target}; nothing is sent.`,
    '',
    `${plural(tests, 'test')} of ${plural(covered.length, 'check')} would run (a flow runs twice: raw HTTP, then the typed client):`,
    '',
    line(['check', 'runs', 'operations', 'sessions it makes']),
    ...rows.map(line),
  ];
  if (notCovered.length) {
    out.push('', 'Not covered on this target (reported –, never passed):');
    for (const check of notCovered) out.push(`  ${check.name}: ${WITHOUT[missingCapability(capabilities, check.needs)!]}`);
  }
  const notAsked = checks.filter((check) => !running.includes(check) && !plan.leftOut.some((left) => left.check === check.name));
  if (plan.leftOut.length || notAsked.length) {
    out.push('', 'Left out by the selection:');
    for (const { check, reason } of plan.leftOut) out.push(`  ${check}: ${reason}`);
    if (notAsked.length) out.push(`  not asked for (--checks, --exclude-checks): ${notAsked.map((check) => check.name).join(', ')}`);
  }
  if (plan.excludedOperations.size) out.push('', `No request goes to: ${[...plan.excludedOperations].join(', ')}.`);
  out.push(
    '',
    totals.length === 0
      ? 'Sessions: the run makes none on the server.'
      : `Sessions the run makes on the server, on one that honours the contract; verify ends or redeems each before it exits:`,
  );
  for (const { user, at, sessions } of totals) out.push(`  ${String(sessions).padStart(4)}  ${user} at ${place(at)}`);
  return `${out.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The operations a check judges, short: "all 7", "all but create_barcode", or their names. */
function operationsText(judged: readonly string[]): string {
  const all = OPERATIONS.map((operation) => operation.operationId as string);
  if (judged.length === all.length) return `all ${all.length}`;
  const missing = all.filter((id) => !judged.includes(id));
  return missing.length < judged.length - 1 ? `all but ${missing.join(', ')}` : judged.join(', ');
}
