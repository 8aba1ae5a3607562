import { OPERATIONS } from 'coord-parking/contract';
import { CHECK_CATALOGUE } from '../checks/registry.ts';
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
    .flatMap((result) =>
      result.failures.map((failure) => ['```text', describeFailure(result.check, result.operations, failure), '```'].join('\n')),
    );
  const notes = results.notes().map(({ check, status, note }) => `- ${SYMBOLS[status]} **${check}**: ${escape(note)}`);
  const coverage = coverageOf(exchanges).map(
    (c) => `| ${c.operationId} | ${c.documented.map((s) => (c.observed.includes(s) ? `**${s}**` : s)).join(' ')} |`,
  );
  const { passed, failed, skipped: skipCount } = results.counts();
  return [
    '# Contract verification',
    '',
    `Target: ${target} · seed ${seed} · ${startedAt.toISOString()} · ${(durationMs / 1000).toFixed(1)} s`,
    '',
    `**${passed} passed, ${failed} failed, ${skipCount} skipped**`,
    '',
    ...matrix,
    '',
    `${SYMBOLS.passed} passed · ${SYMBOLS.failed} failed · ${SYMBOLS.skipped} skipped · ${SYMBOLS['n/a']} does not apply`,
    '',
    '## Checks',
    '',
    ...CHECK_CATALOGUE.filter((c) => checks.includes(c.name)).map((c) => `- **${c.name}** (${c.kind}): ${c.description}`),
    ...(notes.length ? ['', '## Skipped, and notes', '', ...notes] : []),
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
