/**
 * When to try a request again, and how long to wait first: one decision ladder
 * (limit → method → status or network error → Retry-After → backoff), pure and testable alone.
 */
export interface RetryOptions {
  /** Attempts in all, the first included. 1 disables retries. */
  limit: number;
  /** Methods that may be retried. POST and PUT are not, by default: neither is idempotent here. */
  methods: string[];
  statusCodes: number[];
  /** First backoff delay; each retry doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is not waited for: the response is returned to the caller instead. */
  maxRetryAfterMs: number;
  /** Spread waits over [delay/2, delay] so that many clients do not retry in step. */
  jitter: boolean;
}

export const DEFAULT_RETRY: RetryOptions = {
  limit: 3,
  methods: ['GET'],
  statusCodes: [429, 502, 503, 504],
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  jitter: true,
};

export interface AttemptOutcome {
  /** 1 for the first attempt. */
  attempt: number;
  method: string;
  /** The status, when the attempt got a response. */
  status?: number;
  /** The Retry-After header of that response. */
  retryAfter?: string | null;
  /** True when the attempt failed without a response (refused, reset, DNS…). */
  networkError?: boolean;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

export function decideRetry(
  outcome: AttemptOutcome,
  options: RetryOptions,
  { now = Date.now(), random = Math.random }: { now?: number; random?: () => number } = {},
): RetryDecision {
  if (outcome.attempt >= options.limit) return { retry: false, reason: 'attempt limit reached' };
  if (!options.methods.includes(outcome.method.toUpperCase())) return { retry: false, reason: 'method not retried' };
  if (!outcome.networkError) {
    if (outcome.status === undefined || !options.statusCodes.includes(outcome.status)) {
      return { retry: false, reason: 'status not retried' };
    }
    const retryAfterMs = parseRetryAfter(outcome.retryAfter, now);
    if (retryAfterMs !== undefined) {
      if (retryAfterMs > options.maxRetryAfterMs) return { retry: false, reason: 'Retry-After beyond the cap' };
      return { retry: true, delayMs: retryAfterMs };
    }
  }
  return { retry: true, delayMs: backoffDelay(outcome.attempt, options, random) };
}

/** Exponential backoff for the wait after attempt `attempt`, with optional jitter. */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return options.jitter ? Math.round(delay / 2 + (random() * delay) / 2) : delay;
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
