import { operationRoutes } from '../../generated/operation-routes.ts';
import type { Middleware } from 'openapi-fetch';
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

/**
 * One call as the transport sees it, handed over beside the Request (openapi-fetch copies
 * unknown init properties onto the Request it gives a custom fetch): which operation, the
 * caller's signal (null: none), and, for the domain API, the body text the transport read.
 * The caller's signal travels here rather than as the Request's own, because a Request that
 * follows a signal keeps a listener on it that only garbage collection removes.
 */
export interface Call {
  operationId: string | undefined;
  signal: AbortSignal | null;
  /** True for the domain API, which takes the body from `text` rather than from the Response. */
  wantsText: boolean;
  /** Set by the transport when `wantsText`: the whole body, read within the limits. */
  text?: string;
  /** Set by the transport: where the request went, for errors. */
  context?: RequestContext;
}
export const CALL = 'coordCall';
type CallRequest = Request & { [CALL]?: Call };

/**
 * The `fetch` openapi-fetch calls, beneath all middleware: credentials, redirects refused, a
 * time limit per attempt that covers the body too, a bounded body, retries. Retrying here
 * rather than in middleware matters: openapi-fetch skips every `onResponse` once an
 * `onRequest` returns a Response, so a retrying middleware would hide responses from the others.
 *
 * Every body is read here, so every way reading can fail becomes a CoordError here, and the
 * attempt's timer and signal listener end with the call. Domain-API calls get the text in their
 * Call (openapi-fetch, asked for a stream, leaves a success's body alone); everything else gets
 * a Response holding the bytes read.
 */
export function createTransport(options: NormalizedOptions, redactor: Redactor) {
  const { retry, timeoutMs, maxResponseBytes } = options;

  return async function transport(input: Request): Promise<Response> {
    const request = input as CallRequest;
    const call = request[CALL];
    const callerSignal = call ? call.signal : request.signal;
    const credentialed = withCredentials(request, options, redactor);
    const url = typeof credentialed === 'string' ? credentialed : await credentialed;
    const method = request.method;
    const context: RequestContext = { operationId: call?.operationId, method, url };
    if (call) call.context = context;
    // Read once, so that every attempt can send it again.
    const body = request.body === null ? undefined : await request.arrayBuffer();

    for (let retryCount = 0; ; retryCount++) {
      const attempt = new Attempt(timeoutMs, callerSignal);
      try {
        let response: Response;
        try {
          response = await options.fetch(url, { method, headers: request.headers, body, signal: attempt.signal, redirect: 'manual' });
        } catch (error) {
          const reason = attempt.failure(error, context, redactor);
          const decision = reason instanceof CoordNetworkError && decideRetry({ retryCount, method, networkError: true }, retry);
          if (!decision || !decision.retry) throw reason;
          attempt.end();
          await delay(decision.delayMs, callerSignal);
          continue;
        }
        const { status } = response;
        // The contract documents no redirect, and following one could carry credentials to another host.
        if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
          attempt.abandon();
          const location = response.headers.get('location');
          const reason = `a redirect${location ? ` to ${redactor.url(location)}` : ''}, which the client does not follow`;
          throw new CoordResponseError({ status, contentType: undefined, reason, context }, redactor);
        }
        // Only error statuses are retried (the retry options refuse others), so a success skips the ladder.
        const decision =
          status >= 400 && decideRetry({ retryCount, method, status, retryAfter: response.headers.get('retry-after') }, retry);
        if (decision && decision.retry) {
          attempt.abandon();
          await delay(decision.delayMs, callerSignal);
          continue;
        }
        let bytes: Uint8Array | undefined;
        try {
          bytes = await readBody(response.body, maxResponseBytes);
        } catch (error) {
          throw attempt.failure(error, context, redactor, 'while reading the body');
        }
        if (bytes === undefined) {
          attempt.abandon();
          const reason = `a body over maxResponseBytes (${maxResponseBytes} bytes), not read further`;
          throw new CoordResponseError({ status, contentType: undefined, reason, context }, redactor);
        }
        if (!call?.wantsText) return withBody(response, bytes);
        call.text = decoder.decode(bytes);
        // openapi-fetch reads an error's body itself, whatever it was asked for.
        return response.ok ? response : withBody(response, bytes);
      } finally {
        attempt.end();
      }
    }
  };
}

const decoder = new TextDecoder();

/**
 * The Request openapi-fetch builds for `client.raw`: like the domain API, it keeps the caller's
 * signal in its Call rather than following it (see Call), so no raw call leaves a listener behind.
 */
export class RawRequest extends Request {
  readonly [CALL]: Call;
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, { ...init, signal: null });
    this[CALL] = { operationId: undefined, signal: init?.signal ?? null, wantsText: false };
  }
}

/**
 * For `client.raw`: names each call's operation from openapi-fetch's path template, so that
 * its errors say which operation failed, as the domain API's do.
 */
export function nameOperations(): Middleware {
  const byRoute = new Map(Object.entries(operationRoutes).map(([operationId, route]) => [route.join(' '), operationId]));
  return {
    onRequest({ request, schemaPath }) {
      const call = (request as CallRequest)[CALL];
      if (call) call.operationId = byRoute.get(`${request.method} ${schemaPath}`);
      return undefined;
    },
  };
}

/**
 * One attempt's abort signal: the caller's signal or the time limit, whichever comes first.
 * `end` clears the timer and stops following the caller's signal; `abandon` also aborts the
 * attempt, releasing a connection whose body is left unread. A class, so an attempt costs one
 * object and no closures: a request's own work is small enough for that to show.
 */
class Attempt {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #unfollow: (() => void) | undefined;
  readonly #callerSignal: AbortSignal | null;
  readonly #timeoutMs: number;
  #timedOut = false;

  constructor(timeoutMs: number, callerSignal: AbortSignal | null) {
    this.#timeoutMs = timeoutMs;
    this.#callerSignal = callerSignal;
    this.#timer = setTimeout(timeOut, timeoutMs, this);
    this.#unfollow = callerSignal ? follow(callerSignal, this.#controller) : undefined;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Runs out the time limit. */
  expire(): void {
    this.#timedOut = true;
    this.#controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
  }

  end(): void {
    clearTimeout(this.#timer);
    this.#unfollow?.();
  }

  abandon(): void {
    this.end();
    this.#controller.abort(new DOMException('The body was not read.', 'AbortError'));
  }

  /** What a failure of this attempt is to the caller: the caller's own abort reason, or a CoordError. */
  failure(error: unknown, context: RequestContext, redactor: Redactor, during?: string): unknown {
    if (this.#callerSignal?.aborted) return this.#callerSignal.reason;
    if (this.#timedOut) return new CoordTimeoutError({ timeoutMs: this.#timeoutMs, context }, redactor);
    return error instanceof CoordError ? error : new CoordNetworkError({ cause: error, context, during }, redactor);
  }
}

function timeOut(attempt: Attempt): void {
  attempt.expire();
}

/** The response as read: the same status, headers and URL, with the bytes as its body. */
function withBody(response: Response, bytes: Uint8Array): Response {
  const nullBody = response.status === 204 || response.status === 205;
  const read = new Response(nullBody ? null : (bytes as Uint8Array<ArrayBuffer>), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has no url; keep the real one for callers and error messages.
  Object.defineProperty(read, 'url', { value: response.url });
  return read;
}
