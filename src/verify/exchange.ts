import { setMaxListeners } from 'node:events';
import { matchOperation, operations, type OperationEntry, type OperationId } from 'coord-parking/contract';
import { mediaTypeOf, parseBody, RESPONSE_JUDGEMENTS, type ParsedBody } from 'coord-parking/contract';
import type { Violation } from 'coord-parking/contract';
import { Redactor, REDACTED } from 'coord-parking/redactor';
import { fetchBounded, NoAnswer, type Limits, type Received } from './bounded-fetch.ts';
import { Reflections } from './reflections.ts';
import { SessionLedger } from './session-ledger.ts';
import type { Target } from './target.ts';

/** One request as the suite sends it; credentials are added unless told otherwise. */
export interface OutgoingRequest {
  operationId?: string;
  method: string;
  /** Below the base URL, already encoded: `/lot-1/session/3`. */
  path: string;
  /** `undefined`: the target's access key; `null`: none; a string: that one. */
  accessKey?: string | null;
  /** `undefined`: the target's test-user token; `null`: none; a string: that one. */
  token?: string | null;
  /** A JSON body, serialized here. */
  json?: unknown;
  /** A body sent as is (malformed JSON, another media type). */
  rawBody?: string;
  contentType?: string;
  /** Bypass the Prism proxy (requests Prism's proxy would answer itself or hang on). */
  direct?: boolean;
  /** Sent invalid on purpose (negative data, bad credentials): Prism's complaints about the request are expected. */
  invalidOnPurpose?: boolean;
}

/** A request and what came back, with every credential already redacted. */
export interface Exchange {
  /** Its place in the run, counting from 1: a flow's failing step is found by it. */
  seq: number;
  /** The check whose request it was (none for the clean-up's). */
  check: string | undefined;
  operationId: string | undefined;
  request: { method: string; url: string; headers: Record<string, string>; body: string | undefined };
  response?: {
    status: number;
    mediaType: string;
    headers: Record<string, string>;
    /** The body as text; in the run's record, its first TEXT_KEPT characters. */
    text: string;
    /** Bytes received. */
    size: number;
    /** The body parsed, when JSON; in the run's record only when it was at most BODY_KEPT characters. */
    body: ParsedBody | undefined;
    /** The contract's schema for this status, applied to the body as it arrived. */
    bodyViolations: Violation[];
    /** Credentials the response carried back, in any encoding, found before redaction. */
    reflected: string[];
  };
  /** The request got no usable answer (refused, timed out, too large, the run stopped). */
  error?: string;
  /** Violations Prism's proxy reported in `sl-violations`, when it is in front, each led by where (`request.…`, `response.…`). */
  prismViolations: string[];
  invalidOnPurpose: boolean;
  /** Reproduces the request; credentials are shell variables, never values. */
  curl: string;
}

/** What the run keeps of each exchange, so that thousands of large answers cost little memory. */
const TEXT_KEPT = 4_096;
const BODY_KEPT = 16_384;
const REQUEST_BODY_KEPT = 2_000;

/**
 * What a run keeps of an exchange once its check is done with it (its record, a failure's
 * evidence): the body's first TEXT_KEPT characters, and its parse only when small. A server
 * answering 1 MB on every request would otherwise cost a megabyte or more per failure.
 */
export function keptCopy(exchange: Exchange): Exchange {
  const response = exchange.response;
  if (!response || response.text.length <= TEXT_KEPT) return exchange;
  // A copy that keeps the curl unwritten (spreading would write it).
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(exchange)) as Exchange;
  copy.response = {
    ...response,
    text: excerpt(response.text, TEXT_KEPT),
    body: response.text.length <= BODY_KEPT ? response.body : undefined,
  };
  return copy;
}

/**
 * Sends requests to the target (and carries the typed client's), within the run's limits, and
 * keeps a record of every exchange for the response checks and the reports. Everything a
 * response says is judged as it arrives, before any credential is redacted or anything cut.
 */
