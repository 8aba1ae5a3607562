import { matchOperation, mediaTypeOf, violationsOf, type OperationEntry } from 'coord-parking/contract';
import type { SandboxRequest } from './exchange.ts';
import { ProblemError } from './problems.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { SandboxUser, TokenAuthority } from './tokens.ts';

export const MAX_BODY_BYTES = 64 * 1024;

/** What the pipeline learns about a request, step by step. */
export interface RequestState {
  request: SandboxRequest;
  /** The target's path, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  operation?: OperationEntry;
  rawPathParams?: Record<string, string>;
  user?: SandboxUser;
  pathParams?: Record<string, unknown>;
  body?: unknown;
}

export interface PipelineDeps {
  basePath: string;
  /** Compared in constant time. */
  accessKey: string;
  tokens: TokenAuthority;
  rateLimiter: RateLimiter | undefined;
}

type Step = (state: RequestState, deps: PipelineDeps) => void | Promise<void>;

/**
 * Everything between the socket and a handler, as named steps in the order a request meets them.
 * Each either fills in `state` or throws the ProblemError that answers the request.
 */
export const PIPELINE: { name: string; run: Step }[] = [
  { name: 'route', run: route },
  { name: 'authenticate', run: authenticate },
  { name: 'rate limit', run: rateLimit },
  { name: 'read body', run: readBody },
  { name: 'validate path parameters', run: validatePathParameters },
  { name: 'validate body', run: validateBody },
];

function route(state: RequestState, { basePath }: PipelineDeps): void {
  const below = state.path.startsWith(basePath) ? state.path.slice(basePath.length) : undefined;
  const match = below === undefined ? ({ kind: 'no-path' } as const) : matchOperation(state.request.method, below);
  if (match.kind === 'no-path') throw new ProblemError('not_found', `No operation at ${state.path}.`);
  if (match.kind === 'wrong-method') {
    throw new ProblemError('method_not_allowed', `${state.request.method} is not allowed here; use ${match.allowed.join(' or ')}.`, {
      headers: { allow: match.allowed.join(', ') },
    });
  }
  state.operation = match.operation;
  state.rawPathParams = match.pathParams;
}

/**
 * Both credentials, the access key first. Every 401 carries a Bearer challenge (RFC 6750); it
 * says `error="invalid_token"` only when a bearer token was sent and refused, so a client can
 * tell "sign the user in" from "fetch a fresh token".
 */
function authenticate(state: RequestState, { accessKey, tokens }: PipelineDeps): void | Promise<void> {
  const [key, ...more] = state.query.getAll('access_key');
  if (key === undefined) throw unauthorized('The access_key query parameter is missing.');
  if (more.length > 0) throw unauthorized('The access_key query parameter is given more than once.');
  if (!sameText(key, accessKey)) throw unauthorized('The access key is not valid.');
  // A repeated header comes joined with ", ", which makes two tokens one malformed token.
  const [scheme, token] = splitCredentials(state.request.header('authorization'));
  if (scheme?.toLowerCase() !== 'bearer' || token === '') throw unauthorized('The Authorization header must carry a bearer token.');
  if (!TOKEN68.test(token)) throw refused('the token is malformed');
  // A token seen before needs no await: most requests pass this step without a promise.
  const cached = tokens.cached(token);
  if (cached) {
    state.user = cached;
    return;
  }
  return tokens.verify(token).then((verified) => {
    if ('refused' in verified) throw refused(verified.refused);
    state.user = verified;
  });
}

function refused(reason: string): ProblemError {
  return unauthorized(`The user token was refused: ${reason}.`, 'invalid_token');
}

/**
 * Equal text, in time that depends only on the expected length, so a caller cannot find the key
 * one character at a time (node:crypto's timingSafeEqual is Node only, and would need bytes).
 */
function sameText(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ (given.charCodeAt(i) | 0);
  return difference === 0;
}

/** RFC 6750's b64token: what may follow `Bearer `. */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const REALM = 'coord-parking';

/** `Bearer  abc` → ['Bearer', 'abc']; the scheme is undefined when there is no header. */
function splitCredentials(header: string | undefined): [string | undefined, string] {
  const match = /^([^ ]+) *(.*)$/.exec(header ?? '');
  return match ? [match[1], match[2]!] : [undefined, ''];
}

