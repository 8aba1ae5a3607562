/**
 * The only way verify reads a server: every request under a time limit (body included), the
 * run's --max-time, a cap on the response size, and redirects never followed. A server can
 * answer anything, forever, or send us elsewhere; none of it may hold the run or its memory.
 */
export interface Limits {
  timeoutMs: number;
  maxResponseBytes: number;
  /** Aborted when the run's --max-time is over. */
  runSignal: AbortSignal;
}

/** A response read whole, within the limits. */
export interface Received {
  status: number;
  statusText: string;
  headers: Headers;
  bytes: Uint8Array;
}

/** The request got no usable answer; the message says why, for a report. */
export class NoAnswer extends Error {}

export async function fetchBounded(input: string, init: RequestInit, limits: Limits): Promise<Received> {
  // One controller and one timer per request, cleared once the body is read: cheaper on Node 20
  // than AbortSignal.any over AbortSignal.timeout, and the run's stop and the caller's signal
  // abort it too.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.timeoutMs);
  const stop = () => controller.abort();
  const others = [limits.runSignal, init.signal].filter((signal): signal is AbortSignal => !!signal);
  for (const signal of others) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', stop, { once: true });
  }
  try {
    // A 3xx comes back as it is: following it could send the access key to another origin.
    const response = await fetch(input, { ...init, redirect: 'manual', signal: controller.signal });
    const bytes = await readCapped(response, limits.maxResponseBytes);
    return { status: response.status, statusText: response.statusText, headers: response.headers, bytes };
  } catch (error) {
    if (error instanceof NoAnswer) throw error;
    if (limits.runSignal.aborted) throw new NoAnswer('stopped: the run reached its --max-time');
    if (timedOut) throw new NoAnswer(`no answer within ${limits.timeoutMs} ms`);
    throw new NoAnswer(String((error as Error).cause ?? error));
  } finally {
    clearTimeout(timer);
    for (const signal of others) signal.removeEventListener('abort', stop);
  }
}

/** The body, or a NoAnswer as soon as it grows past `maxBytes` (declared or streamed; decoded size). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new NoAnswer(`response too large: over ${maxBytes} bytes (--max-response-bytes), not read further`);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
