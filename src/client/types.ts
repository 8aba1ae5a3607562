import type { components } from '../../generated/openapi.ts';

/** The contract's schemas under their own names, for application code. */
export type Session = components['schemas']['Session'];
export type NewSession = components['schemas']['NewSession'];
export type Barcode = components['schemas']['Barcode'];
export type BarcodeRequest = components['schemas']['BarcodeRequest'];
export type SimulateRedemptionRequest = components['schemas']['SimulateRedemptionRequest'];
export type Problem = components['schemas']['Problem'];
export type BillingInfo = components['schemas']['BillingInfo'];
export type RedemptionInfo = components['schemas']['RedemptionInfo'];

/** Per call: a signal to cancel it. */
export interface CallOptions {
  signal?: AbortSignal;
}