function unauthorized(detail: string, error?: 'invalid_token'): ProblemError {
  const challenge = `Bearer realm="${REALM}"${error ? `, error="${error}"` : ''}`;
  return new ProblemError('unauthorized', detail, { headers: { 'www-authenticate': challenge } });
}

function rateLimit(state: RequestState, { rateLimiter }: PipelineDeps): void {
  const waitMs = rateLimiter?.take(state.user!.id);
  if (waitMs) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new ProblemError('rate_limited', `Too many requests; try again in ${seconds} s.`, {
      headers: { 'retry-after': String(seconds) },
    });
  }
}

/** Operations without a body ignore one (and pass without a promise); the others get it size-checked, typed and parsed. */
function readBody(state: RequestState): void | Promise<void> {
  if (state.operation!.body) return readDeclaredBody(state);
  state.request.discardBody();
}

async function readDeclaredBody(state: RequestState): Promise<void> {
  const { request } = state;
  const declared = state.operation!.body!;
  if (Number(request.header('content-length') ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const read = await request.readBody(MAX_BODY_BYTES);
  if (read.kind === 'too-large') throw tooLarge();
  if (read.kind === 'incomplete') {
    // Usually nobody is left to read this: the client went away, which is no sandbox error.
    throw new ProblemError('invalid_input', 'The request body ended before it was complete.', {
      errors: [{ pointer: '', detail: 'is incomplete' }],
    });
  }
  if (read.bytes.length === 0) {
    if (declared.required) {
      throw new ProblemError('invalid_input', 'The request body is required.', { errors: [{ pointer: '', detail: 'is required' }] });
    }
    return;
  }
  const mediaType = mediaTypeOf(request.header('content-type'));
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    throw new ProblemError('unsupported_media_type', `Send the body as application/json, not ${mediaType || 'an untyped body'}.`);
  }
  try {
    state.body = JSON.parse(STRICT_UTF8.decode(read.bytes));
  } catch {
    throw new ProblemError('invalid_input', 'The request body is not valid JSON (in UTF-8).', {
      errors: [{ pointer: '', detail: 'is not valid JSON' }],
    });
  }
}

/** JSON must be UTF-8 (RFC 8259): other bytes are refused, not replaced. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function validatePathParameters(state: RequestState): void {
  const { operation, rawPathParams } = state;
  const pathParameters = operation!.parameters.filter((p) => p.in === 'path');
  const typed = Object.fromEntries(pathParameters.map((p) => [p.name, typedPathValue(p.schema.type, rawPathParams![p.name]!)]));
  const violations = [
    ...pathParameters
      .filter((p) => p.schema.type === 'integer' && /^0[0-9]/.test(rawPathParams![p.name]!))
      .map((p) => ({ pointer: `/${p.name}`, message: 'must be written without leading zeros' })),
    ...(operation!.validateParameters ? violationsOf(operation!.validateParameters, typed) : []),
  ];
  if (violations.length > 0) {
    throw new ProblemError('invalid_input', describe(violations.length, 'path parameter'), {
      errors: violations.map(({ pointer, message }) => ({ pointer: `#/path${pointer}`, detail: message })),
    });
  }
  state.pathParams = typed;
}

/**
 * Path parameters arrive as text. An integer one becomes a number when it is all digits (a
 * leading zero is refused above; the schema's bounds judge the value); "12abc", " 12", "+1" or
 * "1e3" stay strings and fail as "must be integer".
 */
function typedPathValue(type: string | undefined, raw: string): string | number {
  return type === 'integer' && /^[0-9]{1,300}$/.test(raw) ? Number(raw) : raw;
}

function validateBody(state: RequestState): void {
  const { operation, body } = state;
  if (!operation!.body || body === undefined) return;
  const violations = violationsOf(operation!.body.validate, body);
  if (violations.length > 0) {
    throw new ProblemError('invalid_input', describe(violations.length, 'body field'), {
      errors: violations.map(({ pointer, message }) => ({ pointer, detail: message })),
    });
  }
}

function describe(count: number, what: string): string {
  return `The request has ${count} invalid ${what}${count === 1 ? '' : 's'}.`;
}

function tooLarge(): ProblemError {
  return new ProblemError('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
}
