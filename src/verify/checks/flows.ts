import { isDeepStrictEqual } from 'node:util';
import type { OperationId } from 'coord-parking/contract';
import { type Barcode, type Session, sessionState } from 'coord-parking';
import { FlowFailure, type Driver, type Reply, type UserDriver } from '../drivers.ts';
import type { Target } from '../target.ts';

/** What a flow needs of the target beyond one test user and one direct location. */
type Need = 'gated location' | 'non-test user';

/** A stateful check: a sequence of calls whose answers must fit together. */
export interface Flow {
  name: string;
  description: string;
  operations: OperationId[];
  needs: Need[];
  run(driver: Driver, target: Target): Promise<void>;
}

export const FLOWS: Flow[] = [
  {
    name: 'ensure_resource_availability',
    description: 'A created session can be fetched, and is in both lists, with the same fields.',
    operations: ['post_session', 'get_session', 'get_location_sessions', 'get_user_sessions'],
    needs: [],
    async run({ tester }, { locationId }) {
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
    },
  },
  {
    name: 'direct_lifecycle',
    description: 'create → active → end → ended, end_time ≥ start_time, billed → end again: 409.',
    operations: ['post_session', 'get_session', 'end_session'],
    needs: [],
    async run({ tester }, { locationId }) {
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
    },
  },
  {
    name: 'gated_lifecycle',
    description: 'create → redemption_info, no start_time → end: 409 → fake_redemption(d) → d minutes apart, billed → again: 409.',
    operations: ['post_session', 'end_session', 'fake_redemption', 'get_session'],
    needs: ['gated location'],
    async run({ tester }, { gatedLocationId }) {
      const location = gatedLocationId!;
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
      expect(
        sessionState(session(await tester.get(location, created.id), 'get_session')) === 'ended',
        redeemReply,
        'get_session shows it ended',
        'not ended',
      );
      status(await tester.redeem(location, created.id, minutes), 409, 'fake_redemption on a redeemed session');
    },
  },
  {
    name: 'get_session_identity',
    description: 'get_session returns the session asked for, not another.',
    operations: ['get_session'],
    needs: [],
    async run({ tester }, { locationId }) {
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
    },
  },
  {
    name: 'at_most_one_active',
    description: 'A second session at the same location while one is open: 409, and the list shows one.',
    operations: ['post_session', 'get_location_sessions'],
    needs: [],
    async run({ tester }, { locationId }) {
      await settle(tester, locationId);
      const first = session(await tester.create(locationId), 'post_session');
      status(await tester.create(locationId), 409, 'a second post_session at the same location');
      const reply = await tester.listAt(locationId);
      const open = list(reply, 'get_location_sessions').filter((s) => sessionState(s) !== 'ended');
      expect(open.length === 1 && open[0]!.id === first.id, reply, `one open session (${first.id})`, JSON.stringify(open.map((s) => s.id)));
      await tester.end(locationId, first.id);
    },
  },
  {
    name: 'lists_scoped_to_caller',
    description: "Lists hold only the caller's sessions, never two open at one location; another user's are not in them.",
    operations: ['get_user_sessions', 'get_location_sessions'],
    needs: [],
    async run({ tester, other }, { locationId }) {
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
    },
  },
  {
    name: 'barcode_for_location',
    description: 'create_barcode for a known location: a barcode in the asked format, not yet expired.',
    operations: ['create_barcode'],
    needs: [],
    async run({ tester }, { locationId }) {
      const reply = await tester.barcode(locationId, 'code128');
      status(reply, 200, 'create_barcode');
      const barcode = reply.body as Barcode;
      expect(barcode.format === 'code128', reply, 'format code128, as asked', barcode.format);
      expect(Date.parse(barcode.expires_at) > Date.now() - 60_000, reply, 'expires_at in the future', barcode.expires_at);
    },
  },
  {
    name: 'fake_redemption_forbidden',
    description: "fake_redemption with a regular (non-test) user's token: 403.",
    operations: ['fake_redemption'],
    needs: ['gated location', 'non-test user'],
    async run({ other }, { gatedLocationId }) {
      const location = gatedLocationId!;
      // A gated session cannot be ended through the API, so one left by an earlier run is reused.
      const waiting = await settle(other!, location);
      const target = waiting ?? session(await other!.create(location), 'post_session');
      status(await other!.redeem(location, target.id, 5), 403, 'fake_redemption by a regular user');
    },
  },
];

/**
 * Brings a user to "no open session here" so a flow starts clean on a server with history:
 * ends an active session, redeems one awaiting redemption when the user may; returns one that
 * must stay (awaiting redemption, for a regular user).
 */
async function settle(user: UserDriver, locationId: string): Promise<Session | undefined> {
  const reply = await user.listAt(locationId);
  let waiting: Session | undefined;
  for (const open of list(reply, 'get_location_sessions').filter((s) => sessionState(s) !== 'ended')) {
    if (sessionState(open) === 'active') await user.end(locationId, open.id);
    else if ((await user.redeem(locationId, open.id, 1)).status !== 200) waiting = open;
  }
  return waiting;
}

function expect(condition: boolean, reply: Reply, expected: string, actual: string): void {
  if (!condition) throw new FlowFailure({ message: `expected ${expected}, got ${actual}`, expected, actual, exchange: reply.exchange });
}

function status(reply: Reply, wanted: number, what: string): void {
  expect(reply.status === wanted, reply, `${wanted} for ${what}`, `${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
}

function session(reply: Reply, operationId: string): Session {
  status(reply, 200, operationId);
  return reply.body as Session;
}

function list(reply: Reply, operationId: string): Session[] {
  status(reply, 200, operationId);
  return reply.body as Session[];
}

function sameFields(created: Session, seen: Session, where: string, reply?: Reply): void {
  const differing = Object.keys(created).filter((key) => !isDeepStrictEqual(created[key as keyof Session], seen[key as keyof Session]));
  if (differing.length > 0) {
    throw new FlowFailure({
      message: `${where} shows session ${created.id} with other values for ${differing.join(', ')}`,
      expected: JSON.stringify(created),
      actual: JSON.stringify(seen),
      exchange: reply?.exchange,
    });
  }
}
