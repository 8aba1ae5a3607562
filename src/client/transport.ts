import { matchOperation } from '../contract/operations.ts';
import { CoordNetworkError, CoordTimeoutError, type Redactor, type RequestContext } from '../errors/index.ts';
import type { NormalizedOptions } from './options.ts';
import { decideRetry } from './retry.ts';

/**
 * The `fetch` openapi-fetch calls, beneath all middleware: a time limit per attempt, and
 * retries. Retrying here rather than in middleware matters: openapi-fetch skips every
 * `onResponse` once an `onRequest` returns a Response, so a retrying middleware would hide
 * responses from the others.
 */
export function createTransport(options: NormalizedOptions, redactor: Redactor) {
  const { retry, timeoutMs } = options;
  const baseFetch = options.fetch;

  return async function transport(request: Request): Promise<Response> {
    const callerSignal = request.signal;
    const method = request.method.toUpperCase();
    const mayRetry = retry.limit > 1 && retry.methods.includes(method);
    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(timeoutMs);
      // A retried request needs its own copy: a body can be read only once.
      const attemptRequest = mayRetry ? request.clone() : request;
      let response: Response;
      try {
        response = await baseFetch(attemptRequest, { signal: AbortSignal.any([callerSignal, timeout]) });
      } catch (error) {
        if (callerSignal.aborted) throw callerSignal.reason;
        if (timeout.aborted) throw new CoordTimeoutError({ timeoutMs, context: contextOf(request) }, redactor);
        const decision = decideRetry({ attempt, method, networkError: true }, retry);
        if (!decision.retry) throw new CoordNetworkError({ cause: error, context: contextOf(request) }, redactor);
        await sleep(decision.delayMs, callerSignal);
        continue;
      }
      const decision = decideRetry(
        { attempt, method, status: response.status, retryAfter: response.headers.get('retry-after') },
        retry,
      );
      if (!decision.retry) return response;
      await response.body?.cancel();
      await sleep(decision.delayMs, callerSignal);
    }
  };

  function contextOf(request: Request): RequestContext {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(options.basePath) ? url.pathname.slice(options.basePath.length) : url.pathname;
    const match = matchOperation(request.method, path);
    return {
      operationId: match.kind === 'operation' ? match.operation.operationId : undefined,
      method: request.method,
      url: request.url,
    };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
