import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.ts';
import { operations, type OperationId } from '../contract/operations.ts';
import { CoordApiError, type Redactor } from '../errors/index.ts';
import { checkLocationId, checkSessionId } from './arguments.ts';
import { parseRetryAfter } from './retry.ts';
import type { Barcode, BarcodeRequest, CallOptions, NewSession, Session } from './types.ts';

/**
 * The domain API: one method per operation, arguments checked before sending, data returned
 * or a typed error thrown. Everything else (credentials, retries, validation) happened below.
 */
export function createDomainApi(raw: Client<paths>, redactor: Redactor) {
  async function unwrap<T>(
    operationId: OperationId,
    call: Promise<{ data?: T; error?: unknown; response: Response }>,
  ): Promise<T> {
    const { data, error, response } = await call;
    if (response.ok) return data as T;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    throw new CoordApiError(
      {
        status: response.status,
        body: error,
        retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
        context: { operationId, method: operations[operationId].method.toUpperCase(), url: response.url },
      },
      redactor,
    );
  }

  const sessions = {
    /** The caller's sessions at a location, oldest first. */
    async listAtLocation(locationId: string, { signal }: CallOptions = {}): Promise<Session[]> {
      const location_id = checkLocationId(locationId, 'get_location_sessions');
      return unwrap('get_location_sessions', raw.GET('/{location_id}/session', { params: { path: { location_id } }, signal }));
    },
    /** Starts a session; not retried (a repeat would be a second session, or a 409). */
    async create(locationId: string, body?: NewSession, { signal }: CallOptions = {}): Promise<Session> {
      const location_id = checkLocationId(locationId, 'post_session');
      return unwrap('post_session', raw.POST('/{location_id}/session', { params: { path: { location_id } }, body, signal }));
    },
    async get(locationId: string, sessionId: number, { signal }: CallOptions = {}): Promise<Session> {
      const path = { location_id: checkLocationId(locationId, 'get_session'), session_id: checkSessionId(sessionId, 'get_session') };
      return unwrap('get_session', raw.GET('/{location_id}/session/{session_id}', { params: { path }, signal }));
    },
    /** Ends and bills a session. Sessions with `redemption_info` end at the gate instead (409). */
    async end(locationId: string, sessionId: number, { signal }: CallOptions = {}): Promise<Session> {
      const path = { location_id: checkLocationId(locationId, 'end_session'), session_id: checkSessionId(sessionId, 'end_session') };
      return unwrap('end_session', raw.PUT('/{location_id}/session/{session_id}/end', { params: { path }, signal }));
    },
    /** All of the caller's sessions, at every location. */
    async listMine({ signal }: CallOptions = {}): Promise<Session[]> {
      return unwrap('get_user_sessions', raw.GET('/session', { signal }));
    },
  };

  const barcodes = {
    async create(body: BarcodeRequest, { signal }: CallOptions = {}): Promise<Barcode> {
      checkLocationId(body?.location_id, 'create_barcode', 'body.location_id');
      return unwrap('create_barcode', raw.POST('/barcode', { body, signal }));
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
          signal,
        }),
      );
    },
  };

  return { sessions, barcodes, testing };
}

export type DomainApi = ReturnType<typeof createDomainApi>;
