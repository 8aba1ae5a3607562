import { OPERATIONS } from 'coord-parking/contract';
import type { Exchange } from '../exchange.ts';
import { coverageOf, type MatrixCell } from '../results.ts';
import { failingStep } from './failure-text.ts';
import { SYMBOLS } from './matrix.ts';
import { rootCauses, type RootCause } from './root-causes.ts';
import { sessionLines, verdictLine, type RunRecord } from './run-record.ts';

/** How much of a body a card shows; the JSON report has more. */
const BODY_SHOWN = 2_000;
/** Occurrences of a root cause shown beyond the first. */
const MORE_SHOWN = 3;

/**
 * One self-contained page (no scripts, no external assets) for a person: the verdict, the
 * matrix (each ✘ links to the card of its failure), then one card per root cause with the
 * answer that broke the rule, the request and a curl, then what was not covered, the coverage
 * and what each check asserts.
 */
export function htmlReport(record: RunRecord): string {
  const { results } = record;
  const checks = results.checkNames();
  const { passed, failed, 'not covered': notCovered } = results.counts();
  const describe = new Map(results.checks.map((check) => [check.name, check.description]));
  const causes = rootCauses(results);
  /** The card of the first failure of `check` whose broken answer came from `operationId`. */
  const cardOf = (check: string, operationId: string) =>
    causes.findIndex((cause) => cause.check === check && cause.operations.includes(operationId));

  const matrix = `<table class="matrix">
  <thead><tr><th class="corner">operation \\ check</th>${checks
    .map((check) => `<th title="${esc(describe.get(check) ?? '')}"><a href="#check-${esc(check)}"><span>${esc(check)}</span></a></th>`)
    .join('')}</tr></thead>
  <tbody>
${OPERATIONS.map(
  (op) =>
    `    <tr><th>${esc(op.operationId)}</th>${checks
      .map((check) => {
        const cell = results.cell(op.operationId, check);
        const title = esc(`${check} · ${op.operationId}: ${cell.status}${cell.note ? ` — ${cell.note}` : ''}`);
        const card = cell.status === 'failed' ? cardOf(check, op.operationId) : -1;
        const symbol = card >= 0 ? `<a href="#cause-${card + 1}">${SYMBOLS.failed}</a>` : SYMBOLS[cell.status];
        return `<td class="${CELL_CLASS[cell.status]}" title="${title}">${symbol}</td>`;
      })
      .join('')}</tr>`,
).join('\n')}
  </tbody>
</table>`;

  const cards = causes.map((cause, index) => card(cause, index + 1, describe.get(cause.check) ?? ''));
  const failureCount = causes.reduce((sum, cause) => sum + cause.occurrences.length, 0);
  const notes = results.notes().map(({ check, status, note }) => `<li>${SYMBOLS[status]} <code>${esc(check)}</code>: ${esc(note)}</li>`);
  const coverage = coverageOf(record.exchanges)
    .map(
      (c) =>
        `<tr><th>${esc(c.operationId)}</th><td>${c.documented.map((s) => `<span class="${c.observed.includes(s) ? 'seen' : 'unseen'}">${s}</span>`).join(' ')}</td></tr>`,
    )
    .join('\n');
  const sessions = record.sessions ? sessionLines(record.sessions) : [];
  const verdictClass = record.outcome === 'held' ? 'held' : record.outcome === 'broken' ? 'broken' : 'none';
  const title =
    record.outcome === 'held'
      ? 'all checks held'
      : record.outcome === 'broken'
        ? `${failed} failed`
        : record.outcome === 'could not run'
          ? 'could not run'
          : 'no verdict';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contract verification: ${esc(title)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 1240px; padding: 0 1rem; color: #1d2433; }
  h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #e3e6ec; padding-bottom: .2rem; }
  .meta { color: #5b6478; margin-top: 0; }
  .verdict { font-size: 1.15rem; font-weight: 650; padding: .5rem .9rem; border-radius: .4rem; display: inline-block; margin: .4rem 0; }
  .verdict.held { background: #dcf5e3; color: #136c2e; } .verdict.broken { background: #fde2e1; color: #a4161a; } .verdict.none { background: #fff1cc; color: #7a5300; }
  .summary span { display: inline-block; padding: .15rem .7rem; border-radius: 1rem; margin-right: .4rem; font-weight: 600; }
  .summary .passed { background: #dcf5e3; color: #136c2e; } .summary .failed { background: #fde2e1; color: #a4161a; } .summary .not-covered { background: #eceef3; color: #4b5363; }
  .sessions { color: #3c4454; } .sessions li { font-family: ui-monospace, monospace; font-size: 13px; }
  .matrix-wrap { overflow-x: auto; }
  table.matrix { border-collapse: collapse; margin: 1.2rem 0 .4rem; }
  table.matrix th, table.matrix td { border: 1px solid #d8dce5; padding: .25rem .45rem; text-align: center; }
  table.matrix tbody th { text-align: left; font-family: ui-monospace, monospace; font-weight: 500; white-space: nowrap; }
  table.matrix thead th { vertical-align: bottom; height: 12.5rem; white-space: nowrap; }
  table.matrix thead th.corner { text-align: left; font-weight: 500; color: #5b6478; }
  table.matrix thead th span { writing-mode: vertical-rl; transform: rotate(180deg); font: 500 13px ui-monospace, monospace; }
  table.matrix thead th a { color: inherit; text-decoration: none; } table.matrix thead th a:hover { text-decoration: underline; }
  td.passed { background: #e7f7ec; color: #136c2e; } td.failed { background: #fde2e1; color: #a4161a; font-weight: 700; }
  td.not-covered { background: #f3f4f7; color: #8a91a1; } td.na { color: #c3c8d2; }
  td.failed a { color: inherit; text-decoration: none; display: block; } td.failed a:hover { outline: 2px solid #a4161a; }
  .legend { color: #5b6478; font-size: 14px; }
  .cause { border: 1px solid #f1c4c2; border-left: 5px solid #d62828; background: #fffafa; padding: .6rem 1.1rem 1rem; margin: 1.2rem 0; border-radius: .3rem; scroll-margin-top: 1rem; }
  .cause:target { box-shadow: 0 0 0 3px #f4a3a0; }
  .cause h3 { margin: .3rem 0 .2rem; font-size: 1.05rem; } .cause h3 .count { color: #a4161a; margin-left: .4rem; }
  .cause .where { color: #5b6478; margin: 0 0 .5rem; font-size: 14px; }
  .cause .message { font-weight: 600; margin: .4rem 0; white-space: pre-line; overflow-wrap: anywhere; }
  .label { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #6b7385; margin: .7rem 0 .2rem; }
  .diff { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
  pre { background: #f4f5f8; padding: .5rem .6rem; margin: 0; overflow-x: auto; white-space: pre-wrap; word-break: break-all; font-size: 13px; border-radius: .25rem; }
  pre.response { background: #fff0ef; border: 1px solid #f6d0cd; }
  .status { font-family: ui-monospace, monospace; font-weight: 700; }
  .more { margin: .6rem 0 0; padding-left: 1.2rem; font-size: 14px; } .more li { margin: .3rem 0; } .more code { word-break: break-all; }
  .seen { font-weight: 700; color: #136c2e; } .unseen { color: #9aa1b0; }
  dl.checks dt { font-family: ui-monospace, monospace; font-weight: 600; scroll-margin-top: 1rem; } dl.checks dt:target { background: #fff1cc; }
  dl.checks dd { margin: 0 0 .5rem 1rem; color: #4b5363; }
</style>
</head>
<body>
<h1>Contract verification</h1>
<p class="meta">${esc(record.target.description)} · seed ${record.seed} · ${esc(record.started.toISOString())} · ${(record.durationMs / 1000).toFixed(1)} s · ${esc(record.version)}</p>
<p class="verdict ${verdictClass}">${esc(verdictLine(record))}</p>
${record.outcome === 'could not run' ? '' : `<p class="summary"><span class="passed">${passed} passed</span><span class="failed">${failed} failed</span><span class="not-covered">${notCovered} not covered</span></p>`}
${sessions.length ? `<ul class="sessions">${sessions.map((line) => `<li>${esc(line.trim())}</li>`).join('')}</ul>` : ''}
${
  record.outcome === 'could not run'
    ? ''
    : `<div class="matrix-wrap">${matrix}</div>
<p class="legend">${SYMBOLS.passed} passed · ${SYMBOLS.failed} failed: the operation whose answer broke the rule (click for the failure) · ${SYMBOLS['not covered']} not covered · ${SYMBOLS['n/a']} does not apply. Hover a cell for details; a column's name leads to what the check asserts.</p>
${cards.length ? `<h2>Failures: ${failureCount} in ${cards.length} root cause${cards.length === 1 ? '' : 's'}</h2>\n${cards.join('\n')}` : '<h2>No failures</h2>'}
${notes.length ? `<h2>Not covered, and notes</h2><ul>${notes.join('')}</ul>` : ''}
<h2>Coverage</h2>
<p>Documented statuses per operation; bold ones were observed.</p>
<table>${coverage}</table>
<h2>Checks</h2>
<dl class="checks">${results.checks.map((c) => `<dt id="check-${esc(c.name)}">${esc(c.name)}</dt><dd>${esc(c.description)}</dd>`).join('')}</dl>`
}
</body>
</html>
`;
}

/** One root cause: the first failure in full (the answer, the request, a curl), then where else it showed. */
function card(cause: RootCause, number: number, description: string): string {
  const [first, ...others] = cause.occurrences;
  const { result, failure } = first!;
  const exchange = failure.exchange;
  const count = cause.occurrences.length;
  const more = others
    .slice(0, MORE_SHOWN)
    .map(
      ({ failure: other }) =>
        `<li><code>${esc(other.operation ?? '')}</code>${other.driver ? ` (${other.driver === 'http' ? 'raw HTTP' : 'typed client'})` : ''}: ${
          other.exchange
            ? `<code>${esc(`${other.exchange.request.method} ${other.exchange.request.url}`)}</code> → <span class="status">${esc(statusOf(other.exchange))}</span>`
            : esc(other.message)
        }${other.message !== failure.message ? ` — ${esc(other.message)}` : ''}</li>`,
    );
  if (others.length > MORE_SHOWN) more.push(`<li>and ${others.length - MORE_SHOWN} more (all in the JSON report)</li>`);
  return `<section class="cause" id="cause-${number}">
  <h3><a href="#check-${esc(cause.check)}"><code>${esc(cause.check)}</code></a>${count > 1 ? `<span class="count">× ${count}</span>` : ''}</h3>
  <p class="where">${result.per === 'flow' ? 'flow' : 'operation'}${cause.operations.length > 1 ? 's' : ''}: ${cause.operations.map((op) => `<code>${esc(op)}</code>`).join(', ')} · ${esc(description)}</p>
  <p class="message">${esc(failure.message)}</p>
  ${failure.driver ? `<p><b>Failing step:</b> ${esc(failingStep(failure))}</p>` : ''}
  <div class="diff"><div><div class="label">Expected</div><pre>${esc(failure.expected)}</pre></div><div><div class="label">Actual</div><pre>${esc(cut(failure.actual))}</pre></div></div>
  ${responseBlock(exchange)}
  ${
    exchange
      ? `<div class="label">Request</div><pre>${esc(`${exchange.request.method} ${exchange.request.url}`)}${exchange.request.body ? `\n\n${esc(cut(exchange.request.body))}` : ''}</pre>
  <div class="label">Reproduce</div><pre class="curl">${esc(exchange.curl)}</pre>`
      : ''
  }
  ${more.length ? `<div class="label">Also seen ${others.length} more time${others.length === 1 ? '' : 's'}</div><ul class="more">${more.join('')}</ul>` : ''}
</section>`;
}

/** The answer that broke the rule, trimmed and escaped; or why there was none. */
function responseBlock(exchange: Exchange | undefined): string {
  if (!exchange) return '<div class="label">Response</div><pre class="response">(no request: the check failed before sending one)</pre>';
  const response = exchange.response;
  if (!response) return `<div class="label">Response</div><pre class="response">none: ${esc(exchange.error ?? 'no answer')}</pre>`;
  const headers = ['content-type', 'allow', 'www-authenticate', 'retry-after', 'location']
    .filter((name) => response.headers[name] !== undefined)
    .map((name) => `${name}: ${response.headers[name]}`);
  return `<div class="label">Response that broke the rule</div><pre class="response"><span class="status">${esc(statusOf(exchange))}</span>${
    headers.length ? `\n${esc(headers.join('\n'))}` : ''
  }${response.text ? `\n\n${esc(cut(response.text))}` : '\n\n(empty body)'}</pre>`;
}

function statusOf(exchange: Exchange): string {
  return exchange.response ? `${exchange.response.status} ${exchange.response.mediaType || '(no content type)'}` : 'no answer';
}

function cut(text: string): string {
  return text.length > BODY_SHOWN ? `${text.slice(0, BODY_SHOWN)}… (${text.length - BODY_SHOWN} more characters)` : text;
}

const CELL_CLASS: Record<MatrixCell['status'], string> = { passed: 'passed', failed: 'failed', 'not covered': 'not-covered', 'n/a': 'na' };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}
