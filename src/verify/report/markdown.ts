import { OPERATIONS } from 'coord-parking/contract';
import { coverageOf } from '../results.ts';
import { describeFailure } from './failure-text.ts';
import { SYMBOLS } from './matrix.ts';
import { rootCauses } from './root-causes.ts';
import { sessionLines, verdictLine, type RunRecord } from './run-record.ts';

/** Occurrences of a root cause described beyond the first. */
const MORE_SHOWN = 3;

/** The report for a pull request comment or a wiki: the verdict, the matrix, each root cause with its first failure in full. */
export function markdownReport(record: RunRecord): string {
  const { results } = record;
  const checks = results.checkNames();
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const head = [
    '# Contract verification',
    '',
    `Target: ${record.target.description} · seed ${record.seed} · ${record.started.toISOString()} · ${(record.durationMs / 1000).toFixed(1)} s · ${record.version}`,
    '',
    `**${verdictLine(record)}**`,
    '',
  ];
  if (record.outcome === 'could not run') return head.join('\n');
  const matrix = [
    `| operation | ${checks.join(' | ')} |`,
    `| --- | ${checks.map(() => ':-:').join(' | ')} |`,
    ...OPERATIONS.map(
      (op) => `| ${op.operationId} | ${checks.map((check) => SYMBOLS[results.cell(op.operationId, check).status]).join(' | ')} |`,
    ),
  ];
  const causes = rootCauses(results).map((cause, index) => {
    const [first, ...others] = cause.occurrences;
    const more = others.slice(0, MORE_SHOWN).map(({ result, failure }) => fenced(describeFailure(result, failure)));
    return [
      `### ${index + 1}. ${cause.check}${cause.occurrences.length > 1 ? ` × ${cause.occurrences.length}` : ''} (${cause.operations.join(', ')})`,
      '',
      fenced(describeFailure(first!.result, first!.failure)),
      ...(more.length
        ? [
            '',
            `Also seen ${others.length} more time${others.length === 1 ? '' : 's'}${others.length > MORE_SHOWN ? ` (the first ${MORE_SHOWN} below; all in the JSON report)` : ''}:`,
            '',
            ...more,
          ]
        : []),
      '',
    ].join('\n');
  });
  const notes = results.notes().map(({ check, status, note }) => `- ${SYMBOLS[status]} **${check}**: ${escape(note)}`);
  const coverage = coverageOf(record.exchanges).map(
    (c) => `| ${c.operationId} | ${c.documented.map((s) => (c.observed.includes(s) ? `**${s}**` : s)).join(' ')} |`,
  );
  const { passed, failed, 'not covered': notCovered } = results.counts();
  return [
    ...head,
    `${passed} passed, ${failed} failed, ${notCovered} not covered`,
    '',
    ...(record.sessions ? [...sessionLines(record.sessions).map((line) => `- ${escape(line.trim())}`), ''] : []),
    ...matrix,
    '',
    `${SYMBOLS.passed} passed · ${SYMBOLS.failed} failed (the operation whose answer broke the rule) · ${SYMBOLS['not covered']} not covered · ${SYMBOLS['n/a']} does not apply`,
    '',
    ...(causes.length ? ['## Failures, by root cause', '', ...causes] : []),
    ...(notes.length ? ['## Not covered, and notes', '', ...notes, ''] : []),
    '## Checks',
    '',
    ...results.checks.map((c) => `- **${c.name}**: ${escape(c.description)}`),
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
