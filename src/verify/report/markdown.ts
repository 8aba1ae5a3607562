import { OPERATIONS } from 'coord-parking/contract';
import type { Exchange } from '../exchange.ts';
import { coverageOf, type Results } from '../results.ts';
import { describeFailure } from './failure-text.ts';
import { SYMBOLS } from './matrix.ts';

export interface ReportInput {
  results: Results;
  exchanges: readonly Exchange[];
  target: string;
  seed: number;
  startedAt: Date;
  durationMs: number;
}

export function markdownReport({ results, exchanges, target, seed, startedAt, durationMs }: ReportInput): string {
  const checks = results.checkNames();
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const matrix = [
    `| operation | ${checks.join(' | ')} |`,
    `| --- | ${checks.map(() => ':-:').join(' | ')} |`,
    ...OPERATIONS.map(
      (op) => `| ${op.operationId} | ${checks.map((check) => SYMBOLS[results.cell(op.operationId, check).status]).join(' | ')} |`,
    ),
  ];
  const failures = results
    .failures()
    .flatMap((result) => result.failures.map((failure) => fenced(describeFailure(result.check, result.operations, failure))));
  const notes = results.notes().map(({ check, status, note }) => `- ${SYMBOLS[status]} **${check}**: ${escape(note)}`);
  const coverage = coverageOf(exchanges).map(
    (c) => `| ${c.operationId} | ${c.documented.map((s) => (c.observed.includes(s) ? `**${s}**` : s)).join(' ')} |`,
  );
  const { passed, failed, 'not covered': notCovered } = results.counts();
  return [
    '# Contract verification',
    '',
    `Target: ${target} · seed ${seed} · ${startedAt.toISOString()} · ${(durationMs / 1000).toFixed(1)} s`,
    '',
    `**${passed} passed, ${failed} failed, ${notCovered} not covered**`,
    '',
    ...matrix,
    '',
    `${SYMBOLS.passed} passed · ${SYMBOLS.failed} failed · ${SYMBOLS['not covered']} not covered · ${SYMBOLS['n/a']} does not apply`,
    '',
    '## Checks',
    '',
    ...results.checks.map((c) => `- **${c.name}**: ${escape(c.description)}`),
    ...(notes.length ? ['', '## Not covered, and notes', '', ...notes] : []),
    ...(failures.length ? ['', '## Failures', '', ...failures] : []),
    '',
    '## Coverage (bold: observed)',
    '',
    '| operation | documented statuses |',
    '| --- | --- |',
    ...coverage,
    '',
  ].join('\n');
}

/**
 * A code block whose fence is longer than any run of backticks in the text, so nothing a
 * server sent can close it early (CommonMark: a fence closes only on one at least as long).
 */
export function fenced(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}
