import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * The only way verify reads a server: every request under a time limit (body included), the
 * run's --max-time, a cap on the response size (after decompression), and redirects never
 * followed. A server can answer anything, forever, or send us elsewhere; none of it may hold
 * the run or its memory.
 *
 * Built on node:http rather than fetch: a run sends a thousand requests, and undici's fetch
 * (WHATWG streams, a Request and a Response per call) cost three times as much CPU per request.
 * node:http follows no redirect, and decodes no content-coding unless told to (done here,
 * under the cap, so a gzip bomb stops at the cap like any other large body).
 */
export interface Limits {
  timeoutMs: number;
  maxResponseBytes: number;
  /** Aborted when the run's --max-time is over. */
  runSignal: AbortSignal;
}

export interface Outgoing {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
  /** The caller's own signal (the typed client's time limit). */
  signal?: AbortSignal | null;
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

/** Connections are kept for the next request; idle ones do not hold the process open. */
const AGENTS = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

export function fetchBounded(url: string, outgoing: Outgoing, limits: Limits): Promise<Received> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return Promise.reject(new NoAnswer(`not an http(s) URL: ${target.protocol}`));
  // Looked up per call, as fetch is: a request interceptor installed later (msw, nock) is used.
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise<Received>((resolve, reject) => {
    const signals = [limits.runSignal, outgoing.signal].filter((signal): signal is AbortSignal => !!signal);
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (message: string) => {
      finish(() => reject(new NoAnswer(message)));
      request.destroy();
    };
    const onAbort = () => fail(limits.runSignal.aborted ? 'stopped: the run reached its --max-time' : 'aborted by the caller');
    const timer = setTimeout(() => fail(`no answer within ${limits.timeoutMs} ms`), limits.timeoutMs);
    const request = send(target, { method: outgoing.method, headers: outgoing.headers, agent: AGENTS[target.protocol as 'http:'] });
    request.on('error', (error: NodeJS.ErrnoException) => fail(String(error.code ? `${error.code}: ${error.message}` : error)));
    request.on('response', (response) => {
      read(response, limits.maxResponseBytes).then(
        (bytes) =>
          finish(() =>
            resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: headersOf(response), bytes }),
          ),
        (error: Error) => fail(error.message),
      );
    });
    for (const signal of signals) {
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    }
    request.end(outgoing.body);
  });
}

/** The body as decoded bytes, or a rejection as soon as it grows past `maxBytes` (declared or streamed). */
function read(response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new Error(`response too large: over ${maxBytes} bytes (--max-response-bytes), not read further`);
  return new Promise((resolve, reject) => {
    if (Number(response.headers['content-length']) > maxBytes) {
      response.destroy();
      return reject(tooLarge());
    }
    const decoder =
      DECODERS[
        String(response.headers['content-encoding'] ?? '')
          .trim()
          .toLowerCase()
      ];
    const body: Readable = decoder ? response.pipe(decoder()) : response;
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        body.destroy();
        return reject(tooLarge());
      }
      chunks.push(chunk);
    });
    body.on('end', () => resolve(Buffer.concat(chunks)));
    body.on('error', (error: Error) => reject(new Error(`unreadable body: ${error.message}`)));
    response.on('error', (error: Error) => reject(new Error(`the answer broke off: ${error.message}`)));
  });
}

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // A header Headers refuses (a byte it cannot hold) is left out, not the whole answer.
    }
  }
  return headers;
}
