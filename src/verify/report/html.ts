import { OPERATIONS } from 'coord-parking/contract';
import { coverageOf, type MatrixCell } from '../results.ts';
import { SYMBOLS } from './matrix.ts';
import type { ReportInput } from './markdown.ts';

/** One self-contained page (no scripts, no external assets): the matrix first, then each failure in full. */
export function htmlReport({ results, exchanges, target, seed, startedAt, durationMs }: ReportInput): string {
  const checks = results.checkNames();
  const { passed, failed, 'not covered': notCovered } = results.counts();
  const describe = new Map(results.checks.map((c) => [c.name, c.description]));
  const matrix = `<table class="matrix">
  <thead><tr><th>operation</th>${checks.map((check) => `<th title="${esc(describe.get(check) ?? '')}"><span>${esc(check)}</span></th>`).join('')}</tr></thead>
  <tbody>
${OPERATIONS.map(
  (op) =>
    `    <tr><th>${esc(op.operationId)}</th>${checks
      .map((check) => {
        const cell = results.cell(op.operationId, check);
        const link = cell.status === 'failed' ? ` href="#${anchor(check, op.operationId)}"` : '';
        return `<td class="${CELL_CLASS[cell.status]}" title="${esc(`${check} · ${op.operationId}: ${cell.status}${cell.note ? ` (${cell.note})` : ''}`)}"><a${link}>${SYMBOLS[cell.status]}</a></td>`;
      })
      .join('')}</tr>`,
).join('\n')}
  </tbody>
</table>`;
  const failures = results.failures().flatMap((result) =>
    result.failures.map((failure, index) => {
      const exchange = failure.exchange;
      const ids = result.operations.map((op) => (index === 0 ? ` id="${anchor(result.check, op)}"` : ''))[0] ?? '';
      return `<section class="failure"${ids}>
  <h3><code>${esc(result.check)}</code> · ${esc(result.operations.join(', '))}</h3>
  <p>${esc(failure.message)}</p>
  ${exchange ? `<p class="request"><b>Request</b> <code>${esc(`${exchange.request.method} ${exchange.request.url}`)}</code>${exchange.request.body ? `<pre>${esc(exchange.request.body.slice(0, 2000))}</pre>` : ''}</p>` : ''}
  <div class="diff"><div><b>Expected</b><pre>${esc(failure.expected)}</pre></div><div><b>Actual</b><pre>${esc(failure.actual.slice(0, 2000))}</pre></div></div>
  ${exchange ? `<p><b>Reproduce</b></p><pre class="curl">${esc(exchange.curl)}</pre>` : ''}
</section>`;
    }),
  );
  const notes = results.notes().map(({ check, status, note }) => `<li>${SYMBOLS[status]} <code>${esc(check)}</code>: ${esc(note)}</li>`);
  const coverage = coverageOf(exchanges)
    .map(
      (c) =>
        `<tr><th>${esc(c.operationId)}</th><td>${c.documented.map((s) => `<span class="${c.observed.includes(s) ? 'seen' : 'unseen'}">${s}</span>`).join(' ')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Contract verification: ${failed ? `${failed} failed` : 'all checks held'}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1d2433; }
  h1 { margin-bottom: .2rem; } .meta { color: #5b6478; margin-top: 0; }
  .summary span { display: inline-block; padding: .2rem .7rem; border-radius: 1rem; margin-right: .4rem; font-weight: 600; }
  .summary .passed { background: #dcf5e3; color: #136c2e; } .summary .failed { background: #fde2e1; color: #a4161a; } .summary .not-covered { background: #eceef3; color: #4b5363; }
  table.matrix { border-collapse: collapse; margin: 1.5rem 0; }
  table.matrix th, table.matrix td { border: 1px solid #d8dce5; padding: .3rem .5rem; text-align: center; }
  table.matrix tbody th { text-align: left; font-family: ui-monospace, monospace; font-weight: 500; }
  table.matrix thead th { vertical-align: bottom; height: 11rem; white-space: nowrap; }
  table.matrix thead th span { writing-mode: vertical-rl; transform: rotate(180deg); font: 500 13px ui-monospace, monospace; }
  td.passed { background: #e7f7ec; color: #136c2e; } td.failed { background: #fde2e1; color: #a4161a; font-weight: 700; }
  td.not-covered { background: #f3f4f7; color: #8a91a1; } td.na { color: #c3c8d2; }
  td a { color: inherit; text-decoration: none; }
  .failure { border-left: 4px solid #d62828; background: #fff7f7; padding: .5rem 1rem; margin: 1rem 0; }
  .diff { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
  pre { background: #f4f5f8; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; font-size: 13px; }
  .seen { font-weight: 700; color: #136c2e; } .unseen { color: #9aa1b0; }
  dt { font-family: ui-monospace, monospace; font-weight: 600; } dd { margin: 0 0 .5rem 1rem; color: #4b5363; }
</style>
</head>
<body>
<h1>Contract verification</h1>
<p class="meta">${esc(target)} · seed ${seed} · ${esc(startedAt.toISOString())} · ${(durationMs / 1000).toFixed(1)} s</p>
<p class="summary"><span class="passed">${passed} passed</span><span class="failed">${failed} failed</span><span class="not-covered">${notCovered} not covered</span></p>
${matrix}
<p>${SYMBOLS.passed} passed · ${SYMBOLS.failed} failed (click for details) · ${SYMBOLS['not covered']} not covered · ${SYMBOLS['n/a']} does not apply</p>
${failures.length ? `<h2>Failures</h2>\n${failures.join('\n')}` : '<h2>No failures</h2>'}
${notes.length ? `<h2>Not covered, and notes</h2><ul>${notes.join('')}</ul>` : ''}
<h2>Coverage</h2>
<p>Documented statuses per operation; bold ones were observed.</p>
<table>${coverage}</table>
<h2>Checks</h2>
<dl>${results.checks.map((c) => `<dt>${esc(c.name)}</dt><dd>${esc(c.description)}</dd>`).join('')}</dl>
</body>
</html>
`;
}

const CELL_CLASS: Record<MatrixCell['status'], string> = { passed: 'passed', failed: 'failed', 'not covered': 'not-covered', 'n/a': 'na' };

function anchor(check: string, operationId: string): string {
  return `failure-${check}-${operationId}`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}
