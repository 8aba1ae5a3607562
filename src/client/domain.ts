import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.ts';
import { operations, type OperationId } from '../contract/operations.ts';
import { CoordApiError, CoordResponseError, type Redactor, type RequestContext } from '../errors/index.ts';
import { mediaTypeOf, parseBody } from '../contract/response-conformance.ts';
import type { ResponseCheck } from './response-validation.ts';
import { checkLocationId, checkSessionId } from './arguments.ts';
import { parseRetryAfter } from './retry.ts';
import { CALLER_SIGNAL } from './transport.ts';
import type { Barcode, BarcodeRequest, CallOptions, NewSession, Session } from './types.ts';

/**
 * The domain API: one method per operation, arguments checked before sending, data returned
 * or a typed error thrown. Everything else (credentials, retries, validation) happened below.
 */
export function createDomainApi(raw: Client<paths>, redactor: Redactor, check?: ResponseCheck) {
  /**
   * The data of a success, or a typed error: CoordApiError for an error status, and
   * CoordResponseError for a success with no usable body (empty, truncated, an HTML page…).
   * Calls ask openapi-fetch for text and parse it here, once, so that a bad body is reported
   * with its status and media type rather than as a bare SyntaxError, and so that validation
   * reuses the parsed value.
   */
  async function unwrap<T>(operationId: OperationId, call: Promise<{ data?: string; error?: unknown; response: Response }>): Promise<T> {
    const { data: text, error, response } = await call;
    const operation = operations[operationId];
    const context: RequestContext = { operationId, method: operation.method.toUpperCase(), url: response.url };
    if (response.ok) {
      const body = parseBody(text ?? '');
      check?.(operation, response, body, context);
      const mediaType = mediaTypeOf(response.headers.get('content-type'));
      const fail = (reason: string) =>
        new CoordResponseError({ status: response.status, contentType: mediaType || undefined, reason, context }, redactor);
      if (!text?.trim()) throw fail('an empty body');
      if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) throw fail(`a ${mediaType || 'untyped'} body, not JSON`);
      if (!body.ok) throw fail('a body that is not valid JSON (truncated?)');
      return body.value as T;
    }
    // openapi-fetch parsed the error body when it was JSON, and kept the text when it was not.
    check?.(operation, response, typeof error === 'string' || error === undefined ? { ok: false } : { ok: true, value: error }, context);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new CoordApiError(
      {
        status: response.status,
        body: error,
        retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
        context,
      },
      redactor,
    );
  }

  const sessions = {
    /** The caller's sessions at a location, oldest first. */
    async listAtLocation(locationId: string, { signal }: CallOptions = {}): Promise<Session[]> {
      const location_id = checkLocationId(locationId, 'get_location_sessions');
      return unwrap(
        'get_location_sessions',
        raw.GET('/{location_id}/session', { params: { path: { location_id } }, parseAs: 'text', ...handOver(signal) }),
      );
    },
    /** Starts a session; not retried (a repeat would be a second session, or a 409). */
    async create(locationId: string, body?: NewSession, { signal }: CallOptions = {}): Promise<Session> {
      const location_id = checkLocationId(locationId, 'post_session');
      return unwrap(
        'post_session',
        raw.POST('/{location_id}/session', { params: { path: { location_id } }, body, parseAs: 'text', ...handOver(signal) }),
      );
    },
    async get(locationId: string, sessionId: number, { signal }: CallOptions = {}): Promise<Session> {
      const path = { location_id: checkLocationId(locationId, 'get_session'), session_id: checkSessionId(sessionId, 'get_session') };
      return unwrap(
        'get_session',
        raw.GET('/{location_id}/session/{session_id}', { params: { path }, parseAs: 'text', ...handOver(signal) }),
      );
    },
    /** Ends and bills a session. Sessions with `redemption_info` end at the gate instead (409). */
    async end(locationId: string, sessionId: number, { signal }: CallOptions = {}): Promise<Session> {
      const path = { location_id: checkLocationId(locationId, 'end_session'), session_id: checkSessionId(sessionId, 'end_session') };
      return unwrap(
        'end_session',
        raw.PUT('/{location_id}/session/{session_id}/end', { params: { path }, parseAs: 'text', ...handOver(signal) }),
      );
    },
    /** All of the caller's sessions, at every location. */
    async listMine({ signal }: CallOptions = {}): Promise<Session[]> {
      return unwrap('get_user_sessions', raw.GET('/session', { parseAs: 'text', ...handOver(signal) }));
    },
  };

  const barcodes = {
    async create(body: BarcodeRequest, { signal }: CallOptions = {}): Promise<Barcode> {
      checkLocationId(body?.location_id, 'create_barcode', 'body.location_id');
      return unwrap('create_barcode', raw.POST('/barcode', { body, parseAs: 'text', ...handOver(signal) }));
    },
  };

  const testing = {
    /** Test users only: check in now and out `durationMinutes` later at a gated session. */
    async simulateRedemption(
      locationId: string,
      sessionId: number,
      { durationMinutes }: { durationMinutes: number },
      { signal }: CallOptions = {},
    ): Promise<Session> {
      const path = {
        location_id: checkLocationId(locationId, 'fake_redemption'),
        session_id: checkSessionId(sessionId, 'fake_redemption'),
      };
      return unwrap(
        'fake_redemption',
        raw.POST('/testing/{location_id}/{session_id}/simulate_redemption', {
          params: { path },
          body: { duration_m: durationMinutes },
          parseAs: 'text',
          ...handOver(signal),
        }),
      );
    },
  };

  return { sessions, barcodes, testing };
}

/** The caller's signal, for the transport (see CALLER_SIGNAL); typed away from openapi-fetch's init. */
function handOver(signal: AbortSignal | undefined): object {
  return { [CALLER_SIGNAL]: signal ?? null };
}

export type DomainApi = ReturnType<typeof createDomainApi>;
