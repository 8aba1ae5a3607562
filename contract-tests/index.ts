/**
 * The contract suite: every named check of `coord-parking verify`, in the order they run.
 * The runner (src/verify) mounts whatever list it is handed; the CLI hands it this one.
 *
 *   lifecycles          the contract's flows, as raw HTTP and through the typed client
 *   inputs              per operation: methods, credentials, generated data
 *   every response      per operation, last: judges everything the others received
 *                       (conformance to the contract, HTTP and problem-details semantics, credentials)
 */
import type { Check } from '../src/verify/check.ts';
import { LIFECYCLE_CHECKS } from './checks/flows.ts';
import { INPUT_CHECKS } from './checks/inputs.ts';
import { RESPONSE_CHECKS } from './checks/responses.ts';
import { SEMANTICS_CHECKS } from './checks/semantics.ts';

export const CONTRACT_CHECKS: readonly Check[] = [...LIFECYCLE_CHECKS, ...INPUT_CHECKS, ...RESPONSE_CHECKS, ...SEMANTICS_CHECKS];
