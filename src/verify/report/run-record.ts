import type { Exchange } from '../exchange.ts';
import type { Results } from '../results.ts';
import type { MadeSession } from '../session-ledger.ts';

/** How a run ended, as every report states it. */
export type Outcome = 'held' | 'broken' | 'no verdict' | 'interrupted' | 'could not run';

/** What stopped a run before every check had run. */
export type StoppedBy = 'max-time' | 'bail' | 'SIGINT' | 'SIGTERM';

/** Everything a report says about one run: every writer (terminal, HTML, Markdown, JUnit, JSON) reads this. */
export interface RunRecord {
  results: Results;
  exchanges: readonly Exchange[];
  target: { kind: string; description: string };
  seed: number;
  /** `coord-parking-testing 0.1.0`. */
  version: string;
  started: Date;
  durationMs: number;
  outcome: Outcome;
  exitCode: number;
  stoppedBy?: StoppedBy;
  /** Why the run could not happen (outcome `could not run`), in one line. */
  error?: string;
  /** The sessions the run made on the server; undefined where none are tracked (a mock keeps none). */
  sessions?: readonly MadeSession[];
}

/**
 * The verdict, in one line, as the terminal and every report for people state it. A run with no
 * failure that checked nothing (every test not covered: the target offers none of what the
 * chosen checks need) has no verdict, like one --max-time cut short: a green build that checked
 * nothing would be a lie.
 */
export function verdictLine(record: Pick<RunRecord, 'outcome' | 'results' | 'seed' | 'stoppedBy' | 'error'>): string {
  switch (record.outcome) {
    case 'held':
      return 'Every check held.';
    case 'broken': {
      const failed = record.results.counts().failed;
      return `Contract NOT honoured: ${failed} failing test${failed === 1 ? '' : 's'}. Replay with --seed ${record.seed}.`;
    }
    case 'no verdict':
      return record.stoppedBy === 'max-time'
        ? 'No verdict: the run reached its --max-time before every check ran.'
        : 'No verdict: nothing could be checked on this target (every test was not covered).';
    case 'interrupted':
      return `No verdict: ${record.stoppedBy === 'SIGTERM' ? 'the run was stopped (SIGTERM)' : 'the run was interrupted (SIGINT, Ctrl-C)'}.`;
    case 'could not run':
      return `The run could not happen. ${record.error ?? ''}`.trim();
  }
}

/** What became of the sessions a run made, in a few lines: made where, ended how, and any left open by id. */
export function sessionLines(sessions: readonly MadeSession[]): string[] {
  if (sessions.length === 0) return ['Sessions: none made on the server.'];
  const places = new Map<string, number>();
  for (const made of sessions) {
    const place = `${made.owner ?? 'an unknown user'} at ${made.location}`;
    places.set(place, (places.get(place) ?? 0) + 1);
  }
  const left = sessions.filter((made) => made.state !== 'ended');
  const cleaned = sessions.filter((made) => made.cleanedUp).length;
  const ended = sessions.length - left.length;
  const where = [...places].map(([place, count]) => `${count} of the ${place}`).join(', ');
  const byCleanUp = cleaned > 0 ? ` (${cleaned} by the clean-up at the end)` : '';
  const lines = [
    left.length === 0
      ? `Sessions: made ${sessions.length} on the server (${where}); every one ended or redeemed${byCleanUp}.`
      : `Sessions: made ${sessions.length} on the server (${where}); ${ended} ended or redeemed${byCleanUp}, ${left.length} still open:`,
  ];
  for (const made of left) {
    lines.push(
      `  session ${made.id} at ${made.location} (${made.owner ?? 'an unknown user'}, ${made.state}): ${made.problem ?? 'not cleaned up'}`,
    );
  }
  return lines;
}
