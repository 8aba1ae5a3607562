import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import type { Check } from './check.ts';
import { cleanUp } from './clean-up.ts';
import { CannotRunError } from './errors.ts';
import type { Exchange } from './exchange.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { mountUnits } from './mount.ts';
import type { VerifyOptions } from './options.ts';
import { packageVersion } from './package-info.ts';
import { assertReportsWritable, openChecked } from './preflight.ts';
import { matrixText } from './report/matrix.ts';
import { sessionLines, verdictLine, type Outcome, type RunRecord, type StoppedBy } from './report/run-record.ts';
import { Results } from './results.ts';
import { createRun, deadline } from './run-context.ts';
import { planRun } from './selection.ts';
import type { MadeSession } from './session-ledger.ts';
import { stopReason, stoppedBecause } from './stop.ts';
import { colourSymbols, paint, plainMochaSymbols, wantsColour } from './terminal-colour.ts';

export interface VerifyOutcome {
  exitCode: number;
  results: Results;
  exchanges: readonly Exchange[];
  /** The sessions the run made on the server and what became of them; undefined on a mock. */
  sessions: readonly MadeSession[] | undefined;
}

interface Output {
  checks: readonly Check[];
  /** Mocha's reporter for the progress (default: `spec`, or none when --reporter puts a document on stdout). */
  reporter?: Mocha.ReporterConstructor;
  out?: (text: string) => void;
}

/**
 * One verification: plan what the selection runs, check that the run can happen, run the tests
 * through mocha (its `spec` reporter shows progress), clean up every session made, then print
 * the matrix and write the reports. Exit code 0 if and only if every check held. A run that
 * cannot happen throws a CannotRunError before the first request, once its reports say so.
 */
export async function runVerify(
  options: VerifyOptions,
  { checks, reporter, out = (text) => process.stdout.write(text) }: Output,
): Promise<VerifyOutcome> {
  const started = new Date();
  // Usage errors (an unknown check or operation) come before anything else.
  const plan = planRun(checks, options);
  const results = new Results(checks, plan.units);
  // With a machine-readable reporter on stdout, everything for people goes to stderr.
  const say = options.reporter === 'spec' ? out : (text: string) => process.stderr.write(text);
  const colour = wantsColour(options.color, options.reporter === 'spec' ? process.stdout : process.stderr);
  const record = (fields: Pick<RunRecord, 'outcome' | 'exitCode'> & Partial<RunRecord>): RunRecord => ({
    results,
    exchanges: [],
    target: { kind: options.target, description: plannedTarget(options) },
    seed: options.seed,
    version: packageVersion(),
    started,
    durationMs: Date.now() - started.getTime(),
    ...fields,
  });
  const publish = (finished: RunRecord) => writeReports(options, finished, out, say);

  const signals = listenForSignals(say);
  try {
    const stopped = AbortSignal.any([deadline(options.maxTime === undefined ? undefined : options.maxTime * 1000), signals.interrupted]);
    // Before the first line and the first request: a run that cannot happen is one error (exit 3), never a verdict.
    assertReportsWritable(options);
    const target = await openChecked(options).catch(async (error: unknown) => {
      // The report paths were checked first: CI reads that the run could not happen from them too.
      if (error instanceof CannotRunError)
        await publish(record({ outcome: 'could not run', exitCode: EXIT_CODES.cannotRun.code, error: error.message }));
      throw error;
    });
    // From here the target is open: whatever fails next, it is closed (an embedded sandbox would keep the process alive).
    let mocha: Mocha | undefined;
    let run: ReturnType<typeof createRun>;
    let tracked: boolean;
    try {
      run = createRun(options, target, results, stopped, plan.excludedOperations);
      say(
        `coord-parking verify: target ${options.target}${options.viaPrism ? ' via Prism' : ''}, seed ${options.seed}, ${options.runs} runs per generated check\n`,
      );
      say(`target: ${target.description}\n`);

      plainMochaSymbols();
      mocha = new Mocha({
        reporter: reporter ?? (options.reporter === 'spec' ? 'spec' : (Mocha.reporters.Base as unknown as Mocha.ReporterConstructor)),
        bail: options.bail,
        // No mocha time limit: every request has its own (--request-timeout-ms), the run has --max-time.
        timeout: 0,
        color: colour,
      });
      mountUnits(Mocha.Suite.create(mocha.suite, `Coord Parking contract (${options.target})`), plan.units, () => run);
      tracked = target.capabilities.has('behaviour');
      const running = mocha;
      await new Promise<number>((resolve) => running.run(resolve));
      // Whatever stopped the run, nothing it made stays open: the target is still there to ask.
      if (tracked) await cleanUp(run, signals.cleanUpStopped);
    } finally {
      mocha?.dispose();
      await target.close();
    }

    const reason = stopReason(stopped);
    const bailed = options.bail && results.failures().length > 0 && results.entries.length < plan.units.length;
    const stoppedBy: StoppedBy | undefined = reason ?? (bailed ? 'bail' : undefined);
    results.addNotRun(bailed ? 'not run: --bail stopped the run at its first failure' : `not run: ${stoppedBecause(stopped)} first`);
    const { passed, failed } = results.counts();
    const [outcome, exitCode]: [Outcome, number] =
      reason === 'SIGINT' || reason === 'SIGTERM'
        ? ['interrupted', reason === 'SIGINT' ? EXIT_CODES.interrupted.code : EXIT_CODES.terminated.code]
        : failed > 0
          ? ['broken', EXIT_CODES.broken.code]
          : reason === 'max-time' || passed === 0
            ? ['no verdict', EXIT_CODES.cannotRun.code]
            : ['held', EXIT_CODES.held.code];

    const exchanges = run.exchanger.exchanges;
    const sessions = tracked ? run.exchanger.sessions.made : undefined;
    const matrix = matrixText(results, exchanges);
    say(`\n${colour ? colourSymbols(matrix) : matrix}\n`);
    if (sessions) say(`\n${sessionLines(sessions).join('\n')}\n`);
    const finished = record({
      exchanges,
      outcome,
      exitCode,
      stoppedBy,
      sessions,
      target: { kind: target.kind, description: target.description },
    });
    await publish(finished);

    if (stoppedBy && outcome !== 'no verdict')
      say(
        `Stopped: ${stoppedBy === 'bail' ? '--bail, at the first failure' : stoppedBecause(stopped)}; what did not run is not covered.\n`,
      );
    const verdict = verdictLine(finished);
    say(`${colour ? paint(outcome === 'held' ? 'green' : 'red', verdict) : verdict}\n`);
    return { exitCode, results, exchanges, sessions };
  } finally {
    signals.dispose();
  }
}

