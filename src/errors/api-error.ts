import type { components } from '../../generated/openapi.ts';
import { CoordError, describeRequest, type RequestContext } from './coord-error.ts';
import type { Redactor } from './redactor.ts';

type Problem = components['schemas']['Problem'];

/** How much of a non-JSON error body (an HTML page from a proxy, say) an error keeps. */
const BODY_EXCERPT = 300;

/** The server answered with an error status. Problem-details fields are copied when present. */
export class CoordApiError extends CoordError {
  readonly code = 'api_error';
  override get name() {
    return 'CoordApiError';
  }
  readonly status: number;
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  /** For 400: each invalid input, as the server listed it. */
  readonly errors: Problem['errors'];
  /** Seconds to wait, from `Retry-After` (seconds or HTTP date), when the server sent one. */
  readonly retryAfterSeconds: number | undefined;
  /** Start of the body when it was not problem details (e.g. an HTML error page). */
  readonly bodyExcerpt: string | undefined;

  constructor(
    init: { status: number; body: unknown; retryAfterSeconds?: number | undefined; context: RequestContext },
    redactor: Redactor,
  ) {
    const problem = isProblem(init.body) ? redactor.json(init.body) : undefined;
    const excerpt = problem || init.body === undefined ? undefined : excerptOf(init.body);
    const why = problem
      ? [problem.title, problem.detail].filter(Boolean).join(': ')
      : excerpt
        ? `non-problem body: ${excerpt}`
        : 'empty body';
    super(`${describeRequest(init.context, redactor)} failed with ${init.status}, ${why}`, init.context, redactor);
    this.status = init.status;
    this.type = problem?.type;
    this.title = problem?.title;
    this.detail = problem?.detail;
    this.instance = problem?.instance;
    this.errors = problem?.errors;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.bodyExcerpt = excerpt === undefined ? undefined : redactor.text(excerpt);
  }
}

export function isCoordApiError(error: unknown): error is CoordApiError {
  return error instanceof CoordApiError;
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && ('title' in body || 'type' in body || 'detail' in body);
}

function excerptOf(body: unknown): string | undefined {
  const text = (typeof body === 'string' ? body : JSON.stringify(body)).replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > BODY_EXCERPT ? `${text.slice(0, BODY_EXCERPT)}…` : text;
}
