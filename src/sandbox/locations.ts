/**
 * The sandbox's parking locations. A `direct` location starts a session as soon as it is
 * created; a `gated` one hands out a barcode, and the session starts and ends when it is scanned
 * at the gate (in the sandbox: when a test user simulates the redemption).
 *
 * Pricing rule: `ratePerStartedHour` minor units for every hour begun, so 1 to 60 minutes cost
 * one rate, 61 to 120 two, and a session ended within its first minute still costs one.
 */
export interface Location {
  id: string;
  kind: 'direct' | 'gated';
  ratePerStartedHour: number;
  currency: string;
}

export const DEFAULT_LOCATIONS: Location[] = [
  { id: 'lot-1', kind: 'direct', ratePerStartedHour: 250, currency: 'USD' },
  { id: 'gate-7', kind: 'gated', ratePerStartedHour: 300, currency: 'USD' },
];

const HOUR_MS = 60 * 60 * 1000;

export function priceOf(location: Location, startMs: number, endMs: number): { amount: number; currency: string } {
  const startedHours = Math.max(1, Math.ceil((endMs - startMs) / HOUR_MS));
  return { amount: startedHours * location.ratePerStartedHour, currency: location.currency };
}
