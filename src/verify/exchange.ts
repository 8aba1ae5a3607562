import { mediaTypeOf, parseBody, type ParsedBody } from 'coord-parking/contract';
import { Redactor, REDACTED } from 'coord-parking/redactor';
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
  operationId: string | undefined;
  request: { method: string; url: string; headers: Record<string, string>; body: string | undefined };
  response?: {
    status: number;
    mediaType: string;
    headers: Record<string, string>;
    text: string;
    body: ParsedBody;
  };
  /** The request got no HTTP answer (refused, timed out). */
  error?: string;
  /** Violations Prism's proxy reported in `sl-violations`, when it is in front, each led by where (`request.…`, `response.…`). */
  prismViolations: string[];
  invalidOnPurpose: boolean;
  /** Reproduces the request; credentials are shell variables, never values. */
  curl: string;
}

/** Sends requests to the target and keeps every exchange, for the response-level checks and reports. */
export class Exchanger {
  readonly exchanges: Exchange[] = [];
  readonly redactor: Redactor;
  readonly #target: Target;
  readonly #timeoutMs: number;

  constructor(target: Target, timeoutMs: number) {
    this.#target = target;
    this.#timeoutMs = timeoutMs;
    this.redactor = new Redactor([target.accessKey, target.token, target.nonTestToken, ...target.headers.map(([, value]) => value)]);
  }

  async send(request: OutgoingRequest): Promise<Exchange> {
    const target = this.#target;
    const base = request.direct ? target.directBaseUrl : target.baseUrl;
    const accessKey = request.accessKey === undefined ? target.accessKey : request.accessKey;
    const token = request.token === undefined ? target.token : request.token;
    const url = `${base}${request.path}${accessKey === null ? '' : `${request.path.includes('?') ? '&' : '?'}access_key=${encodeURIComponent(accessKey)}`}`;
    const headers: Record<string, string> = Object.fromEntries(target.headers);
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const body = request.rawBody ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
    if (body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';

    const exchange = this.#record(request, url, headers, body);
    try {
      const response = await fetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(this.#timeoutMs) });
      const text = await response.text();
      const responseHeaders = Object.fromEntries(response.headers);
      exchange.response = {
        status: response.status,
        mediaType: mediaTypeOf(response.headers.get('content-type')),
        headers: this.redactor.json(responseHeaders),
        text: this.redactor.text(text),
        body: this.redactor.json(parseBody(text)),
      };
      exchange.prismViolations = prismViolations(response.headers.get('sl-violations'));
    } catch (error) {
      exchange.error = this.redactor.text(
        (error as Error).name === 'TimeoutError' ? `no answer within ${this.#timeoutMs} ms` : String((error as Error).cause ?? error),
      );
    }
    return exchange;
  }

  /** For traffic the suite did not send itself (the typed client's): keep it the same way. */
  recordFetched(operationId: string | undefined, request: Request, body: string | undefined, response: Response, text: string): void {
    const exchange = this.#record(
      { operationId, method: request.method, path: '' },
      request.url,
      Object.fromEntries(request.headers),
      body,
    );
    exchange.response = {
      status: response.status,
      mediaType: mediaTypeOf(response.headers.get('content-type')),
      headers: this.redactor.json(Object.fromEntries(response.headers)),
      text: this.redactor.text(text),
      body: this.redactor.json(parseBody(text)),
    };
    exchange.prismViolations = prismViolations(response.headers.get('sl-violations'));
  }

  #record(request: OutgoingRequest, url: string, headers: Record<string, string>, body: string | undefined): Exchange {
    const shown = { ...headers };
    if (shown.authorization) shown.authorization = `Bearer ${REDACTED}`;
    for (const [name] of this.#target.headers) if (shown[name] !== undefined) shown[name] = REDACTED;
    const exchange: Exchange = {
      operationId: request.operationId,
      request: {
        method: request.method,
        url: this.redactor.url(url),
        headers: shown,
        body: body === undefined ? undefined : this.redactor.text(body),
      },
      prismViolations: [],
      invalidOnPurpose: request.invalidOnPurpose === true,
      curl: this.#curl(request.method, url, headers, body),
    };
    this.exchanges.push(exchange);
    return exchange;
  }

  /** Credentials become $COORD_… variables, so the command runs as is once they are exported. */
  #curl(method: string, url: string, headers: Record<string, string>, body: string | undefined): string {
    const target = this.#target;
    const variables: [string | undefined, string][] = [
      [target.accessKey, '${COORD_ACCESS_KEY}'],
      [target.token, '${COORD_USER_TOKEN}'],
      [target.nonTestToken, '${COORD_NON_TEST_USER_TOKEN}'],
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
    if (body !== undefined) parts.push(`--data-raw ${quote(body.length > 2_000 ? `${body.slice(0, 2_000)}…` : body)}`);
    // Anything secret that is not one of the three named credentials is still masked.
    return this.redactor.text(parts.join(' '));
  }
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
    return [`unreadable sl-violations header: ${header}`];
  }
}
