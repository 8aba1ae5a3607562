import { isDeepStrictEqual } from 'node:util';
import type { Session } from 'coord-parking';
import type { Check } from '../../src/verify/check.ts';
import type { Reply, UserDriver } from '../../src/verify/drivers.ts';
import type { Target } from '../../src/verify/target.ts';
import { expect, list, session, settle } from './expect.ts';

/**
 * What a session says must stay true over time and be the same wherever it is read: a single
 * read, either list, and the answer of the operation that last changed it.
 */

/** Fields a session is born with and keeps; fields that, once set, never change. */
const FIXED = ['id', 'user_id', 'location_id', 'license_plate', 'redemption_info'] as const;
const ONCE_SET = ['start_time', 'end_time', 'billing_info'] as const;

/** One life of a few sessions through every changing operation, with `look` after each step. */
async function lifeOfSessions(
  user: UserDriver,
  target: Target,
  look: (changed: Session, by: string, reply: Reply, location: string) => Promise<void>,
) {
  const direct = target.locationId;
  const gated = target.gatedLocationId;
  await settle(user, direct);
  if (gated) await settle(user, gated);
  const step = async (reply: Reply, by: 'post_session' | 'end_session' | 'fake_redemption', location: string) => {
    const changed = session(reply, by);
    await look(changed, by, reply, location);
    return changed;
  };
  const first = await step(await user.create(direct, { license_plate: 'VIEW 1' }), 'post_session', direct);
  await step(await user.end(direct, first.id), 'end_session', direct);
  const second = await step(await user.create(direct), 'post_session', direct);
  if (gated) {
    const awaiting = await step(await user.create(gated), 'post_session', gated);
    await step(await user.redeem(gated, awaiting.id, 15), 'fake_redemption', gated);
  }
  await step(await user.end(direct, second.id), 'end_session', direct);
}

/** Every view of every session seen so far: its single read, the list at its location, the user's list. */
async function everyView(user: UserDriver, sessions: Iterable<{ session: Session; location: string }>) {
  const views: { where: string; session: Session | undefined; reply: Reply; id: number }[] = [];
  const known = [...sessions];
  const locations = [...new Set(known.map((s) => s.location))];
  const lists = new Map<string, { reply: Reply; sessions: Session[] }>();
  for (const location of locations) {
    const reply = await user.listAt(location);
    lists.set(location, { reply, sessions: list(reply, 'get_location_sessions') });
  }
  const mine = await user.listMine();
  const all = list(mine, 'get_user_sessions');
  for (const { session: expected, location } of known) {
    const reply = await user.get(location, expected.id);
    views.push({ where: 'get_session', session: session(reply, 'get_session'), reply, id: expected.id });
    const atLocation = lists.get(location)!;
    views.push({
      where: 'get_location_sessions',
      session: atLocation.sessions.find((s) => s.id === expected.id),
      reply: atLocation.reply,
      id: expected.id,
    });
    views.push({ where: 'get_user_sessions', session: all.find((s) => s.id === expected.id), reply: mine, id: expected.id });
  }
  return views;
}

function differing(a: Session, b: Session): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (key) => !isDeepStrictEqual(a[key as keyof Session], b[key as keyof Session]),
  );
}

