import type { Session } from 'coord-parking';
import type { Check } from '../../src/verify/check.ts';
import type { Reply, UserDriver } from '../../src/verify/drivers.ts';
import { expect, list, sameFields, session, settle, shown } from './expect.ts';

/** Requests sent at once, each time: enough to meet a check-then-act window, light for a server. */
const RACERS = 8;

/**
 * The rules only one of several requests may pass, raced: a server that checks and then acts
 * without a lock passes every sequential test and fails here.
 */
export const CONCURRENCY_CHECKS: Check[] = [
  {
    name: 'concurrent_creates',
    description: `${RACERS} post_session at once at one location: exactly one session, the others 409, one open in the list; another user's creates at the same moment are not held back (at a gated location too).`,
    needs: ['behaviour'],
    per: 'flow',
    operations: ['post_session', 'get_location_sessions'],
    async judge({ driver: { tester, other }, run: { target } }) {
      const locations = [target.locationId, ...(target.gatedLocationId ? [target.gatedLocationId] : [])];
      for (const location of locations) {
        const users = [tester, ...(other && location === target.locationId ? [other] : [])];
        for (const user of users) await settle(user, location);
        const raced = await Promise.all(users.map((user) => race(RACERS, () => user.create(location))));
        try {
          for (const replies of raced) exactlyOne(replies, `post_session at ${location}`, 'a second open session');
          const reply = await tester.listAt(location);
          const open = list(reply, 'get_location_sessions').filter((s) => s.end_time === undefined);
          expect(open.length === 1, reply, `one open session at ${location}`, `${open.length}: ${open.map((s) => s.id).join(', ')}`);
        } finally {
          for (const [i, replies] of raced.entries()) await endAll(users[i]!, location, replies);
        }
      }
      return { failures: [], note: target.gatedLocationId ? undefined : 'a direct location only: no gated location to race at' };
    },
  },
  {
    name: 'concurrent_ends',
    description: `${RACERS} end_session at once on one active session: exactly one ends and bills it, the others 409, and it stays as that one said.`,
    needs: ['behaviour'],
    per: 'flow',
    operations: ['end_session'],
    async judge({ driver: { tester }, run: { target } }) {
      const location = target.locationId;
      await settle(tester, location);
      const active = session(await tester.create(location), 'post_session');
      const replies = await race(RACERS, () => tester.end(location, active.id));
      const winner = exactlyOne(replies, 'end_session on one session', 'a session that has already ended');
      const fetched = await tester.get(location, active.id);
      sameFields(session(winner, 'end_session'), session(fetched, 'get_session'), 'get_session after the race', fetched);
      return { failures: [] };
    },
  },
  {
    name: 'concurrent_redemptions',
    description: `${RACERS} fake_redemption at once on one session awaiting redemption: exactly one redeems and bills it, the others 409, and it stays as that one said.`,
    needs: ['behaviour', 'gated location'],
    per: 'flow',
    operations: ['fake_redemption'],
    async judge({ driver: { tester }, run: { target } }) {
      const location = target.gatedLocationId!;
      await settle(tester, location);
      const awaiting = session(await tester.create(location), 'post_session');
      const replies = await race(RACERS, () => tester.redeem(location, awaiting.id, 10));
      const winner = exactlyOne(replies, 'fake_redemption on one session', 'a session already redeemed');
      const fetched = await tester.get(location, awaiting.id);
      sameFields(session(winner, 'fake_redemption'), session(fetched, 'get_session'), 'get_session after the race', fetched);
      return { failures: [] };
    },
  },
];

function race(count: number, call: () => Promise<Reply>): Promise<Reply[]> {
  return Promise.all(Array.from({ length: count }, call));
}

/** The one 200 among `replies`; every other must be the 409 of `rule`. */
function exactlyOne(replies: Reply[], what: string, rule: string): Reply {
  const winners = replies.filter((reply) => reply.status === 200);
  expect(
    winners.length === 1,
    winners[1] ?? replies[0],
    `exactly one 200 of ${replies.length} concurrent ${what}`,
    `${winners.length}: ${winners.map((reply) => shown(reply.body)).join(' | ')}`,
  );
  const other = replies.find((reply) => reply.status !== 200 && reply.status !== 409);
  expect(other === undefined, other, `409 (${rule}) for the others`, other ? `${other.status} ${shown(other.body)}` : '');
  return winners[0]!;
}

/** Ends (or, at a gate, redeems) every session a race made, so none lingers, however many there were. */
async function endAll(user: UserDriver, location: string, replies: Reply[]): Promise<void> {
  for (const reply of replies.filter((r) => r.status === 200)) {
    const made = reply.body as Session;
    if (typeof made?.id !== 'number') continue;
    if ((await user.end(location, made.id)).status !== 200) await user.redeem(location, made.id, 1);
  }
}
