import type { Session } from 'coord-parking';
import type { OperationId } from 'coord-parking/contract';
import type { Capability } from '../../src/verify/capabilities.ts';
import { CheckFailure, type Check } from '../../src/verify/check.ts';
import type { Reply, UserDriver } from '../../src/verify/drivers.ts';
import type { Failure } from '../../src/verify/results.ts';
import type { Target } from '../../src/verify/target.ts';
import { NO_SUCH_SESSION } from './authorization.ts';
import { session, settle, status } from './expect.ts';

/** A valid location id no server has (the contract's slug form). */
const NO_SUCH_LOCATION = 'no-such-location-7c1f0e';

interface Where {
  tester: UserDriver;
  target: Target;
  /** Another location that exists, when the target has two. */
  elsewhere: string;
  /** A fresh session of the test user in the given state, made for the rule. */
  fresh(state: SessionState): Promise<Session>;
}

/**
 * Every state rule of the contract with its answer, one entry each: how to provoke it, and the
 * status the contract documents for it. A test checks that these cover every 404 and 409 the
 * contract documents (another user's session, 404, is object_level_authorization's).
 */
export const STATE_RULES: {
  operation: OperationId;
  status: 404 | 409;
  rule: string;
  needs?: Capability;
  provoke(where: Where): Promise<Reply>;
}[] = [
  {
    operation: 'get_location_sessions',
    status: 404,
    rule: 'an unknown location',
    provoke: ({ tester }) => tester.listAt(NO_SUCH_LOCATION),
  },
  { operation: 'post_session', status: 404, rule: 'an unknown location', provoke: ({ tester }) => tester.create(NO_SUCH_LOCATION) },
  {
    operation: 'post_session',
    status: 409,
    rule: 'a second open session where one is active',
    provoke: async ({ tester, target, fresh }) => (await fresh('active'), tester.create(target.locationId)),
  },
  {
    operation: 'post_session',
    status: 409,
    rule: 'a second open session where one awaits redemption',
    needs: 'gated location',
    provoke: async ({ tester, target, fresh }) => (await fresh('awaiting'), tester.create(target.gatedLocationId!)),
  },
  {
    operation: 'get_session',
    status: 404,
    rule: 'an unknown session',
    provoke: ({ tester, target }) => tester.get(target.locationId, NO_SUCH_SESSION),
  },
  {
    operation: 'get_session',
    status: 404,
    rule: "one of the caller's sessions, asked for at another location",
    needs: 'gated location',
    provoke: async ({ tester, elsewhere, fresh }) => tester.get(elsewhere, (await fresh('active')).id),
  },
  {
    operation: 'end_session',
    status: 404,
    rule: 'an unknown session',
    provoke: ({ tester, target }) => tester.end(target.locationId, NO_SUCH_SESSION),
  },
  {
    operation: 'end_session',
    status: 404,
    rule: "one of the caller's sessions, ended at another location",
    needs: 'gated location',
    provoke: async ({ tester, elsewhere, fresh }) => tester.end(elsewhere, (await fresh('active')).id),
  },
  {
    operation: 'end_session',
    status: 409,
    rule: 'a session with redemption_info (it ends at the gate)',
    needs: 'gated location',
    provoke: async ({ tester, target, fresh }) => tester.end(target.gatedLocationId!, (await fresh('awaiting')).id),
  },
  {
    operation: 'end_session',
    status: 409,
    rule: 'a session that has ended',
    provoke: async ({ tester, target, fresh }) => tester.end(target.locationId, (await fresh('ended')).id),
  },
  {
    operation: 'create_barcode',
    status: 404,
    rule: 'an unknown location',
    provoke: ({ tester }) => tester.barcode(NO_SUCH_LOCATION, 'qr'),
  },
  {
    operation: 'fake_redemption',
    status: 404,
    rule: 'an unknown session',
    provoke: ({ tester, target }) => tester.redeem(target.locationId, NO_SUCH_SESSION, 5),
  },
  {
    operation: 'fake_redemption',
    status: 404,
    rule: "one of the caller's sessions, redeemed at another location",
    needs: 'gated location',
    provoke: async ({ tester, target, fresh }) => tester.redeem(target.locationId, (await fresh('awaiting')).id, 5),
  },
  {
    operation: 'fake_redemption',
    status: 409,
    rule: 'a session without redemption_info (it started at once)',
    provoke: async ({ tester, target, fresh }) => tester.redeem(target.locationId, (await fresh('active')).id, 5),
  },
  {
    operation: 'fake_redemption',
    status: 409,
    rule: 'a session already redeemed',
    needs: 'gated location',
    provoke: async ({ tester, target, fresh }) => tester.redeem(target.gatedLocationId!, (await fresh('redeemed')).id, 5),
  },
];

export const STATE_RULE_CHECKS: Check[] = [
  {
    name: 'state_rules',
    description: `Every 404 and 409 rule of the contract, each provoked on its own: unknown locations and sessions, a session at another location, a second open session, ending or redeeming what cannot be (${STATE_RULES.length} rules).`,
    needs: ['behaviour'],
    per: 'flow',
    operations: [...new Set(STATE_RULES.map((rule) => rule.operation))],
    async judge({ driver: { tester }, run: { target } }) {
      const failures: Failure[] = [];
      const unprovoked: string[] = [];
      const locations = [target.locationId, ...(target.gatedLocationId ? [target.gatedLocationId] : [])];
      for (const location of locations) await settle(tester, location);
      for (const rule of STATE_RULES) {
        if (rule.needs && !target.capabilities.has(rule.needs)) {
          unprovoked.push(`${rule.operation}: ${rule.rule}`);
          continue;
        }
        // Each rule starts with nothing open, and closes what it opened.
        const touched = new Set<string>();
        const where = {
          tester,
          target,
          elsewhere: target.gatedLocationId!,
          fresh: (state: SessionState) => fresh(tester, target, state, touched),
        };
        try {
          status(await rule.provoke(where), rule.status, `${rule.operation} on ${rule.rule}`);
        } catch (error) {
          if (!(error instanceof CheckFailure)) throw error;
          failures.push(error.failure);
        } finally {
          for (const location of touched) await settle(tester, location);
        }
      }
      return { failures, note: unprovoked.length ? `not provoked without a gated location: ${unprovoked.join('; ')}` : undefined };
    },
  },
];

type SessionState = 'active' | 'ended' | 'awaiting' | 'redeemed';

async function fresh(user: UserDriver, target: Target, state: SessionState, touched: Set<string>): Promise<Session> {
  const location = state === 'active' || state === 'ended' ? target.locationId : target.gatedLocationId!;
  touched.add(location);
  const made = session(await user.create(location), 'post_session');
  if (state === 'ended') session(await user.end(location, made.id), 'end_session');
  if (state === 'redeemed') session(await user.redeem(location, made.id, 5), 'fake_redemption');
  return made;
}