export class Exchanger {
  /** The run's record: every exchange, trimmed. */
  readonly exchanges: Exchange[] = [];
  readonly redactor: Redactor;
  /** The sessions the run made, and what became of them. */
  readonly sessions: SessionLedger;
  /** The check whose requests are being sent: each exchange is labelled with it (checks run one at a time). */
  check: string | undefined;
  readonly #target: Target;
  readonly #limits: Limits;
  readonly #reflections: Reflections;
  readonly #excluded: ReadonlySet<string>;
  #sent = 0;

  /** `excluded`: operations the selection leaves out, to which no request may go. */
  constructor(target: Target, limits: Limits, excluded: ReadonlySet<string> = new Set()) {
    this.#target = target;
    this.#limits = limits;
    this.#excluded = excluded;
    this.sessions = new SessionLedger(
      [
        [target.token, 'test user'],
        [target.nonTestToken, 'regular user'],
      ],
      target.gatedLocationId,
    );
    // Every request in flight listens for the run's stop; races send many at once.
    setMaxListeners(0, limits.runSignal);
    const { accessKey, token, nonTestToken, expiredToken } = target;
    this.redactor = new Redactor([accessKey, token, nonTestToken, expiredToken, ...target.headers.map(([, value]) => value)]);
    this.#reflections = new Reflections([
      ['the access key', accessKey],
      ['the test user token', token],
      ['the regular user token', nonTestToken],
      ['the expired token', expiredToken],
      ...target.headers.map(([name, value]): [string, string] => [`the value of the ${name} header`, value]),
    ]);
  }

  /**
   * Sends one request; the exchange returned is whole, the one recorded trimmed. The clean-up's
   * requests are not recorded (`record: false`: no check judges them) and run under a signal of
   * their own, since they must still go out once the run has stopped.
   */
  async send(
    request: OutgoingRequest,
    { record = true, runSignal }: { record?: boolean; runSignal?: AbortSignal } = {},
  ): Promise<Exchange> {
    const target = this.#target;
    const base = request.direct ? target.directBaseUrl : target.baseUrl;
    const accessKey = request.accessKey === undefined ? target.accessKey : request.accessKey;
    const token = request.token === undefined ? target.token : request.token;
    const url = `${base}${request.path}${accessKey === null ? '' : `${request.path.includes('?') ? '&' : '?'}access_key=${encodeURIComponent(accessKey)}`}`;
    const headers: Record<string, string> = this.#extraHeaders();
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const body = request.rawBody ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
    if (body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';

    const pathParams = this.#refuse(request.operationId, request.method, request.path.split('?')[0]!, token);
    const exchange = this.#exchange(request, url, headers, body);
    const limits = runSignal ? { ...this.#limits, runSignal } : this.#limits;
    const received = await fetchBounded(url, { method: request.method, headers, body }, limits).catch((error: unknown) => {
      exchange.error = this.#noAnswer(error);
    });
    if (received) this.#receive(exchange, received, [accessKey, token], pathParams, token);
    else this.sessions.lost(request.operationId, pathParams, token);
    if (record) this.#record(exchange);
    return exchange;
  }

  /**
   * A fetch for the typed client: the same limits and the same record as `send`, and each
   * exchange handed to `seen` whole. The response it returns is rebuilt from the bytes read, so
   * the client never reads past them.
   */
  fetchFor(seen: (exchange: Exchange) => void): typeof fetch {
    return async (input, init = {}) => {
      // The client's transport hands over a URL and a plain init (its body already read out).
      const url = input instanceof Request ? input.url : String(input);
      const method = init.method ?? 'GET';
      // The user's -H headers reach the typed client's requests too; its own come first.
      const headers = { ...this.#extraHeaders(), ...Object.fromEntries(new Headers(init.headers)) };
      const bytes = typeof init.body === 'string' ? init.body : init.body ? new Uint8Array(init.body as ArrayBuffer) : undefined;
      const body = typeof bytes === 'string' ? bytes : bytes ? new TextDecoder().decode(bytes) : undefined;
      const path = new URL(url).pathname;
      const basePath = new URL(this.#target.baseUrl).pathname.replace(/\/+$/, '');
      const below = path.startsWith(basePath) ? path.slice(basePath.length) : path;
      const match = matchOperation(method, below);
      const operationId = match.kind === 'operation' ? match.operation.operationId : undefined;
      const token = bearer(headers.authorization);
      const pathParams = this.#refuse(operationId, method, below, token);
      const exchange = this.#exchange({ operationId, method, path: '' }, url, headers, body);
      seen(exchange);
      const received = await fetchBounded(url, { method, headers, body: bytes, signal: init.signal ?? null }, this.#limits).catch(
        (error: unknown) => {
          exchange.error = this.#noAnswer(error);
        },
      );
      if (received) this.#receive(exchange, received, [new URL(url).searchParams.get('access_key'), token], pathParams, token);
      else this.sessions.lost(operationId, pathParams, token);
      this.#record(exchange);
      if (!received) throw new Error(exchange.error);
      return rebuilt(received, url);
    };
  }

  /**
   * The request's path parameters, once it is known that it may be sent: never to an operation
   * the selection leaves out, never one that would make a session nobody could end.
   */
  #refuse(operationId: string | undefined, method: string, path: string, token: string | null | undefined): Record<string, string> {
    if (operationId && this.#excluded.has(operationId))
      throw new Error(`not sent: ${operationId} is left out of this run (--include-operation-id, --exclude-operation-id)`);
    const match = operationId ? matchOperation(method, path) : undefined;
    const pathParams = match?.kind === 'operation' ? match.pathParams : {};
    const refusal = this.sessions.refusal(operationId, pathParams, token);
    if (refusal) throw new Error(`not sent: ${refusal}`);
    return pathParams;
  }

  #receive(
    exchange: Exchange,
    received: Received,
    sent: (string | null | undefined)[],
    pathParams: Record<string, string>,
    token: string | null | undefined,
  ): void {
    const text = new TextDecoder().decode(received.bytes);
    const rawHeaders = Object.fromEntries(received.headers);
    const parsed = parseBody(text);
    if (exchange.operationId && this.#target.capabilities.has('behaviour')) {
      const body = parsed.ok ? parsed.value : undefined;
      this.sessions.saw({ operationId: exchange.operationId, pathParams, token, status: received.status, body, by: exchange.check });
    }
    const operation = exchange.operationId ? (operations[exchange.operationId as OperationId] as OperationEntry | undefined) : undefined;
    const redacted = this.redactor.text(text);
    exchange.response = {
      status: received.status,
      mediaType: mediaTypeOf(received.headers.get('content-type')),
      headers: this.redactor.json(rawHeaders),
      text: redacted,
      size: received.bytes.byteLength,
      // A text with no secret in any form parses to values with none: no need to walk them.
      body: redacted === text ? parsed : this.redactor.json(parsed),
      bodyViolations: operation
        ? RESPONSE_JUDGEMENTS.body(operation, { status: received.status, mediaType: '', hasHeader: () => false, body: parsed })
        : [],
      reflected: this.#reflections.find(rawHeaders, text, sent),
    };
    exchange.prismViolations = prismViolations(received.headers.get('sl-violations')).map((v) => this.redactor.text(v));
  }

  /** The user's -H headers, names lower-cased as fetch and node:http give them. */
  #extraHeaders(): Record<string, string> {
    return Object.fromEntries(this.#target.headers.map(([name, value]) => [name.toLowerCase(), value]));
  }

  #noAnswer(error: unknown): string {
    return this.redactor.text(error instanceof NoAnswer ? error.message : String(error));
  }

  #exchange(request: OutgoingRequest, url: string, headers: Record<string, string>, body: string | undefined): Exchange {
    const shown = { ...headers };
    if (shown.authorization) shown.authorization = `Bearer ${REDACTED}`;
    for (const name of Object.keys(this.#extraHeaders())) if (shown[name] !== undefined) shown[name] = REDACTED;
    const exchange = {
      seq: ++this.#sent,
      check: this.check,
      operationId: request.operationId,
      request: {
        method: request.method,
        url: this.redactor.url(url),
        headers: this.redactor.json(shown),
        body: body === undefined ? undefined : this.redactor.text(excerpt(body, REQUEST_BODY_KEPT)),
      },
      prismViolations: [],
      invalidOnPurpose: request.invalidOnPurpose === true,
    } as Omit<Exchange, 'curl'> as Exchange;
    // Written when a report asks for it: most exchanges are never shown.
    const shownBody = body === undefined ? undefined : excerpt(body, REQUEST_BODY_KEPT);
    let curl: string | undefined;
    Object.defineProperty(exchange, 'curl', {
      enumerable: true,
      get: () => (curl ??= this.#curl(request.method, url, headers, shownBody)),
    });
    return exchange;
  }

  /** Keeps a trimmed copy: the caller has the whole exchange for as long as it needs it. */
  #record(exchange: Exchange): void {
    this.exchanges.push(keptCopy(exchange));
  }

  /** Credentials become $COORD_… variables, so the command runs as is once they are exported. */
  #curl(method: string, url: string, headers: Record<string, string>, body: string | undefined): string {
    const target = this.#target;
    const variables: [string | undefined, string][] = [
      [target.accessKey, '${COORD_ACCESS_KEY}'],
      [target.token, '${COORD_USER_TOKEN}'],
      [target.nonTestToken, '${COORD_NON_TEST_USER_TOKEN}'],
      [target.expiredToken, '${COORD_EXPIRED_USER_TOKEN}'],
    ];
    const substitute = (text: string) =>
      variables.reduce(
        (result, [secret, variable]) =>
          secret ? result.split(secret).join(variable).split(encodeURIComponent(secret)).join(variable) : result,
        text,
      );
    const quote = (text: string) =>
      `"${substitute(text)
        .replace(/(["\\`])/g, '\\$1')
        .replace(/\$(?!\{COORD_)/g, '\\$')}"`;
    const parts = [`curl -sS -X ${method} ${quote(url)}`];
    for (const [name, value] of Object.entries(headers)) parts.push(`-H ${quote(`${name}: ${value}`)}`);
    if (body !== undefined) parts.push(`--data-raw ${quote(body)}`);
    // Anything secret that is not one of the named credentials is still masked.
    return this.redactor.text(parts.join(' '));
  }
}

