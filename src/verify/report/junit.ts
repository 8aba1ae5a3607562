import { hostname } from 'node:os';
import { describeFailure } from './failure-text.ts';
import type { RunRecord } from './run-record.ts';

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters): one test case per
 * test of the run, named by its check (classname) and title; `failures` counts the `<failure>`
 * elements (one per failed test, its message the first failure, its text all of them),
 * `skipped` the not-covered tests, each with the reason as its message, and `errors` only a
 * run that could not happen (one `<error>` test case). Timestamps are ISO 8601; the seed, the
 * target and the version are `<properties>`. No `file`: these tests come from no file of the
 * user's tree.
 */
export function junitReport(record: RunRecord): string {
  const { results } = record;
  const byTitle = new Map(results.entries.map((entry) => [entry.title, entry]));
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  let errors = 0;
  if (record.outcome === 'could not run') {
    errors = 1;
    const message = record.error ?? 'the run could not happen';
    cases.push(
      `    <testcase classname="coord-parking verify" name="the run could not happen" time="0">\n      <error message="${attribute(message)}" type="CannotRun">${text(message)}</error>\n    </testcase>`,
    );
  } else {
    for (const unit of results.units) {
      const entry = byTitle.get(unit.title);
      const open = `    <testcase classname="${attribute(unit.check.name)}" name="${attribute(unit.title)}" time="${seconds(entry?.durationMs ?? 0)}"`;
      if (!entry || entry.status === 'not covered') {
        skipped++;
        cases.push(`${open}>\n      <skipped message="${attribute(entry?.note ?? 'not run')}"/>\n    </testcase>`);
      } else if (entry.status === 'failed') {
        failures++;
        const [first, ...more] = entry.failures;
        const message = `${first?.message ?? 'failed'}${more.length ? ` (and ${more.length} more)` : ''}`;
        const details = entry.failures.map((failure) => describeFailure(entry, failure)).join('\n\n');
        cases.push(
          `${open}>\n      <failure message="${attribute(oneLine(message))}" type="${attribute(first?.operation ?? unit.check.name)}">${text(details)}</failure>\n    </testcase>`,
        );
      } else {
        cases.push(`${open}/>`);
      }
    }
  }
  const tests = cases.length;
  const timestamp = record.started.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(record.durationMs)}" timestamp="${timestamp}"`;
  const properties = [
    ['seed', String(record.seed)],
    ['target', record.target.description],
    ['target.kind', record.target.kind],
    ['version', record.version],
    ['outcome', record.outcome],
    ...(record.stoppedBy ? [['stopped by', record.stoppedBy]] : []),
  ]
    .map(([name, value]) => `      <property name="${attribute(name!)}" value="${attribute(value!)}"/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="coord-parking verify" ${counts}>
  <testsuite name="Coord Parking contract (${attribute(record.target.kind)})" ${counts} hostname="${attribute(hostname())}">
    <properties>
${properties}
    </properties>
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function oneLine(message: string, max = 500): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** What XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE/F), whatever a server sent. */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
