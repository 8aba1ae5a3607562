/**
 * An optional per-user token bucket, so that clients and the contract suite can meet a real 429
 * with Retry-After. Off unless the sandbox is started with `rateLimit`.
 */
export interface RateLimitOptions {
  /** Requests allowed per window, per user. */
  requests: number;
  windowMs: number;
}

export class RateLimiter {
  readonly #options: RateLimitOptions;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(options: RateLimitOptions, now: () => number) {
    this.#options = options;
    this.#now = now;
  }

  clear(): void {
    this.#buckets.clear();
  }

  /** 0 when the request may go ahead; otherwise how long to wait, in ms. */
  take(key: string): number {
    const { requests, windowMs } = this.#options;
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: requests, updatedMs: now };
    bucket.tokens = Math.min(requests, bucket.tokens + ((now - bucket.updatedMs) * requests) / windowMs);
    bucket.updatedMs = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * windowMs) / requests);
  }
}