/**
 * The first `max` characters, as a string of their own: V8 keeps a slice of a long string as a
 * view into it, so an excerpt of a 1 MB body would keep the megabyte alive for the rest of the run.
 */
export function excerpt(text: string, max: number): string {
  return text.length > max ? Buffer.from(`${text.slice(0, max)}…`).toString() : text;
}

function bearer(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
}

/** A Response for the typed client from what was read; statuses that carry no body get none. */
function rebuilt(received: Received, url: string): Response {
  const noBody = [101, 103, 204, 205, 304].includes(received.status);
  const response = new Response(noBody ? null : (received.bytes as Uint8Array<ArrayBuffer>), {
    status: received.status,
    statusText: received.statusText,
    headers: received.headers,
  });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

/**
 * The response violations in Prism's `sl-violations` header. Request violations are left out:
 * the suite sends invalid requests on purpose, and judges the answers itself.
 */
function prismViolations(header: string | null): string[] {
  if (!header) return [];
  try {
    const parsed = JSON.parse(header) as { message?: string; location?: string[] }[];
    return parsed.filter((v) => v.location?.[0] === 'response').map((v) => `${(v.location ?? []).join('.')}: ${v.message ?? 'violation'}`);
  } catch {
    return [`unreadable sl-violations header: ${header.slice(0, 200)}`];
  }
}
