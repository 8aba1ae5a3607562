import { FLOWS } from './flows.ts';
import { RESPONSE_CHECKS } from './response-checks.ts';
import { TRAFFIC_CHECKS } from './traffic-checks.ts';

export { FLOWS, RESPONSE_CHECKS, TRAFFIC_CHECKS };

/** Every named check, in the order the matrix shows them, with what it asserts. */
export const CHECK_CATALOGUE: { name: string; kind: 'response' | 'traffic' | 'stateful'; description: string }[] = [
  ...RESPONSE_CHECKS.map(({ name, description }) => ({ name, kind: 'response' as const, description })),
  ...TRAFFIC_CHECKS.map(({ name, description }) => ({ name, kind: 'traffic' as const, description })),
  ...FLOWS.map(({ name, description }) => ({ name, kind: 'stateful' as const, description })),
];
