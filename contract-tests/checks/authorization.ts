import type { Session } from 'coord-parking';
import type { Check } from '../../src/verify/check.ts';
import type { Reply, UserDriver } from '../../src/verify/drivers.ts';
import type { Failure } from '../../src/verify/results.ts';
import { requestFor } from '../../src/verify/run-context.ts';
import { expect, list, sameFields, session, settle, shown, status } from './expect.ts';
import { excerpt } from '../../src/verify/exchange.ts';

/** A session id no server will have handed out (the largest the contract allows). */
export const NO_SUCH_SESSION = Number.MAX_SAFE_INTEGER;

/**
 * What one user may do to another's data, thought through as an attacker would: reach a
 * session by its id (OWASP API1, broken object level authorization), or write fields the
 * server owns (OWASP API3, mass assignment).
 */
export const AUTHORIZATION_CHECKS: Check[] = [
  {
    name: 'object_level_authorization',
    description:
      "Another user's session, by its id: get_session, end_session and fake_redemption get the very answer a session that does not exist gets (404; 403 for a regular user's fake_redemption), naming nothing of it, and the session is untouched.",
    needs: ['behaviour', 'second user'],
    per: 'flow',
    operations: ['get_session', 'end_session', 'fake_redemption'],
    uses: ['get_location_sessions', 'post_session'],
    creates: [
      { user: 'test user', at: 'location', sessions: 1 },
      { user: 'regular user', at: 'location', sessions: 1 },
    ],
    async judge({ driver: { tester, other }, run: { target } }) {
      const location = target.locationId;
      await settle(tester, location);
      await settle(other!, location);
      const mine = session(await tester.create(location, { license_plate: 'OWNER 1' }), 'post_session');
      const theirs = session(await other!.create(location, { license_plate: 'OWNER 2' }), 'post_session');
      try {
        // A regular user at the test user's session; the test user, who may simulate
        // redemptions, at the regular user's (a direct session: 409 would give it away).
        await trespass(other!, tester, mine, location, 403);
        await trespass(tester, other!, theirs, location, 404);
      } finally {
        await tester.end(location, mine.id);
        await other!.end(location, theirs.id);
      }
      return { failures: [] };
    },
  },
  {
    name: 'mass_assignment',
    description:
      "Fields the server owns, sent in a request body (a session's id, user_id, location_id, times, billing_info, redemption_info; a barcode's data and expiry): 400, and nothing created.",
    needs: ['behaviour'],
    per: 'operation',
    operations: ['post_session', 'create_barcode'],
    // For post_session: the caller's sessions before and after, and the end of one made anyway.
    uses: ['get_location_sessions', 'get_user_sessions', 'end_session'],
    async judge({ run, operations: [operation], driver: { tester } }) {
      const location = run.target.locationId;
      const plate = 'MASS 1';
      const owned: Record<string, unknown> =
        operation.operationId === 'post_session'
          ? {
              id: 1,
              user_id: '00000000-0000-4000-8000-00000000a77a',
              location_id: run.target.gatedLocationId ?? 'elsewhere',
              start_time: '2000-01-01T00:00:00.000Z',
              end_time: '2000-01-01T00:01:00.000Z',
              billing_info: { cost: { amount: 0, currency: 'USD' } },
              redemption_info: { barcode: { format: 'qr', data: 'FREE', expires_at: '2100-01-01T00:00:00.000Z' } },
            }
          : { data: 'CHOSEN-BY-CLIENT', expires_at: '2100-01-01T00:00:00.000Z' };
      // What the caller had before: afterwards, the same and nothing more.
      const before = operation.operationId === 'post_session' ? (await settle(tester, location), ids(await tester.listMine())) : undefined;
      const failures: Failure[] = [];
      for (const [field, value] of Object.entries(owned)) {
        const base = operation.operationId === 'post_session' ? { license_plate: plate } : { location_id: location, format: 'qr' };
        const exchange = await run.exchanger.send(
          requestFor(operation, { pathValues: { location_id: location }, json: { ...base, [field]: value }, invalidOnPurpose: true }),
        );
        const answered = exchange.response?.status;
        if (answered === 400) continue;
        failures.push({
          message: `${operation.operationId} with ${field} in the body was not refused`,
          expected: '400: the server owns this field',
          actual: exchange.response ? `${answered}: ${excerpt(exchange.response.text, 300)}` : String(exchange.error),
          exchange,
        });
        // A session made anyway must not linger.
        const made = exchange.response?.body?.ok ? (exchange.response.body.value as Partial<Session>) : undefined;
        if (answered === 200 && typeof made?.id === 'number') await tester.end(location, made.id);
      }
      if (before) {
        const reply = await tester.listMine();
        const made = ids(reply).filter((id) => !before.includes(id));
        expect(made.length === 0, reply, 'no new session', `sessions ${made.join(', ')}`);
      }
      return { failures };
    },
  },
];

/** `intruder` at `owner`'s session `victim`: each operation answered as for no session at all. */
async function trespass(intruder: UserDriver, owner: UserDriver, victim: Session, location: string, redemption: 403 | 404) {
  const attempts: [string, (id: number) => Promise<Reply>, number][] = [
    ['get_session', (id) => intruder.get(location, id), 404],
    ['end_session', (id) => intruder.end(location, id), 404],
    ['fake_redemption', (id) => intruder.redeem(location, id, 5), redemption],
  ];
  for (const [operationId, attempt, wanted] of attempts) {
    const reply = await attempt(victim.id);
    status(reply, wanted, `${operationId} on another user's session ${victim.id}`);
    const nothing = await attempt(NO_SUCH_SESSION);
    const [seen, control] = [masked(reply, victim.id), masked(nothing, NO_SUCH_SESSION)];
    expect(seen === control, reply, `the answer for a session that does not exist: ${shown(control)}`, shown(seen));
    const named = [victim.user_id, victim.license_plate].filter((value) => value && JSON.stringify(reply.body).includes(value));
    expect(named.length === 0, reply, "nothing of the other user's session", `it names ${named.join(', ')}`);
  }
  const after = await owner.get(location, victim.id);
  sameFields(victim, session(after, 'get_session'), "the owner's session after another user's attempts", after);
}

function ids(reply: Reply): number[] {
  return list(reply, 'get_user_sessions').map((s) => s.id);
}

/** A reply as text, with the session id it was about replaced, so two answers can be compared. */
function masked(reply: Reply, id: number): string {
  const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  // As a whole number only: session 40's answer says 404 too.
  return `${reply.status} ${String(body).replace(new RegExp(`(?<![0-9])${id}(?![0-9])`, 'g'), '{id}')}`;
}
