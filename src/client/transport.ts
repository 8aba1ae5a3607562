import { CoordNetworkError, CoordResponseError, CoordTimeoutError, type Redactor, type RequestContext } from '../errors/index.ts';
import { readBody } from './body.ts';
import { withCredentials } from './credentials.ts';
import type { NormalizedOptions } from './options.ts';
import { decideRetry } from './retry.ts';
import { delay, withTimeLimit } from './signals.ts';

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
    const url = await withCredentials(bare, headers, options, redactor);
    const context: RequestContext = { operationId, method, url };
    // One error for both ways a response is refused unread.
    const refuse = (status: number, reason: string) =>
      new CoordResponseError({ status, contentType: undefined, reason, context }, redactor);

    /** One attempt, under its own time limit (reading the body included): the response, or the wait before the next. */
    async function attempt(retryCount: number): Promise<Received | number> {
      const limit = withTimeLimit(timeoutMs, signal);
      /** What a failure is to the caller: the caller's own abort reason, or a CoordError. */
      const failure = (error: unknown, during?: string) =>
        signal?.aborted
          ? signal.reason
          : limit.timedOut
            ? new CoordTimeoutError({ timeoutMs, context }, redactor)
            : new CoordNetworkError({ cause: error, context, during }, redactor);
      try {
        let response: Response;
        try {
          response = await options.fetch(url, { method, headers, body, signal: limit.signal, redirect: 'manual' });
        } catch (error) {
          const reason = failure(error);
          const decision = reason instanceof CoordNetworkError && decideRetry({ retryCount, method, networkError: true }, retry);
          if (decision && decision.retry) return decision.delayMs;
          throw reason;
        }
        const { status } = response;
        // The contract documents no redirect, and following one could carry credentials to another host.
        if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
          limit.abort();
          const location = response.headers.get('location');
          throw refuse(status, `a redirect${location ? ` to ${redactor.url(location)}` : ''}, which the client does not follow`);
        }
        const decision = decideRetry({ retryCount, method, status, retryAfter: response.headers.get('retry-after') }, retry);
        if (decision.retry) {
          // Its body is not read: aborting releases the connection.
          limit.abort();
          return decision.delayMs;
        }
        let bytes: Uint8Array | undefined;
        try {
          bytes = await readBody(response.body, maxResponseBytes);
        } catch (error) {
          throw failure(error, 'while reading the body');
        }
        if (bytes) return { response, bytes, context };
        limit.abort();
        throw refuse(status, `a body over maxResponseBytes (${maxResponseBytes} bytes), not read further`);
      } finally {
        limit.end();
      }
    }

    for (let retryCount = 0; ; retryCount++) {
      const outcome = await attempt(retryCount);
      if (typeof outcome !== 'number') return outcome;
      await delay(outcome, signal);
    }
  };
}
