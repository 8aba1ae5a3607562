/**
 * The sandbox over TCP: node:http in front of the core. Node's parser answers some requests by
 * itself (no Host, an unknown Expect, headers too large, a request too slow), with bare bodies;
 * here every one of those answers is problem details with the security headers too.
 *
 * IncomingMessage is adapted to the core's request shape directly, not through a Fetch Request:
 * building Request and Response objects per request costs a third of the throughput.
 */
import { createServer, maxHeaderSize, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SandboxHandler } from './core.ts';
import { jsonResponse, type BodyRead, type SandboxRequest, type SandboxResponse } from './exchange.ts';

/** How long a connection may take; each in ms. */
export interface TimeLimits {
  /** From a request's first byte to the end of its headers. */
  headersTimeoutMs: number;
  /** From a request's first byte to the end of its body: a body that never ends is cut off here. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_TIME_LIMITS: TimeLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000 };

export function createSandboxServer(handle: SandboxHandler, timeLimits: TimeLimits, onInternalError: (error: unknown) => void): Server {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = checked(timeLimits);
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // Node looks for overdue requests only this often (30 s by default), so a limit is
      // enforced within a quarter of it, at most a second late.
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
      // Checked below, so that the 400 is problem details.
      requireHostHeader: false,
    },
    (req, res) => serve(req, res, false),
  );

  // Pipelined requests (RFC 9112 §9.3.2) are handled one after another, in the order sent, so a
  // GET behind a POST sees what the POST did: Node hands them over together and orders only the answers.
  const turns = new WeakMap<object, Promise<void>>();

  function serve(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void {
    const hosts = headerLines(req.rawHeaders, 'host').length;
    if (hosts > 1 || (hosts === 0 && req.httpVersion === '1.1')) {
      // RFC 9112 §3.2: an HTTP/1.1 request needs exactly one Host.
      return send(res, blankProblem(400, 'An HTTP/1.1 request must have exactly one Host header.'), { close: true });
    }
    const answer = () => handle(new NodeRequest(req, res, expectsContinue));
    // Most connections have nothing pending: answered at once, not a microtask later.
    const previous = turns.get(req.socket);
    const turn = (previous ? previous.then(answer) : answer())
      .then(
        // A body not received in full (refused early, over the limit, never sent after a 100)
        // would otherwise be read and thrown away on a keep-alive connection: close it instead.
        (response) => send(res, response, { close: !req.complete }),
        (error: unknown) => {
          onInternalError(error);
          send(res, blankProblem(500, 'The request could not be handled.'), { close: true });
        },
      )
      // Nothing may reject unseen, or break the turns that follow.
      .catch(onInternalError);
    turns.set(req.socket, turn);
  }

  // `Expect: 100-continue`: the 100 goes out only when the core asks for the body, so a request
  // refused on its headers (credentials, route, declared size) never has its body sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => serve(req, res, true));
  // The header's value is not echoed: what a client sends stays out of every answer.
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    send(res, blankProblem(417, 'Only "Expect: 100-continue" is supported.'), { close: true });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (socket.writable) writeRaw(socket, clientErrorResponse(error, timeLimits));
    else socket.destroy();
  });
  // CONNECT is not for this server, but it still gets an answer (Node would drop the connection).
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    handle(new NodeRequest(req, undefined, false)).then(
      (response) => writeRaw(socket, response),
      (error: unknown) => {
        onInternalError(error);
        socket.destroy();
      },
    );
  });
  return server;
}

/** The core's request, read straight from IncomingMessage. */
class NodeRequest implements SandboxRequest {
  readonly method: string;
  readonly target: string;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse | undefined;
  readonly #expectsContinue: boolean;

  constructor(req: IncomingMessage, res: ServerResponse | undefined, expectsContinue: boolean) {
    this.#req = req;
    this.#res = res;
    this.#expectsContinue = expectsContinue;
    this.method = req.method ?? '';
    this.target = originForm(req.url ?? '');
  }

