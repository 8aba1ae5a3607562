/**
 * Abort signals that leave nothing behind: every listener added here is removed when its call
 * ends, so one long-lived signal (an app's shutdown signal) can be passed to any number of calls.
 */

/** Aborts `controller` when `signal` does; returns the function that stops listening. */
export function follow(signal: AbortSignal, controller: AbortController): () => void {
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => {};
  }
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/**
 * A signal that aborts when the caller's does or when `timeoutMs` runs out, whichever comes
 * first, and says which: `timedOut`. `end` clears the timer and stops following the caller's
 * signal; `abort` ends whatever the signal was given to.
 */
export function withTimeLimit(timeoutMs: number, callerSignal: AbortSignal | null | undefined) {
  const controller = new AbortController();
  const limit = {
    signal: controller.signal,
    timedOut: false,
    end() {
      clearTimeout(timer);
      unfollow?.();
    },
    abort: () => controller.abort(),
  };
  const timer = setTimeout(() => {
    limit.timedOut = true;
    controller.abort();
  }, timeoutMs);
  const unfollow = callerSignal && follow(callerSignal, controller);
  return limit;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts: a time limit whose running out is the success. */
export function delay(ms: number, signal?: AbortSignal | null): Promise<void> {
  const limit = withTimeLimit(ms, signal);
  return new Promise((resolve, reject) => {
    const settle = () => {
      limit.end();
      if (limit.timedOut) resolve();
      else reject(signal!.reason);
    };
    // A signal aborted already has aborted the limit before a listener could be added.
    if (limit.signal.aborted) settle();
    else limit.signal.addEventListener('abort', settle);
  });
}

/** The longest delay setTimeout holds; a longer one fires at once (Node) or after 1 ms (browsers). */
export const MAX_TIMER_MS = 2 ** 31 - 1;
