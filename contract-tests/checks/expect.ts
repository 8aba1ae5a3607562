import { isDeepStrictEqual } from 'node:util';
import { operations, type OperationId } from 'coord-parking/contract';
import { sessionState } from 'coord-parking';
import type { Barcode, Session } from 'coord-parking';
import { CheckFailure } from '../../src/verify/check.ts';
import type { Reply, UserDriver } from '../../src/verify/drivers.ts';
import { excerpt } from '../../src/verify/exchange.ts';

/**
 * The assertions stateful checks are written with. Each stops the check with a CheckFailure
 * that shows the reply at fault; a reply that is not what the contract promises (a 200 whose
 * body is no session) stops it the same way, so no check ever works on a shape it did not get.
 */
export function expect(condition: boolean, reply: Reply | undefined, expected: string, actual: unknown): void {
  if (condition) return;
  const got = typeof actual === 'string' ? actual : shown(actual);
  throw new CheckFailure({ message: `expected ${expected}, got ${got}`, expected, actual: got, exchange: reply?.exchange });
}

export function status(reply: Reply, wanted: number, what: string): void {
  expect(reply.status === wanted, reply, `${wanted} for ${what}`, `${reply.status} ${shown(reply.body)}`);
}

/** The session a 200 of `operationId` carries. */
export function session(reply: Reply, operationId: OperationId): Session {
  status(reply, 200, operationId);
  expect(operations[operationId].responses['200']!.validate(reply.body), reply, `a session from ${operationId}`, shown(reply.body));
  return reply.body as Session;
}

/** The barcode a 200 of create_barcode carries. */
export function barcode(reply: Reply): Barcode {
  status(reply, 200, 'create_barcode');
  expect(operations.create_barcode.responses['200'].validate(reply.body), reply, 'a barcode from create_barcode', shown(reply.body));
  return reply.body as Barcode;
}

/** The sessions a 200 of a list operation carries. */
export function list(reply: Reply, operationId: 'get_location_sessions' | 'get_user_sessions'): Session[] {
  status(reply, 200, operationId);
  expect(
    operations[operationId].responses['200']!.validate(reply.body),
    reply,
    `a list of sessions from ${operationId}`,
    shown(reply.body),
  );
  return reply.body as Session[];
}

export function sameFields(expected: Session, seen: Session, where: string, reply?: Reply): void {
  const differing = Object.keys(expected).filter((key) => !isDeepStrictEqual(expected[key as keyof Session], seen[key as keyof Session]));
  if (differing.length > 0) {
    throw new CheckFailure({
      message: `${where} shows session ${expected.id} with other values for ${differing.join(', ')}`,
      expected: JSON.stringify(expected),
      actual: JSON.stringify(seen),
      exchange: reply?.exchange,
    });
  }
}

/**
 * Brings a user to "no open session here" so a check starts clean on a server with history:
 * ends an active session, redeems one awaiting redemption when the user may; returns one that
 * must stay (awaiting redemption, for a regular user).
 */
export async function settle(user: UserDriver, locationId: string): Promise<Session | undefined> {
  const reply = await user.listAt(locationId);
  let waiting: Session | undefined;
  for (const open of list(reply, 'get_location_sessions').filter((s) => sessionState(s) !== 'ended')) {
    if (sessionState(open) === 'active') await user.end(locationId, open.id);
    else if ((await user.redeem(locationId, open.id, 1)).status !== 200) waiting = open;
  }
  return waiting;
}

export function shown(body: unknown): string {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body));
  return excerpt(text, 200);
}
