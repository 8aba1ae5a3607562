import { OPERATIONS } from 'coord-parking/contract';
import { coverageOf, type MatrixCell, type Results } from '../results.ts';
import type { Exchange } from '../exchange.ts';

export const SYMBOLS: Record<MatrixCell['status'], string> = { passed: '✔', failed: '✘', 'not covered': '–', 'n/a': '·' };

/** The run's outcome as rows (operations) × columns (checks), plus skips and coverage: plain text. */
export function matrixText(results: Results, exchanges: readonly Exchange[]): string {
  const checks = results.checkNames();
  const idWidth = Math.max(...OPERATIONS.map((op) => op.operationId.length));
  // Column headers are numbered; the legend below names them (names are too long for columns).
  const header = `${'operation'.padEnd(idWidth)}  ${checks.map((_, i) => String(i + 1).padStart(2)).join(' ')}`;
  const rows = OPERATIONS.map(
    (op) =>
      `${op.operationId.padEnd(idWidth)}  ${checks.map((check) => SYMBOLS[results.cell(op.operationId, check).status].padStart(2)).join(' ')}`,
  );
  const legend = checks.map((check, i) => `${String(i + 1).padStart(3)}  ${check}`);
  const noteLines = results.notes().map(({ check, status, note }) => `  ${SYMBOLS[status]} ${check}: ${note}`);
  const coverage = coverageOf(exchanges);
  const seenOps = coverage.filter((c) => c.observed.length > 0).length;
  const documented = coverage.reduce((sum, c) => sum + c.documented.length, 0);
  const observed = coverage.reduce((sum, c) => sum + c.observed.length, 0);
  const coverageLines = coverage.map(
    (c) =>
      `  ${c.operationId.padEnd(idWidth)}  ${c.documented.map((status) => (c.observed.includes(status) ? status : `(${status})`)).join(' ')}`,
  );
  const { passed, failed, 'not covered': notCovered } = results.counts();
  return [
    header,
    ...rows,
    '',
    `${SYMBOLS.passed} passed  ${SYMBOLS.failed} failed  ${SYMBOLS['not covered']} not covered  ${SYMBOLS['n/a']} does not apply`,
    ...legend,
    ...(noteLines.length ? ['', 'Not covered, and notes:', ...noteLines] : []),
    '',
    `Coverage: ${seenOps}/${OPERATIONS.length} operations, ${observed}/${documented} documented statuses observed ((…) = not seen)`,
    ...coverageLines,
    '',
    `${passed} passed, ${failed} failed, ${notCovered} not covered`,
  ].join('\n');
}