export const CONSISTENCY_CHECKS: Check[] = [
  {
    name: 'consistent_views',
    description:
      'After every create, end and redemption, each session reads the same in get_session, get_location_sessions and get_user_sessions as in the answer of the operation that last changed it.',
    needs: ['behaviour'],
    per: 'flow',
    operations: ['post_session', 'end_session', 'fake_redemption', 'get_session', 'get_location_sessions', 'get_user_sessions'],
    async judge({ driver: { tester }, run: { target } }) {
      const latest = new Map<number, { session: Session; location: string; by: string }>();
      await lifeOfSessions(tester, target, async (changed, by, _reply, location) => {
        latest.set(changed.id, { session: changed, location, by });
        for (const view of await everyView(tester, latest.values())) {
          const { session: expected, by: changer } = latest.get(view.id)!;
          expect(view.session !== undefined, view.reply, `${view.where} shows session ${view.id}`, 'it is missing');
          const fields = differing(expected, view.session!);
          expect(
            fields.length === 0,
            view.reply,
            `${view.where} showing session ${view.id} as ${changer} answered: ${JSON.stringify(expected)}`,
            `other values for ${fields.join(', ')}: ${JSON.stringify(view.session)}`,
          );
        }
      });
      return { failures: [] };
    },
  },
  {
    name: 'immutable_fields',
    description:
      'A session keeps its id, user_id, location_id, license_plate and redemption_info for life; start_time, end_time and billing_info never change once set; an ended session stays ended: through every change, a refused repeat of it, and every read.',
    needs: ['behaviour'],
    per: 'flow',
    operations: ['post_session', 'end_session', 'fake_redemption', 'get_session', 'get_location_sessions', 'get_user_sessions'],
    async judge({ driver: { tester }, run: { target } }) {
      const first = new Map<number, Session>();
      const located = new Map<number, { session: Session; location: string }>();
      const observe = (seen: Session, where: string, reply: Reply) => {
        const earlier = first.get(seen.id);
        if (!earlier) return void first.set(seen.id, { ...seen });
        for (const field of FIXED) {
          expect(
            isDeepStrictEqual(earlier[field], seen[field]),
            reply,
            `${field} of session ${seen.id} as it was first seen: ${JSON.stringify(earlier[field])}`,
            `${where} says ${JSON.stringify(seen[field])}`,
          );
        }
        for (const field of ONCE_SET) {
          if (earlier[field] === undefined) earlier[field] = seen[field] as never;
          else
            expect(
              isDeepStrictEqual(earlier[field], seen[field]),
              reply,
              `${field} of session ${seen.id} unchanged once set: ${JSON.stringify(earlier[field])}`,
              `${where} says ${JSON.stringify(seen[field]) ?? 'nothing (unset)'}`,
            );
        }
      };
      await lifeOfSessions(tester, target, async (changed, by, reply, location) => {
        observe(changed, by, reply);
        located.set(changed.id, { session: changed, location });
        // Over time, along its own answers: the changes, and reads of it alone (the lists are consistent_views').
        for (const { session: known, location: at } of located.values()) {
          const read = await tester.get(at, known.id);
          observe(session(read, 'get_session'), 'get_session', read);
        }
        // Repeating a change the rules refuse must not change anything either.
        if (by !== 'post_session') {
          const location = located.get(changed.id)!.location;
          await (by === 'end_session' ? tester.end(location, changed.id) : tester.redeem(location, changed.id, 30));
          const again = await tester.get(location, changed.id);
          observe(session(again, 'get_session'), `get_session after a second ${by}`, again);
        }
      });
      return { failures: [] };
    },
  },
  {
    name: 'lists_complete_and_ordered',
    description:
      "get_user_sessions lists each of the caller's sessions exactly once, oldest first, new ones after the old (ended ones long gone may be forgotten, open ones never); get_location_sessions is exactly its sessions at that location, in the same order.",
    needs: ['behaviour'],
    per: 'flow',
    operations: ['get_user_sessions', 'get_location_sessions'],
    async judge({ driver: { tester }, run: { target } }) {
      const direct = target.locationId;
      await settle(tester, direct);
      if (target.gatedLocationId) await settle(tester, target.gatedLocationId);
      const before = list(await tester.listMine(), 'get_user_sessions');
      const made: { id: number; location: string }[] = [];
      const first = session(await tester.create(direct), 'post_session');
      made.push({ id: first.id, location: direct });
      await tester.end(direct, first.id);
      const second = session(await tester.create(direct), 'post_session');
      made.push({ id: second.id, location: direct });
      if (target.gatedLocationId) {
        const awaiting = session(await tester.create(target.gatedLocationId), 'post_session');
        made.push({ id: awaiting.id, location: target.gatedLocationId });
        await tester.redeem(target.gatedLocationId, awaiting.id, 5);
      }
      await tester.end(direct, second.id);

      const mineReply = await tester.listMine();
      const mine = list(mineReply, 'get_user_sessions');
      // A server may forget sessions that ended long ago (its stored limit), never an open one.
      const kept = before.filter((old) => mine.some((s) => s.id === old.id));
      const forgotten = before.filter((old) => !kept.includes(old) && old.end_time === undefined);
      expect(
        forgotten.length === 0,
        mineReply,
        'every open session still listed',
        `open sessions ${forgotten.map((s) => s.id).join(', ')} are gone`,
      );
      const expected = [...kept.map((s) => s.id), ...made.map((m) => m.id)];
      expect(
        isDeepStrictEqual(
          mine.map((s) => s.id),
          expected,
        ),
        mineReply,
        `the sessions listed before (those still kept), then the ${made.length} new ones in the order they were made: ${expected.join(', ')}`,
        mine.map((s) => s.id).join(', '),
      );
      const atReply = await tester.listAt(direct);
      const at = list(atReply, 'get_location_sessions').map((s) => s.id);
      // Where every session names its location, the location's list is the user's list filtered.
      const wanted = mine.every((s) => s.location_id !== undefined)
        ? mine.filter((s) => s.location_id === direct).map((s) => s.id)
        : made.filter((m) => m.location === direct).map((m) => m.id);
      const exact = mine.every((s) => s.location_id !== undefined);
      expect(
        exact
          ? isDeepStrictEqual(at, wanted)
          : isDeepStrictEqual(
              at.filter((id) => made.some((m) => m.id === id)),
              wanted,
            ),
        atReply,
        `get_location_sessions ${direct}: ${wanted.join(', ')}, in that order`,
        at.join(', '),
      );
      return { failures: [] };
    },
  },
];
