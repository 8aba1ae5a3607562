/**
 * The contract suite: every named check of `coord-parking verify`, in the order they run.
 * The runner (src/verify) mounts whatever list it is handed; the CLI hands it this one.
 *
 *   lifecycles          the contract's flows, as raw HTTP and through the typed client
 *   state rules         every documented 404 and 409, provoked
 *   authorization       another user's sessions, fields the server owns
 *   concurrency         the rules only one request may pass, raced
 *   consistency         what a session says, over time and in every view; the lists
 *   inputs              per operation: methods, credentials (expired too), generated data
 *   every response      per operation, last: judges everything the others received
 *                       (conformance to the contract, HTTP and problem-details semantics, credentials)
 */
import type { Check } from '../src/verify/check.ts';
import { AUTHORIZATION_CHECKS } from './checks/authorization.ts';
import { CONCURRENCY_CHECKS } from './checks/concurrency.ts';
import { CONSISTENCY_CHECKS } from './checks/consistency.ts';
import { LIFECYCLE_CHECKS } from './checks/flows.ts';
import { INPUT_CHECKS } from './checks/inputs.ts';
import { RESPONSE_CHECKS } from './checks/responses.ts';
import { SEMANTICS_CHECKS } from './checks/semantics.ts';
import { STATE_RULE_CHECKS } from './checks/state-rules.ts';

export const CONTRACT_CHECKS: readonly Check[] = [
  ...LIFECYCLE_CHECKS,
  ...STATE_RULE_CHECKS,
  ...AUTHORIZATION_CHECKS,
  ...CONCURRENCY_CHECKS,
  ...CONSISTENCY_CHECKS,
  ...INPUT_CHECKS,
  ...RESPONSE_CHECKS,
  ...SEMANTICS_CHECKS,
];
