import { CoordInputError } from '../errors/index.ts';
import { HEADER_VALUE } from './credentials.ts';
import { DEFAULT_RETRY, type RetryOptions } from './retry.ts';
import { MAX_TIMER_MS } from './signals.ts';
import type { CoordParkingPlugin } from './plugins.ts';
import type { ResponseValidation } from './validation-plugin.ts';

export const DEFAULT_BASE_URL = 'https://api.coord.co/v1/access/parking';
export const DEFAULT_TIMEOUT_MS = 10_000;
/** 10 MiB: a 10 000-session list is about 2 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** A bearer token, or a function that returns a fresh one (called before every request). */
export type UserTokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface CoordParkingClientOptions {
  /** The partner's API key, sent as the `access_key` query parameter. Never in an error. */
  accessKey: string;
  /** Default `https://api.coord.co/v1/access/parking`. A sandbox's or a Prism mock's URL works too. */
  baseUrl?: string;
  /** The end user's JWT. Coord tokens expire after an hour, so a function is the usual choice. */
  userToken?: UserTokenSource;
  fetch?: typeof globalThis.fetch;
  /** Per attempt, body included; default 10 000. A call's own `signal` is honoured as well. */
  timeoutMs?: number;
  userAgent?: string;
  /** `false` disables retries; an object adjusts the defaults (ky's option names and meanings). */
  retry?: Partial<RetryOptions> | false;
  /** A larger body (counted after decompression) is a CoordResponseError, never read whole. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Checks every response against the contract: `responseValidation('warn' | 'strict')` from `coord-parking/validation`. */
  validateResponses?: ResponseValidation;
  /** What else the client should have: `[rawClient]` from `coord-parking/raw` adds `client.raw`. */
  plugins?: readonly CoordParkingPlugin[];
}

/** Every option resolved once, here, so no other module deals with defaults or bad values. */
export interface NormalizedOptions {
  accessKey: string;
  baseUrl: string;
  userToken: () => string | undefined | Promise<string | undefined>;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  userAgent?: string;
  retry: RetryOptions;
  maxResponseBytes: number;
  validateResponses?: ResponseValidation;
  plugins: readonly CoordParkingPlugin[];
}

/** What an option must be: a check, and the words an error uses for it. */
type Rule = [check: (value: unknown) => boolean, description: string];
const string: Rule = [(value) => typeof value === 'string', 'a string'];
const fn: Rule = [(value) => typeof value === 'function', 'a function'];
const integer = (min: number, max: number): Rule => [
  (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
  `an integer from ${min} to ${max}`,
];
const either = (one: Rule, other: Rule): Rule => [(value) => one[0](value) || other[0](value), `${one[1]} or ${other[1]}`];
const arrayOf = (item: Rule, description: string): Rule => [(value) => Array.isArray(value) && value.every(item[0]), description];
const statuses = arrayOf(integer(400, 599), 'an array of error statuses (400 to 599)');
const milliseconds = (max: number): Rule => [
  (value) => typeof value === 'number' && value >= 0 && value <= max,
  `milliseconds up to ${max}`,
];

const OPTION_RULES: { [Name in keyof CoordParkingClientOptions]-?: Rule } = {
  // No real access key is shorter, and a shorter one could not be masked in errors without wrecking them.
  accessKey: [(value) => string[0](value) && (value as string).trim().length >= 8, 'a string of 8 or more characters'],
  baseUrl: [(value) => string[0](value) && /^https?:\/\/[^/]/i.test(value as string) && parses(value as string), 'an absolute http(s) URL'],
  userToken: either(string, fn),
  fetch: fn,
  timeoutMs: integer(1, MAX_TIMER_MS),
  userAgent: [(value) => string[0](value) && HEADER_VALUE.test(value as string), 'a valid header value'],
  retry: [(value) => value === false || (typeof value === 'object' && value !== null), 'false or an object'],
  maxResponseBytes: integer(1, Number.MAX_SAFE_INTEGER),
  validateResponses: [fn[0], "responseValidation('warn' | 'strict') from coord-parking/validation"],
  plugins: arrayOf(fn, 'an array of plugins, such as rawClient from coord-parking/raw'),
};

const RETRY_RULES: { [Name in keyof RetryOptions]-?: Rule } = {
  limit: integer(0, 100),
  methods: arrayOf(string, 'an array of method names'),
  statusCodes: statuses,
  afterStatusCodes: statuses,
  maxRetryAfter: milliseconds(MAX_TIMER_MS),
  backoffLimit: milliseconds(Infinity),
  delay: fn,
  jitter: either([(value) => typeof value === 'boolean', 'a boolean'], fn),
};

/** Refuses, by name, any option that is unknown or not what it must be: a typo shows at once, not in production. */
function check(rules: Record<string, Rule>, given: object, prefix: string): void {
  for (const [name, value] of Object.entries(given)) {
    const rule = rules[name];
    const problem = !rule ? 'is not an option' : value !== undefined && !rule[0](value) ? `must be ${rule[1]}` : '';
    if (problem) throw new CoordInputError({ argument: prefix + name, problem });
  }
}

/** What an option left out, or given as undefined, means. */
const DEFAULTS = {
  baseUrl: DEFAULT_BASE_URL,
  // Looked up per call, so a fetch patched after the client was made (msw, nock) is used.
  fetch: (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init),
  timeoutMs: DEFAULT_TIMEOUT_MS,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  plugins: [],
} satisfies Partial<CoordParkingClientOptions>;

export function normalizeOptions(options: CoordParkingClientOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null) throw new CoordInputError({ argument: 'options', problem: 'must be an object' });
  check(OPTION_RULES, options, 'options.');
  if (options.accessKey === undefined) throw new CoordInputError({ argument: 'options.accessKey', problem: 'is required' });
  const { retry, userToken, ...given } = { ...DEFAULTS, ...definedIn(options) };
  if (retry) check(RETRY_RULES, retry, 'options.retry.');
  return {
    ...given,
    accessKey: options.accessKey,
    baseUrl: given.baseUrl.replace(/\/+$/, ''),
    userToken: typeof userToken === 'function' ? userToken : () => userToken,
    retry: retry === false ? { ...DEFAULT_RETRY, limit: 0 } : { ...DEFAULT_RETRY, ...definedIn(retry ?? {}) },
  };
}

function parses(url: string): boolean {
  try {
    return Boolean(new URL(url));
  } catch {
    return false;
  }
}

/** The options given a value: `{ limit: undefined }` means the default, as a missing option does. */
function definedIn<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
