import type { components } from 'coord-parking/openapi';
import { jsonResponse, type SandboxResponse } from './exchange.ts';

export type Problem = components['schemas']['Problem'];
type InvalidParam = NonNullable<Problem['errors']>[number];

/** Every problem the sandbox answers with, by name: status, title and type URI in one place. */
export const PROBLEM_KINDS = {
  invalid_input: { status: 400, title: 'Invalid input' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  /** A bound of the sandbox (open sessions per user or in total) is reached. */
  limit_reached: { status: 409, title: 'Limit reached' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  /** A sandbox bug; every test asserts that no input ever produces it. */
  internal_error: { status: 500, title: 'Internal error' },
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** Thrown anywhere in request handling; the server turns it into application/problem+json. */
export class ProblemError extends Error {
  readonly kind: ProblemKind;
  readonly errors: InvalidParam[] | undefined;
  readonly headers: Record<string, string>;

  constructor(kind: ProblemKind, detail: string, extra: { errors?: InvalidParam[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.kind = kind;
    this.errors = extra.errors;
    this.headers = extra.headers ?? {};
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind].status;
  }

  /** The application/problem+json answer; `target` is the request's path, echoed as `instance`. */
  toResponse(target: string): SandboxResponse {
    return jsonResponse(this.status, 'application/problem+json', this.toProblem(target), this.headers);
  }

  toProblem(instance: string): Problem {
    const { status, title } = PROBLEM_KINDS[this.kind];
    return {
      type: `urn:coord-parking:problem:${this.kind.replaceAll('_', '-')}`,
      title,
      status,
      detail: this.message,
      instance: asUriReference(instance),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/**
 * `instance` must be a URI reference, but it echoes the request path, which can hold a lone `%`
 * or characters Node accepts and URIs do not: those are percent-encoded.
 */
function asUriReference(path: string): string {
  return path.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (char) => encodeURIComponent(char));
}
