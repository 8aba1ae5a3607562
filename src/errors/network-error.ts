import { CoordError, describeRequest, type RequestContext } from './coord-error.ts';
import type { Redactor } from './redactor.ts';

/**
 * The request got no whole HTTP answer: refused, reset, DNS, TLS, or a connection closed while
 * the body was read (`during`). The underlying error is kept as `cause`, rebuilt from its
 * redacted message and code so that it carries no secret either.
 */
export class CoordNetworkError extends CoordError {
  readonly code = 'network_error';
  override get name() {
    return 'CoordNetworkError';
  }

  constructor(init: { cause: unknown; context: RequestContext; during?: string | undefined }, redactor: Redactor) {
    const cause = sanitizedCause(init.cause, redactor);
    const during = init.during ? ` ${init.during}` : '';
    super(`${describeRequest(init.context, redactor)} failed${during}: ${cause.message}`, init.context, redactor, { cause });
  }
}

export function isCoordNetworkError(error: unknown): error is CoordNetworkError {
  return error instanceof CoordNetworkError;
}

function sanitizedCause(error: unknown, redactor: Redactor): Error {
  const root = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = root instanceof Error ? root.message : String(root);
  const sanitized = new Error(redactor.text(message || 'network error'));
  const code = (root as { code?: unknown } | null)?.code;
  if (typeof code === 'string') Object.assign(sanitized, { code });
  return sanitized;
}
