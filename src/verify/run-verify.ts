import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import type { Check } from './check.ts';
import type { Exchange } from './exchange.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { mountChecks } from './mount.ts';
import type { VerifyOptions } from './options.ts';
import { preflight } from './preflight.ts';
import { htmlReport } from './report/html.ts';
import { markdownReport } from './report/markdown.ts';
import { matrixText } from './report/matrix.ts';
import { Results } from './results.ts';
import { createRun, deadline } from './run-context.ts';
import { colourSymbols, paint, plainMochaSymbols, wantsColour } from './terminal-colour.ts';

export interface VerifyOutcome {
  exitCode: number;
  results: Results;
  exchanges: readonly Exchange[];
}

/** Mocha's own reporters; its `xunit` writes the JUnit XML that CI servers read. */
const REPORTERS: Record<VerifyOptions['reporter'], { reporter: string; reporterOptions?: Record<string, unknown> }> = {
  spec: { reporter: 'spec' },
  json: { reporter: 'json' },
  junit: { reporter: 'xunit', reporterOptions: { suiteName: 'Coord Parking contract' } },
};

/**
 * One verification: open the target, run the given checks through mocha (whose reporter shows
 * progress), then print the matrix and write the report. Exit code 0 if and only if every
 * check held; a run that cannot happen throws a CannotRunError before it starts.
 */
export async function runVerify(
  options: VerifyOptions,
  {
    checks,
    reporter,
    out = (text: string) => process.stdout.write(text),
  }: { checks: readonly Check[]; reporter?: Mocha.ReporterConstructor; out?: (text: string) => void },
): Promise<VerifyOutcome> {
  const startedAt = new Date();
  const stopped = deadline(options.maxTime === undefined ? undefined : options.maxTime * 1000);
  // With a machine-readable reporter on stdout, everything for people goes to stderr.
  const say = options.reporter === 'spec' ? out : (text: string) => process.stderr.write(text);
  const colour = wantsColour(options.color, options.reporter === 'spec' ? process.stdout : process.stderr);
  // Before the first line and the first request: a run that cannot happen is one error (exit 3), never a verdict.
  const target = await preflight(options);
  const results = new Results(checks);
  const run = createRun(options, target, results, stopped);
  say(
    `coord-parking verify: target ${options.target}${options.viaPrism ? ' via Prism' : ''}, seed ${options.seed}, ${options.runs} runs per generated check\n`,
  );
  say(`target: ${target.description}\n`);

  const chosen = REPORTERS[options.reporter];
  // Mocha's JSON goes to a file first, to come out on stdout with every check of the run added.
  const scratch = options.reporter === 'json' && !reporter ? mkdtempSync(join(tmpdir(), 'coord-verify-')) : undefined;
  plainMochaSymbols();
  const mocha = new Mocha({
    reporter: reporter ?? chosen.reporter,
    reporterOptions: scratch ? { output: join(scratch, 'mocha.json') } : chosen.reporterOptions,
    bail: options.bail,
    // No mocha time limit: every request has its own (--request-timeout-ms), the run has --max-time.
    timeout: 0,
    color: colour,
  });
  const root = Mocha.Suite.create(mocha.suite, `Coord Parking contract (${options.target})`);
  mountChecks(root, checks, () => run);

  let failures: number;
  try {
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } finally {
    mocha.dispose();
    await target.close();
  }
  if (scratch) {
    const report = JSON.parse(readFileSync(join(scratch, 'mocha.json'), 'utf8')) as object;
    rmSync(scratch, { recursive: true, force: true });
    out(`${JSON.stringify({ ...report, checks: checkSummaries(results) }, null, 2)}\n`);
  }
  const exchanges = run.exchanger.exchanges;
  const matrix = matrixText(results, exchanges);
  say(`\n${colour ? colourSymbols(matrix) : matrix}\n`);

  if (options.report) {
    const input = {
      results,
      exchanges,
      target: target.description,
      seed: options.seed,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
    };
    writeFileSync(options.report, options.report.endsWith('.html') ? htmlReport(input) : markdownReport(input));
    say(`report: ${options.report}\n`);
  }
  // A run cut short by --max-time with nothing failed so far has no verdict: exit 3, not 0.
  const exitCode = failures > 0 ? EXIT_CODES.broken.code : stopped.aborted ? EXIT_CODES.cannotRun.code : EXIT_CODES.held.code;
  const verdict =
    exitCode === EXIT_CODES.held.code
      ? 'Every check held.'
      : exitCode === EXIT_CODES.broken.code
        ? `Contract NOT honoured: ${failures} failing test(s). Replay with --seed ${options.seed}.`
        : 'No verdict: the run reached its --max-time before every check ran.';
  if (stopped.aborted && exitCode === EXIT_CODES.broken.code) say('Stopped at --max-time: what did not run is not covered.\n');
  say(`${colour ? paint(exitCode === EXIT_CODES.held.code ? 'green' : 'red', verdict) : verdict}\n`);
  return { exitCode, results, exchanges };
}

/** Every check of the run, for the JSON on stdout: what it asserts, how it went, where, and why not. */
function checkSummaries(results: Results) {
  return results.checks.map(({ name, description }) => {
    const entries = results.entries.filter((entry) => entry.check === name);
    const status = (['failed', 'passed', 'not covered'] as const).find((s) => entries.some((entry) => entry.status === s)) ?? 'not run';
    return {
      name,
      description,
      status,
      operations: [...new Set(entries.flatMap((entry) => entry.operations))],
      notes: [...new Set(entries.flatMap((entry) => (entry.note ? [entry.note] : [])))],
      failures: entries.flatMap((entry) => entry.failures.map(({ message, expected, actual }) => ({ message, expected, actual }))),
    };
  });
}
