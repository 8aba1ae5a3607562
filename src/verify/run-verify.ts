import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import type { Check } from './check.ts';
import type { Exchange } from './exchange.ts';
import { mountChecks } from './mount.ts';
import type { VerifyOptions } from './options.ts';
import { htmlReport } from './report/html.ts';
import { markdownReport } from './report/markdown.ts';
import { matrixText } from './report/matrix.ts';
import { Results } from './results.ts';
import { createRun, deadline, type RunContext } from './run-context.ts';
import { openTarget } from './target.ts';
import { Redactor } from 'coord-parking/redactor';

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
 * check held (and the target could be reached at all).
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
  const stopped = deadline(options.maxTimeMs);
  // With a machine-readable reporter on stdout, everything for people goes to stderr.
  const say = options.reporter === 'spec' ? out : (text: string) => process.stderr.write(text);
  say(
    `coord-parking verify: target ${options.target}${options.viaPrism ? ' via Prism' : ''}, seed ${options.seed}, ${options.runs} runs per generated check\n`,
  );

  const results = new Results(checks);
  let run: RunContext | undefined;
  const chosen = REPORTERS[options.reporter];
  // Mocha's JSON goes to a file first, to come out on stdout with every check of the run added.
  const scratch = options.reporter === 'json' && !reporter ? mkdtempSync(join(tmpdir(), 'coord-verify-')) : undefined;
  const mocha = new Mocha({
    reporter: reporter ?? chosen.reporter,
    reporterOptions: scratch ? { output: join(scratch, 'mocha.json') } : chosen.reporterOptions,
    bail: options.bail,
    // No mocha time limit: every request has its own (--request-timeout-ms), the run has --max-time.
    timeout: 0,
  });
  const root = Mocha.Suite.create(mocha.suite, `Coord Parking contract (${options.target})`);
  root.beforeAll('open the target', async () => {
    try {
      run = createRun(options, await openTarget(options), results, stopped);
    } catch (error) {
      // One line, no stack, nothing secret: the target could not be opened.
      const message = new Redactor([options.accessKey, options.token, options.nonTestToken, options.expiredToken]).text(
        error instanceof Error ? error.message : String(error),
      );
      const quiet = new Error(message);
      quiet.stack = message;
      throw quiet;
    }
    say(`target: ${run.target.description}\n`);
  });
  root.afterAll('close the target', async () => run?.target.close());
  mountChecks(root, checks, () => run!);

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  mocha.dispose();
  if (scratch) {
    const report = JSON.parse(readFileSync(join(scratch, 'mocha.json'), 'utf8')) as object;
    rmSync(scratch, { recursive: true, force: true });
    out(`${JSON.stringify({ ...report, checks: checkSummaries(results) }, null, 2)}\n`);
  }
  const exchanges = run?.exchanger.exchanges ?? [];
  say(`\n${matrixText(results, exchanges)}\n`);

  if (options.report) {
    const input = {
      results,
      exchanges,
      target: run?.target.description ?? options.target,
      seed: options.seed,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
    };
    writeFileSync(options.report, options.report.endsWith('.html') ? htmlReport(input) : markdownReport(input));
    say(`report: ${options.report}\n`);
  }
  const exitCode = failures > 0 || !run || stopped.aborted ? 1 : 0;
  if (stopped.aborted) say(`Stopped at --max-time: what did not run is not covered.\n`);
  say(exitCode === 0 ? 'Every check held.\n' : `Contract NOT honoured: ${failures} failing test(s). Replay with --seed ${options.seed}.\n`);
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
