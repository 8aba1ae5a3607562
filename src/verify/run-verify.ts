import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { defineContractSuite } from '../../contract-tests/suite.ts';
import { Exchanger, type Exchange } from './exchange.ts';
import { EXIT_CODES } from './exit-codes.ts';
import type { VerifyOptions } from './options.ts';
import { htmlReport } from './report/html.ts';
import { markdownReport } from './report/markdown.ts';
import { matrixText } from './report/matrix.ts';
import { Results } from './results.ts';
import type { RunContext } from './run-context.ts';
import { preflight } from './preflight.ts';
import { colourSymbols, paint, wantsColour } from './terminal-colour.ts';

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
 * One verification: open the target, run the contract suite through mocha (whose reporter shows
 * progress), then print the matrix and write the report. Exit code 0 if and only if every
 * check held; a run that cannot happen throws a CannotRunError before it starts.
 */
export async function runVerify(
  options: VerifyOptions,
  {
    reporter,
    out = (text: string) => process.stdout.write(text),
  }: { reporter?: Mocha.ReporterConstructor; out?: (text: string) => void } = {},
): Promise<VerifyOutcome> {
  const startedAt = new Date();
  // With a machine-readable reporter on stdout, everything for people goes to stderr.
  const say = options.reporter === 'spec' ? out : (text: string) => process.stderr.write(text);
  const colour = wantsColour(options.color, options.reporter === 'spec' ? process.stdout : process.stderr);
  // Before the first line and the first request: a run that cannot happen is one error (exit 3), never a verdict.
  const target = await preflight(options);
  const results = new Results();
  const run: RunContext = { options, target, exchanger: new Exchanger(target, options.requestTimeoutMs), results };
  say(
    `coord-parking verify: target ${options.target}${options.viaPrism ? ' via Prism' : ''}, seed ${options.seed}, ${options.runs} runs per generated check\n`,
  );
  say(`target: ${target.description}\n`);

  const chosen = REPORTERS[options.reporter];
  const mocha = new Mocha({
    reporter: reporter ?? chosen.reporter,
    reporterOptions: chosen.reporterOptions,
    bail: options.bail,
    timeout: 120_000,
    color: colour,
  });
  const root = Mocha.Suite.create(mocha.suite, `Coord Parking contract (${options.target})`);
  defineContractSuite(root, () => run);

  let failures: number;
  try {
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } finally {
    mocha.dispose();
    await target.close();
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
  const exitCode = failures > 0 ? EXIT_CODES.broken.code : EXIT_CODES.held.code;
  const verdict =
    exitCode === EXIT_CODES.held.code
      ? 'Every check held.'
      : `Contract NOT honoured: ${failures} failing test(s). Replay with --seed ${options.seed}.`;
  say(`${colour ? paint(exitCode === EXIT_CODES.held.code ? 'green' : 'red', verdict) : verdict}\n`);
  return { exitCode, results, exchanges };
}