/** The reports asked for (each path already checked writable), and the document --reporter puts on stdout. */
async function writeReports(
  options: VerifyOptions,
  record: RunRecord,
  out: (text: string) => void,
  say: (text: string) => void,
): Promise<void> {
  if (!options.reports?.length && options.reporter === 'spec') return;
  // Loaded only when asked for: `npm start` writes no report.
  const { reportFor, STDOUT_WRITERS } = await import('./report/writers.ts');
  if (options.reporter !== 'spec') out(STDOUT_WRITERS[options.reporter](record));
  for (const path of options.reports ?? []) {
    writeFileSync(path, reportFor(path, record));
    if (record.outcome !== 'could not run') say(`report: ${path}\n`);
  }
}

/** What the reports call a target that was never opened. */
function plannedTarget(options: VerifyOptions): string {
  const name =
    options.target === 'url'
      ? (options.baseUrl ?? 'a URL')
      : options.target === 'mock'
        ? "Prism's mock of the contract"
        : 'the embedded sandbox';
  return `${name}${options.viaPrism ? ", through Prism's validation proxy" : ''}`;
}

/**
 * SIGINT (Ctrl-C) and SIGTERM stop the run as --max-time does: requests in flight are cut, the
 * rest is not covered, the sessions made are cleaned up and the reports written. A second
 * signal stops the clean-up too.
 */
function listenForSignals(say: (text: string) => void) {
  const interrupt = new AbortController();
  const cleanUp = new AbortController();
  const on = (signal: 'SIGINT' | 'SIGTERM') => () => {
    if (!interrupt.signal.aborted) {
      say(`\n${signal}: stopping; the sessions made are ended before exit (${signal} again to skip that).\n`);
      interrupt.abort(signal);
    } else cleanUp.abort(signal);
  };
  const handlers = { SIGINT: on('SIGINT'), SIGTERM: on('SIGTERM') };
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
  return {
    interrupted: interrupt.signal,
    cleanUpStopped: cleanUp.signal,
    dispose() {
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
    },
  };
}
