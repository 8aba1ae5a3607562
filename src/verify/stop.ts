/** Why a run stopped before every check had run: the AbortSignal's reason, as `deadline` and the signal handlers give it. */
export type StopReason = 'max-time' | 'SIGINT' | 'SIGTERM';

const STOPPED_BY: Record<StopReason, string> = {
  'max-time': 'the run reached its --max-time',
  SIGINT: 'the run was interrupted (SIGINT, Ctrl-C)',
  SIGTERM: 'the run was stopped (SIGTERM)',
};

/** Why the signal was aborted, in words: "the run reached its --max-time". */
export function stoppedBecause(signal: AbortSignal): string {
  return STOPPED_BY[signal.reason as StopReason] ?? 'the run was stopped';
}

/** The reason a stopped run's signal carries, when it is one of ours. */
export function stopReason(signal: AbortSignal): StopReason | undefined {
  return signal.aborted && signal.reason in STOPPED_BY ? (signal.reason as StopReason) : undefined;
}
