import type { Session } from 'coord-parking';
import { sessionState } from 'coord-parking';
import type { Check } from '../../src/verify/check.ts';
import { barcode, expect, list, sameFields, session, settle, status } from './expect.ts';

/**
 * The lifecycles of the contract, each a sequence of calls whose answers must fit together,
 * run as raw HTTP and through the typed client.
 */
export const LIFECYCLE_CHECKS: Check[] = [
  {
    name: 'ensure_resource_availability',
    description: 'A created session can be fetched, and is in both lists, with the same fields.',
    needs: ['behaviour'],
    per: 'flow',
    operations: ['post_session', 'get_session', 'get_location_sessions', 'get_user_sessions'],
    async judge({ driver: { tester }, run: { target } }) {
      const { locationId } = target;
      await settle(tester, locationId);
      const created = session(await tester.create(locationId), 'post_session');
      const fetched = await tester.get(locationId, created.id);
      sameFields(created, session(fetched, 'get_session'), 'get_session', fetched);
      for (const [name, reply] of [
        ['get_location_sessions', await tester.listAt(locationId)],
        ['get_user_sessions', await tester.listMine()],
      ] as const) {
        const listed = list(reply, name).find((s) => s.id === created.id);
        expect(listed !== undefined, reply, `${name} lists session ${created.id}`, `no session ${created.id} in the list`);
        sameFields(created, listed!, name, reply);
      }
      await tester.end(locationId, created.id);
      return { failures: [] };
    },
  },
  {
    name: 'direct_lifecycle',
    description: 'create → active → end → ended, end_time ≥ start_time, billed → end again: 409.',
    needs: ['behaviour'],
    per: 'flow',
    operations: ['post_session', 'get_session', 'end_session'],
    async judge({ driver: { tester }, run: { target } }) {
      const { locationId } = target;
      await settle(tester, locationId);
      const createReply = await tester.create(locationId);
      const created = session(createReply, 'post_session');
      expect(
        sessionState(created) === 'active',
        createReply,
        'a session that started at once (start_time, no end_time)',
        sessionState(created),
      );
      const endReply = await tester.end(locationId, created.id);
      const ended = session(endReply, 'end_session');
      expect(sessionState(ended) === 'ended', endReply, 'end_time set', sessionState(ended));
      expect(
        Date.parse(ended.end_time!) >= Date.parse(ended.start_time!),
        endReply,
        'end_time ≥ start_time',
        `${ended.start_time} → ${ended.end_time}`,
      );
      expect(ended.billing_info !== undefined, endReply, 'billing_info on the ended session', 'none');
      const fetched = session(await tester.get(locationId, created.id), 'get_session');
      expect(fetched.end_time === ended.end_time, endReply, `get_session shows end_time ${ended.end_time}`, String(fetched.end_time));
      status(await tester.end(locationId, created.id), 409, 'end_session on an ended session');
      return { failures: [] };
    },
  },
  {
    name: 'gated_lifecycle',
    description: 'create → redemption_info, no start_time → end: 409 → fake_redemption(d) → d minutes apart, billed → again: 409.',
    needs: ['behaviour', 'gated location'],
    per: 'flow',
    operations: ['post_session', 'end_session', 'fake_redemption', 'get_session'],
    async judge({ driver: { tester }, run: { target } }) {
      const location = target.gatedLocationId!;
      await settle(tester, location);
      const createReply = await tester.create(location);
      const created = session(createReply, 'post_session');
      expect(
        created.redemption_info !== undefined && created.start_time === undefined,
        createReply,
        'redemption_info and no start_time',
        JSON.stringify(created),
      );
      status(await tester.end(location, created.id), 409, 'end_session on a session with redemption_info');
      const minutes = 37;
      const redeemReply = await tester.redeem(location, created.id, minutes);
      const redeemed = session(redeemReply, 'fake_redemption');
      const apart = Date.parse(redeemed.end_time ?? '') - Date.parse(redeemed.start_time ?? '');
      expect(
        apart === minutes * 60_000,
        redeemReply,
        `start_time and end_time ${minutes} minutes apart`,
        `${redeemed.start_time} → ${redeemed.end_time}`,
      );
      expect(redeemed.billing_info !== undefined, redeemReply, 'billing_info', 'none');
      const fetched = await tester.get(location, created.id);
      expect(sessionState(session(fetched, 'get_session')) === 'ended', fetched, 'get_session shows it ended', 'not ended');
      status(await tester.redeem(location, created.id, minutes), 409, 'fake_redemption on a redeemed session');
      return { failures: [] };
    },
  },
  {
    name: 'get_session_identity',
    description: 'get_session returns the session asked for, not another.',
    needs: ['behaviour'],
    per: 'flow',
    operations: ['get_session'],
    async judge({ driver: { tester }, run: { target } }) {
      const { locationId } = target;
      await settle(tester, locationId);
      const first = session(await tester.create(locationId), 'post_session');
      await tester.end(locationId, first.id);
      const second = session(await tester.create(locationId), 'post_session');
      for (const wanted of [first, second]) {
        const reply = await tester.get(locationId, wanted.id);
        const got = session(reply, 'get_session');
        expect(got.id === wanted.id, reply, `session ${wanted.id}`, `session ${got.id}`);
      }
      await tester.end(locationId, second.id);
      return { failures: [] };
    },
  },
  {
    name: 'at_most_one_active',
    description: 'A second session at the same location while one is open: 409, and the list shows one.',
    needs: ['behaviour'],
    per: 'flow',
    operations: ['post_session', 'get_location_sessions'],
    async judge({ driver: { tester }, run: { target } }) {
      const { locationId } = target;
      await settle(tester, locationId);
      const first = session(await tester.create(locationId), 'post_session');
      status(await tester.create(locationId), 409, 'a second post_session at the same location');
      const reply = await tester.listAt(locationId);
      const open = list(reply, 'get_location_sessions').filter((s) => sessionState(s) !== 'ended');
      expect(open.length === 1 && open[0]!.id === first.id, reply, `one open session (${first.id})`, JSON.stringify(open.map((s) => s.id)));
      await tester.end(locationId, first.id);
      return { failures: [] };
    },
  },
  {
    name: 'lists_scoped_to_caller',
    description: "Lists hold only the caller's sessions, never two open at one location; another user's are not in them.",
    needs: ['behaviour'],
    per: 'flow',
    operations: ['get_user_sessions', 'get_location_sessions'],
    async judge({ driver: { tester, other }, run: { target } }) {
      const { locationId } = target;
      await settle(tester, locationId);
      const mine = session(await tester.create(locationId), 'post_session');
      let theirs: Session | undefined;
      if (other) {
        await settle(other, locationId);
        theirs = session(await other.create(locationId), 'post_session');
      }
      for (const [name, reply] of [
        ['get_user_sessions', await tester.listMine()],
        ['get_location_sessions', await tester.listAt(locationId)],
      ] as const) {
        const sessions = list(reply, name);
        const strangers = sessions.filter((s) => s.user_id !== mine.user_id);
        expect(
          strangers.length === 0,
          reply,
          `only sessions of user ${mine.user_id}`,
          `sessions ${strangers.map((s) => s.id).join(', ')} of other users`,
        );
        expect(!theirs || !sessions.some((s) => s.id === theirs.id), reply, `not the other user's session ${theirs?.id}`, 'it is listed');
        const open = sessions.filter((s) => sessionState(s) !== 'ended').map((s) => s.location_id ?? locationId);
        expect(new Set(open).size === open.length, reply, 'at most one open session per location', JSON.stringify(open));
      }
      await tester.end(locationId, mine.id);
      if (other && theirs) await other.end(locationId, theirs.id);
      return {
        failures: [],
        note: other ? undefined : "without a second user (--non-test-token), no other user's session to look for",
      };
    },
  },
  {
    name: 'barcode_for_location',
    description: 'create_barcode for a known location: a barcode in the asked format, not yet expired.',
    needs: ['behaviour'],
    per: 'flow',
    operations: ['create_barcode'],
    async judge({ driver: { tester }, run: { target } }) {
      const reply = await tester.barcode(target.locationId, 'code128');
      const issued = barcode(reply);
      expect(issued.format === 'code128', reply, 'format code128, as asked', issued.format);
      expect(Date.parse(issued.expires_at) > Date.now() - 60_000, reply, 'expires_at in the future', issued.expires_at);
      return { failures: [] };
    },
  },
  {
    name: 'fake_redemption_forbidden',
    description: "fake_redemption with a regular (non-test) user's token: 403.",
    needs: ['behaviour', 'second user', 'gated location'],
    per: 'flow',
    operations: ['fake_redemption'],
    async judge({ driver: { other }, run: { target } }) {
      const location = target.gatedLocationId!;
      // A gated session cannot be ended through the API, so one left by an earlier run is reused.
      const waiting = await settle(other!, location);
      const awaiting = waiting ?? session(await other!.create(location), 'post_session');
      status(await other!.redeem(location, awaiting.id, 5), 403, 'fake_redemption by a regular user');
      return { failures: [] };
    },
  },
];
