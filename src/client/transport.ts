import {
  CoordError,
  CoordNetworkError,
  CoordResponseError,
  CoordTimeoutError,
  type Redactor,
  type RequestContext,
} from '../errors/index.ts';
import { readBody } from './body.ts';
import { withCredentials } from './credentials.ts';
import type { NormalizedOptions } from './options.ts';
import { decideRetry } from './retry.ts';
import { delay, follow } from './signals.ts';

/** One request as the domain API (or a plugin) hands it over, before credentials are added. */
export interface Outgoing {
  /** Which operation, for errors; undefined when a raw call's path is not the contract's. */
  operationId: string | undefined;
  method: string;
  url: string;
  headers: Headers;
  body: string | ArrayBuffer | undefined;
  /**
   * The caller's signal. It is followed per attempt rather than passed to fetch with the
   * request, so each call removes what it adds to it (one app-wide signal serves any number of calls).
   */
  signal: AbortSignal | null | undefined;
}

/** A response read whole within the limits: its status and headers, its bytes, and where it came from. */
export interface Received {
  /** Its body already read: use `bytes`. */
  response: Response;
  bytes: Uint8Array;
  context: RequestContext;
}

export type Transport = (outgoing: Outgoing) => Promise<Received>;

/**
 * Everything between a request and its bytes: credentials, redirects refused, a time limit per
 * attempt that covers the body too, a bounded body, retries. Every body is read here, so every
 * way reading can fail becomes a CoordError here, and the attempt's timer and signal listener
 * end with the call.
 */
export function createTransport(options: NormalizedOptions, redactor: Redactor): Transport {
  const { retry, timeoutMs, maxResponseBytes } = options;

  return async function transport({ operationId, method, url: bare, headers, body, signal }) {
    const credentialed = withCredentials(bare, headers, options, redactor);
    const url = typeof credentialed === 'string' ? credentialed : await credentialed;
    const context: RequestContext = { operationId, method, url };
    // One error for both ways a response is refused unread.
    const refuse = (status: number, reason: string) =>
      new CoordResponseError({ status, contentType: undefined, reason, context }, redactor);

    for (let retryCount = 0; ; retryCount++) {
      const attempt = startAttempt(timeoutMs, signal, context, redactor);
      try {
        let response: Response;
        try {
          response = await options.fetch(url, { method, headers, body, signal: attempt.signal, redirect: 'manual' });
        } catch (error) {
          const reason = attempt.failure(error);
          const decision = reason instanceof CoordNetworkError && decideRetry({ retryCount, method, networkError: true }, retry);
          if (!decision || !decision.retry) throw reason;
          attempt.end();
          await delay(decision.delayMs, signal);
          continue;
        }
        const { status } = response;
        // The contract documents no redirect, and following one could carry credentials to another host.
        if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
          attempt.abandon();
          const location = response.headers.get('location');
          throw refuse(status, `a redirect${location ? ` to ${redactor.url(location)}` : ''}, which the client does not follow`);
        }
        // Only error statuses are retried (the retry options refuse others), so a success skips the ladder.
        const decision =
          status >= 400 && decideRetry({ retryCount, method, status, retryAfter: response.headers.get('retry-after') }, retry);
        if (decision && decision.retry) {
          attempt.abandon();
          await delay(decision.delayMs, signal);
          continue;
        }
        let bytes: Uint8Array | undefined;
        try {
          bytes = await readBody(response.body, maxResponseBytes);
        } catch (error) {
          throw attempt.failure(error, 'while reading the body');
        }
        if (bytes) return { response, bytes, context };
        attempt.abandon();
        throw refuse(status, `a body over maxResponseBytes (${maxResponseBytes} bytes), not read further`);
      } finally {
        attempt.end();
      }
    }
  };
}

/**
 * One attempt's abort signal: the caller's signal or the time limit, whichever comes first.
 * `end` clears the timer and stops following the caller's signal; `abandon` also aborts the
 * attempt, releasing a connection whose body is left unread.
 */
function startAttempt(timeoutMs: number, callerSignal: AbortSignal | null | undefined, context: RequestContext, redactor: Redactor) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const unfollow = callerSignal && follow(callerSignal, controller);
  const end = () => {
    clearTimeout(timer);
    unfollow?.();
  };
  return {
    signal: controller.signal,
    end,
    abandon() {
      end();
      controller.abort();
    },
    /** What a failure of this attempt is to the caller: the caller's own abort reason, or a CoordError. */
    failure(error: unknown, during?: string): unknown {
      if (callerSignal?.aborted) return callerSignal.reason;
      if (timedOut) return new CoordTimeoutError({ timeoutMs, context }, redactor);
      return new CoordNetworkError({ cause: error, context, during }, redactor);
    },
  };
}
