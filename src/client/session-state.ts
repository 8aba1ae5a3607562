import { CoordInputError, CoordTimeoutError, Redactor } from '../errors/index.ts';
import { delay, MAX_TIMER_MS, withTimeLimit } from './signals.ts';
import type { CallOptions, Session } from './types.ts';

export type SessionState = 'awaiting_redemption' | 'active' | 'ended';

/** Where a session is in its life, from its timestamps (absent until they happen). */
export function sessionState(session: Session): SessionState {
  if (session.end_time !== undefined) return 'ended';
  if (session.start_time !== undefined) return 'active';
  return 'awaiting_redemption';
}

export interface WaitOptions extends CallOptions {
  /** Between polls, default 2 000 ms. */
  intervalMs?: number;
  /** In all, default 60 000 ms; then a CoordTimeoutError. */
  timeoutMs?: number;
}

/**
 * Polls `get_session` until the session reaches `until` (a state, or a predicate) and returns
 * it — for live feedback while a user drives to the gate and scans. Errors of `get` end the
 * wait (after the client's own retries); the signal cancels it. Nothing it adds to the signal
 * outlives the wait.
 */
export async function waitForSessionState(
  client: { sessions: { get(locationId: string, sessionId: number, options?: CallOptions): Promise<Session> } },
  locationId: string,
  sessionId: number,
  until: SessionState | ((session: Session) => boolean),
  { intervalMs = 2_000, timeoutMs = 60_000, signal }: WaitOptions = {},
): Promise<Session> {
  for (const [argument, value] of [
    ['intervalMs', intervalMs],
    ['timeoutMs', timeoutMs],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > MAX_TIMER_MS) {
      throw new CoordInputError({
        argument: `options.${argument}`,
        problem: `must be an integer from 0 to ${MAX_TIMER_MS}`,
        operationId: 'get_session',
      });
    }
  }
  const reached = typeof until === 'function' ? until : (session: Session) => sessionState(session) === until;
  const limit = withTimeLimit(timeoutMs, signal);
  try {
    for (;;) {
      const session = await client.sessions.get(locationId, sessionId, { signal: limit.signal });
      if (reached(session)) return session;
      await delay(intervalMs, limit.signal);
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (limit.timedOut) {
      const what = `waiting for session ${sessionId} to be ${typeof until === 'function' ? 'ready' : until}`;
      throw new CoordTimeoutError({ timeoutMs, context: { operationId: 'get_session' }, what }, new Redactor());
    }
    throw error;
  } finally {
    limit.end();
  }
}
