import type { Target } from './target.ts';

/**
 * What a target offers beyond one test user and one direct location. `behaviour`: it acts on
 * what it is sent (keeps sessions, checks credentials, honours the request), as a server does
 * and a mock answering from examples does not. A check names the
 * capabilities it needs; on a target without one it is reported "not covered", never passed.
 */
export type Capability = 'behaviour' | 'second user' | 'gated location' | 'expired token' | 'prism proxy';

/** Why a target lacks each capability, as the report says it (and what would provide it). */
export const WITHOUT: Record<Capability, string> = {
  behaviour: "the target is a mock: it answers from the contract's examples, keeps no session and checks no credential's value",
  'second user': 'needs a second, regular user: --non-test-token (COORD_NON_TEST_USER_TOKEN)',
  'gated location': 'needs a gated location: --gated-location (COORD_GATED_LOCATION_ID)',
  'expired token': 'needs an expired token of the test user: --expired-token (COORD_EXPIRED_USER_TOKEN)',
  'prism proxy': 'only with --via-prism',
};

/** The first of `needs` the target lacks, if any: the reason a check is not covered. */
export function missingCapability(target: Target, needs: readonly Capability[]): Capability | undefined {
  return needs.find((need) => !target.capabilities.has(need));
}
