import { sessionState, type Session } from 'coord-parking';
import { operations, type OperationId } from 'coord-parking/contract';
import type { Exchange } from './exchange.ts';
import { requestFor, type RunContext } from './run-context.ts';
import type { MadeSession, Owner, SessionLedger } from './session-ledger.ts';

/**
 * Ends or redeems every session the run made that the server still shows open, whatever
 * stopped the run (a failure, --bail, --max-time, SIGINT). Each is read first as its owner: an
 * active one is ended, one awaiting redemption is redeemed by the test user (a regular user's
 * cannot be, which is why no check makes one). What could not be cleaned keeps the reason, for
 * the summary. Its requests are bounded like any (--request-timeout-ms each), judged by no
 * check, and stop at `signal` (a second Ctrl-C).
 */
export async function cleanUp(run: RunContext, signal: AbortSignal): Promise<void> {
  const tokens: Record<Owner, string | undefined> = { 'test user': run.target.token, 'regular user': run.target.nonTestToken };
  const ledger = run.exchanger.sessions;
  const send = (operationId: OperationId, owner: Owner, pathValues: Record<string, unknown>, json?: unknown) =>
    run.exchanger.send(requestFor(operations[operationId], { pathValues, token: tokens[owner], json }), {
      record: false,
      runSignal: signal,
    });
  await findUnanswered(ledger, send, signal);
  for (const made of ledger.open()) {
    if (signal.aborted) {
      made.problem = 'the clean-up was interrupted before it';
      continue;
    }
    if (!made.owner) {
      made.problem = 'made with a credential that is no user verify acts as, so no one can end it';
      continue;
    }
    const at = { location_id: made.location, session_id: made.id };
    try {
      // The read updates the ledger: the session may have ended since the server last said.
      const read = await send('get_session', made.owner, at);
      if (read.response?.status !== 200) {
        made.problem = `get_session answered ${answer(read)}`;
        continue;
      }
      if (made.state === 'ended') continue;
      const act = made.state === 'active' ? 'end_session' : made.owner === 'test user' ? 'fake_redemption' : undefined;
      if (!act) {
        made.problem = "it awaits redemption, and only the gate can end a regular user's session";
        continue;
      }
      const done = await send(act, made.owner, at, act === 'fake_redemption' ? { duration_m: 1 } : undefined);
      if (done.response?.status === 200) markCleaned(made);
      else made.problem = `${act} answered ${answer(done)}`;
    } catch (error) {
      // A request the run may not send (an operation left out of it).
      made.problem = error instanceof Error ? error.message : String(error);
    }
  }
}

type Send = (operationId: OperationId, owner: Owner, pathValues: Record<string, unknown>, json?: unknown) => Promise<Exchange>;

/**
 * Where a post_session got no answer (cut by the run's stop, or timed out), the server may have
 * made a session all the same. A user has at most one open session per location, and every
 * check ends its user's open ones there before it starts (settle), so an open one of that user
 * at that location is the run's: it is added to the ledger, to be ended like the others.
 */
async function findUnanswered(ledger: SessionLedger, send: Send, signal: AbortSignal): Promise<void> {
  for (const { location, owner } of ledger.unanswered) {
    if (signal.aborted) return;
    try {
      const listed = await send('get_location_sessions', owner, { location_id: location });
      const body: unknown = listed.response?.status === 200 ? JSON.parse(listed.response.text) : [];
      for (const session of Array.isArray(body) ? body : []) {
        if (isSession(session) && sessionState(session) !== 'ended') ledger.found(location, owner, session);
      }
    } catch {
      // Not listed (the operation is left out of the run, or the answer is no list): the summary counts what is known.
    }
  }
}

function isSession(value: unknown): value is Session {
  return typeof value === 'object' && value !== null && Number.isSafeInteger((value as { id?: unknown }).id);
}

function markCleaned(made: MadeSession): void {
  made.state = 'ended';
  made.cleanedUp = true;
}

function answer(exchange: Exchange): string {
  return exchange.response ? String(exchange.response.status) : `nothing (${exchange.error ?? 'no answer'})`;
}
