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

export async function fetchBounded(input: string | Request, init: RequestInit, limits: Limits): Promise<Received> {
  const signals = [AbortSignal.timeout(limits.timeoutMs), limits.runSignal];
  if (init.signal) signals.push(init.signal);
  try {
    // A 3xx comes back as it is: following it could send the access key to another origin.
    const response = await fetch(input, { ...init, redirect: 'manual', signal: AbortSignal.any(signals) });
    const bytes = await readCapped(response, limits.maxResponseBytes);
    return { status: response.status, statusText: response.statusText, headers: response.headers, bytes };
  } catch (error) {
    if (error instanceof NoAnswer) throw error;
    if (limits.runSignal.aborted) throw new NoAnswer('stopped: the run reached its --max-time');
    if ((error as Error).name === 'TimeoutError') throw new NoAnswer(`no answer within ${limits.timeoutMs} ms`);
    throw new NoAnswer(String((error as Error).cause ?? error));
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
