import { matchOperation } from '../contract/operations.ts';
import { CoordNetworkError, CoordTimeoutError, type Redactor, type RequestContext } from '../errors/index.ts';
import { withCredentials } from './credentials.ts';
import type { NormalizedOptions } from './options.ts';
import { delay } from './delay.ts';
import { decideRetry } from './retry.ts';

/**
 * The `fetch` openapi-fetch calls, beneath all middleware: credentials, a time limit per
 * attempt, and retries. Retrying here rather than in middleware matters: openapi-fetch skips
 * every `onResponse` once an `onRequest` returns a Response, so a retrying middleware would
 * hide responses from the others.
 */
/**
 * The domain API hands the caller's signal over beside the Request under this key (openapi-fetch
 * copies unknown init properties onto the Request for a custom fetch), instead of as the Request's
 * own signal: a Request that follows a signal, and a listener on it, cost more than the rest of
 * the client's work per call. `null` means the caller gave none. Raw-client calls leave it unset,
 * and the Request's signal is used.
 */
export const CALLER_SIGNAL = 'coordCallerSignal';

export function createTransport(options: NormalizedOptions, redactor: Redactor) {
  const { retry, timeoutMs } = options;
  const baseFetch = options.fetch;

  return async function transport(request: Request): Promise<Response> {
    const credentialed = withCredentials(request, options, redactor);
    const url = typeof credentialed === 'string' ? credentialed : await credentialed;
    const handed = (request as Request & { [CALLER_SIGNAL]?: AbortSignal | null })[CALLER_SIGNAL];
    const callerSignal = handed === undefined ? request.signal : handed;
    const method = request.method;
    // Read once, so that every attempt can send it again.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    for (let attempt = 1; ; attempt++) {
      const limit = timeLimit(timeoutMs, callerSignal);
      let response: Response;
      try {
        response = await baseFetch(url, { method, headers: request.headers, body, signal: limit.signal });
      } catch (error) {
        if (callerSignal?.aborted) throw callerSignal.reason;
        if (limit.timedOut()) throw new CoordTimeoutError({ timeoutMs, context: contextOf(request) }, redactor);
        const decision = decideRetry({ attempt, method, networkError: true }, retry);
        if (!decision.retry) throw new CoordNetworkError({ cause: error, context: contextOf(request) }, redactor);
        await delay(decision.delayMs, callerSignal);
        continue;
      }
      const decision = decideRetry({ attempt, method, status: response.status, retryAfter: response.headers.get('retry-after') }, retry);
      if (!decision.retry) return response;
      await response.body?.cancel();
      await delay(decision.delayMs, callerSignal);
    }
  };

  function contextOf(request: Request): RequestContext {
    const path = new URL(request.url).pathname;
    const match = matchOperation(request.method, path.startsWith(options.basePath) ? path.slice(options.basePath.length) : path);
    return {
      operationId: match.kind === 'operation' ? match.operation.operationId : undefined,
      method: request.method,
      url: request.url,
    };
  }
}

/**
 * An abort signal for one attempt: the caller's signal, or the time limit. The timer is left to
 * run out (unref'd) rather than cleared, because the body is read after this returns and must
 * stay under the limit too. Cheaper than AbortSignal.any + AbortSignal.timeout on Node 20.
 */
function timeLimit(timeoutMs: number, callerSignal: AbortSignal | null) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
  }, timeoutMs);
  // Node only: browsers' timers are numbers, and keep nothing alive anyway.
  (timer as { unref?: () => void }).unref?.();
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', () => controller.abort(callerSignal.reason), { once: true });
  return { signal: controller.signal, timedOut: () => timedOut };
}
