import { parseRetryAfter } from './retry-after.ts';
import { MAX_TIMER_MS } from './signals.ts';

/**
 * When to try a request again, and how long to wait first: one decision ladder
 * (limit → status or network error → method → Retry-After → backoff), pure and testable alone.
 * The option names are ky's, and mean what ky's mean.
 */
export interface RetryOptions {
  /** Retries after the first attempt (as in ky); 0 disables them. */
  limit: number;
  /** Methods that may be retried, in any case. POST and PUT are not, by default: neither is idempotent here. */
  methods: readonly string[];
  /** Statuses that are retried; a network error is too. A timeout is not. */
  statusCodes: readonly number[];
  /** Statuses whose `Retry-After` is waited for instead of the backoff. */
  afterStatusCodes: readonly number[];
  /** Milliseconds. A longer `Retry-After` is not waited for: the response goes to the caller. */
  maxRetryAfter: number;
  /** Milliseconds: the longest backoff delay. */
  backoffLimit: number;
  /** The backoff before retry number `attemptCount` (from 1), in milliseconds. */
  delay: (attemptCount: number) => number;
  /** `true`: wait a random time between 0 and the delay, so many clients do not retry in step. */
  jitter: boolean | ((delay: number) => number);
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  limit: 2,
  methods: Object.freeze(['get']),
  statusCodes: Object.freeze([429, 502, 503, 504]),
  afterStatusCodes: Object.freeze([413, 429, 503]),
  maxRetryAfter: 60_000,
  backoffLimit: 10_000,
  delay: (attemptCount: number) => 0.3 * 2 ** (attemptCount - 1) * 1000,
  jitter: true,
});

export interface AttemptOutcome {
  /** Retries made so far: 0 after the first attempt. */
  retryCount: number;
  method: string;
  /** The status, when the attempt got a response. */
  status?: number;
  /** The Retry-After header of that response. */
  retryAfter?: string | null;
  /** True when the attempt failed without a response (refused, reset, DNS…). */
  networkError?: boolean;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

export function decideRetry(outcome: AttemptOutcome, options: RetryOptions): RetryDecision {
  if (outcome.retryCount >= options.limit) return { retry: false, reason: 'retry limit reached' };
  const { status } = outcome;
  if (!outcome.networkError && (status === undefined || !options.statusCodes.includes(status))) {
    return { retry: false, reason: 'status not retried' };
  }
  const method = outcome.method.toLowerCase();
  if (!options.methods.some((allowed) => allowed.toLowerCase() === method)) return { retry: false, reason: 'method not retried' };
  const retryAfterMs = status !== undefined && options.afterStatusCodes.includes(status) ? parseRetryAfter(outcome.retryAfter) : undefined;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > options.maxRetryAfter) return { retry: false, reason: 'Retry-After beyond maxRetryAfter' };
    return { retry: true, delayMs: retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelay(outcome.retryCount + 1, options) };
}

/** The wait before retry number `attemptCount`: the delay, capped, then jittered; always a timer's worth. */
export function backoffDelay(attemptCount: number, options: RetryOptions, random: () => number = Math.random): number {
  const capped = Math.min(options.backoffLimit, options.delay(attemptCount));
  const jittered = typeof options.jitter === 'function' ? options.jitter(capped) : options.jitter ? random() * capped : capped;
  // A delay function may return anything; NaN and negatives mean no wait.
  return Math.min(MAX_TIMER_MS, Math.max(0, jittered) || 0);
}