  header(name: string): string | undefined {
    const lines = headerLines(this.#req.rawHeaders, name);
    return lines.length === 0 ? undefined : lines.join(', ');
  }

  readBody(limitBytes: number): Promise<BodyRead> {
    const req = this.#req;
    if (this.#expectsContinue) this.#res?.writeContinue();
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (read: BodyRead) => {
        req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
        resolve(read);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limitBytes) finish({ kind: 'too-large' });
        else chunks.push(chunk);
      };
      const onEnd = () => finish({ kind: 'complete', bytes: Buffer.concat(chunks) });
      // The client went away or the request timed out: no answer will reach anyone.
      const onGone = () => finish({ kind: 'incomplete' });
      req.on('data', onData).once('end', onEnd).once('error', onGone).once('close', onGone);
    });
  }

  discardBody(): void {
    // Without a 100 Continue, the client may never send the body; reading it would wait in vain.
    if (!this.#expectsContinue) this.#req.resume();
  }
}

/**
 * Every line of a header, by lower-case name. Read from the raw lines because `req.headers` keeps
 * only the first of a repeated Authorization or Host; and cheaper than `req.headersDistinct`,
 * which builds an object of every header on each request.
 */
function headerLines(raw: string[], name: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const field = raw[i]!;
    if (field.length === name.length && field.toLowerCase() === name) lines.push(raw[i + 1]!);
  }
  return lines;
}

/** An absolute-form target (`GET http://host/path`, which HTTP/1.1 servers must accept) as origin-form. */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return target;
  }
}

function send(res: ServerResponse, { status, headers, body }: SandboxResponse, { close }: { close: boolean }): void {
  // A client that went away, or a connection already answered by clientError: nobody to tell.
  // Not `res.socket`: a pipelined request's response has none yet, while it waits its turn.
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  // The response's headers are its own, fresh for this response: completed in place.
  headers['content-length'] = String(Buffer.byteLength(body));
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

/** For sockets Node hands over without a ServerResponse (parse errors, time-outs, CONNECT). */
function writeRaw(socket: Duplex, { status, headers, body }: SandboxResponse): void {
  const fields = { ...headers, date: new Date().toUTCString(), 'content-length': Buffer.byteLength(body), connection: 'close' };
  const head = Object.entries(fields).map(([name, value]) => `${name}: ${value}\r\n`);
  // Destroyed once written: the client may still be sending, and nothing more will be read.
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}\r\n${body}`, () => socket.destroy());
}

/** Node's own refusals: 431 for headers over its limit, 408 for time-outs, 400 for what does not parse. */
function clientErrorResponse(error: NodeJS.ErrnoException, { headersTimeoutMs, requestTimeoutMs }: TimeLimits): SandboxResponse {
  if (error.code === 'HPE_HEADER_OVERFLOW') return blankProblem(431, `The request's header section is over ${maxHeaderSize} bytes.`);
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return blankProblem(
      408,
      `The request did not arrive in time: headers are allowed ${headersTimeoutMs} ms, the whole request ${requestTimeoutMs} ms.`,
    );
  }
  return blankProblem(400, 'The request could not be parsed as HTTP/1.1.');
}

/** RFC 9457 §4.2.1: with `type: about:blank`, the title is the status's reason phrase. */
function blankProblem(status: number, detail: string): SandboxResponse {
  return jsonResponse(status, 'application/problem+json', { type: 'about:blank', title: STATUS_CODES[status], status, detail });
}

/** The longest delay a Node timer holds; a longer one fires after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checked(limits: TimeLimits): TimeLimits {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1 || value > MAX_TIMER_MS) {
      throw new RangeError(`${name} must be an integer from 1 to ${MAX_TIMER_MS}, got ${value}`);
    }
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new RangeError('headersTimeoutMs must not exceed requestTimeoutMs');
  return limits;
}
