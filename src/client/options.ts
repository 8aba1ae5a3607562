import { CoordInputError } from '../errors/index.ts';
import type { CoordValidationError } from '../errors/index.ts';
import { DEFAULT_RETRY, type RetryOptions } from './retry.ts';

export const DEFAULT_BASE_URL = 'https://api.coord.co/v1/access/parking';
export const DEFAULT_TIMEOUT_MS = 10_000;

export type ValidationMode = false | 'warn' | 'strict';
/** A bearer token, or a function that returns a fresh one (called before every request). */
export type UserTokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface CoordParkingClientOptions {
  /** The partner's API key, sent as the `access_key` query parameter. Never logged. */
  accessKey: string;
  /** Default `https://api.coord.co/v1/access/parking`. A sandbox's or a Prism mock's URL works too. */
  baseUrl?: string;
  /** The end user's JWT. Coord tokens expire after an hour, so a function is the usual choice. */
  userToken?: UserTokenSource;
  fetch?: typeof globalThis.fetch;
  /** Per attempt, default 10 000. A call's own `signal` is honoured as well. */
  timeoutMs?: number;
  userAgent?: string;
  /** `false` disables retries; a partial object adjusts the defaults. */
  retry?: Partial<RetryOptions> | false;
  /** Check every response against the contract: off (default), report, or throw. */
  validateResponses?: ValidationMode;
  /** Where `'warn'` reports a violation. Default: `console.warn` of the error's message. */
  onValidationWarning?: (error: CoordValidationError) => void;
}

/** Every option resolved once, here, so no other module deals with defaults or bad values. */
export interface NormalizedOptions {
  accessKey: string;
  baseUrl: string;
  /** The path below the origin (`/v1/access/parking`, or '' for a mock), to match operations. */
  basePath: string;
  userToken: () => string | undefined | Promise<string | undefined>;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  userAgent: string | undefined;
  retry: RetryOptions;
  validateResponses: ValidationMode;
  onValidationWarning: (error: CoordValidationError) => void;
}

export function normalizeOptions(options: CoordParkingClientOptions): NormalizedOptions {
  const refuse = (argument: string, problem: string): never => {
    throw new CoordInputError({ argument: `options.${argument}`, problem });
  };
  if (typeof options?.accessKey !== 'string' || options.accessKey.trim() === '') {
    refuse('accessKey', 'is required (a non-blank string)');
  }
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  let basePath = '';
  try {
    basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  } catch {
    refuse('baseUrl', 'is not an absolute URL');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) refuse('timeoutMs', 'must be a positive number');
  const retry = options.retry === false ? { ...DEFAULT_RETRY, limit: 1 } : { ...DEFAULT_RETRY, ...options.retry };
  if (!Number.isInteger(retry.limit) || retry.limit < 1) refuse('retry.limit', 'must be an integer ≥ 1');
  retry.methods = retry.methods.map((method) => method.toUpperCase());
  const validateResponses = options.validateResponses ?? false;
  if (![false, 'warn', 'strict'].includes(validateResponses)) {
    refuse('validateResponses', "must be false, 'warn' or 'strict'");
  }
  const token = options.userToken;
  return {
    accessKey: options.accessKey,
    baseUrl,
    basePath,
    userToken: typeof token === 'function' ? token : () => token,
    // Looked up per call, so a fetch patched after the client was made (msw, nock) is used.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs,
    userAgent: options.userAgent,
    retry,
    validateResponses,
    onValidationWarning: options.onValidationWarning ?? ((error) => console.warn(error.message)),
  };
}
