import type { Client } from 'openapi-fetch';
import type { OperationRequestBodyContent, SuccessResponseJSON } from 'openapi-typescript-helpers';
import type { operations, paths } from '../../generated/openapi.ts';
import { operationRoutes } from '../../generated/operation-routes.ts';
import { mediaTypeOf, parseBody } from '../contract/response-conformance.ts';
import { CoordApiError, CoordResponseError, type Redactor } from '../errors/index.ts';
import { checkLocationId, checkSessionId } from './arguments.ts';
import { parseRetryAfter } from './retry-after.ts';
import { CALL, type Call } from './transport.ts';
import type { CallOptions } from './types.ts';
import type { ResponseValidation } from './validation-plugin.ts';

type OperationId = keyof operations;
/** What an operation returns on success, as the contract says (its 2xx JSON body). */
export type Returned<Id extends OperationId> = SuccessResponseJSON<operations[Id]>;
/** What an operation takes as its JSON body (`| undefined` where the body is optional). */
export type Sent<Id extends OperationId> = OperationRequestBodyContent<operations[Id]>;
type Path<Id extends OperationId> = operations[Id]['parameters']['path'];

/**
 * The domain API: one method per operation, arguments checked before sending, data returned
 * or a typed error thrown. Everything else (credentials, retries, limits) happened below.
 * Every type here comes from the contract (generated/openapi.ts), so tsc checks each method's
 * arguments and result against it; the method and path of each operation come from it too.
 */
export function createDomainApi(raw: Client<paths>, redactor: Redactor, check?: ReturnType<ResponseValidation>['check']) {
  /**
   * Sends one operation and returns its data, or throws a typed error: CoordApiError for an
   * error status, CoordResponseError for a success with no usable body (empty, truncated, an
   * HTML page…). openapi-fetch is asked for a stream, so it leaves the body to the transport,
   * which hands over the text; it is parsed here, once, so a bad body is reported with its
   * status and media type, and validation reuses the parsed value.
   */
  async function send<Id extends OperationId>(
    operationId: Id,
    signal?: AbortSignal,
    path?: Path<Id>,
    body?: Sent<Id>,
  ): Promise<Returned<Id>> {
    const [method, template] = operationRoutes[operationId];
    const call: Call = { operationId, signal: signal ?? null, wantsText: true };
    // openapi-fetch's per-path types are left here only: each method's own types hold it to the contract.
    const init = { params: { path }, body, parseAs: 'stream', [CALL]: call };
    const { response } = await raw.request(method as never, template as never, init as never);
    const text = call.text ?? '';
    const context = call.context!;
    const parsed = parseBody(text);
    check?.(operationId, response, parsed, context);
    if (response.ok) {
      const mediaType = mediaTypeOf(response.headers.get('content-type'));
      const fail = (reason: string) =>
        new CoordResponseError({ status: response.status, contentType: mediaType || undefined, reason, context }, redactor);
      if (!text.trim()) throw fail('an empty body');
      if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) throw fail(`a ${mediaType || 'untyped'} body, not JSON`);
      if (!parsed.ok) throw fail('a body that is not valid JSON (truncated?)');
      // JSON's one cast: the contract's type, checked at run time when validation is on.
      return parsed.value as Returned<Id>;
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
    throw new CoordApiError({ status: response.status, body: parsed.ok ? parsed.value : text, retryAfterSeconds, context }, redactor);
  }

  const sessions = {
    /** The caller's sessions at a location, oldest first. */
    listAtLocation: async (locationId: Path<'get_location_sessions'>['location_id'], { signal }: CallOptions = {}) =>
      send('get_location_sessions', signal, { location_id: checkLocationId(locationId, 'get_location_sessions') }),
    /** Starts a session; not retried (a repeat would be a second session, or a 409). */
    create: async (locationId: Path<'post_session'>['location_id'], body?: Sent<'post_session'>, { signal }: CallOptions = {}) =>
      send('post_session', signal, { location_id: checkLocationId(locationId, 'post_session') }, body),
    get: async (
      locationId: Path<'get_session'>['location_id'],
      sessionId: Path<'get_session'>['session_id'],
      { signal }: CallOptions = {},
    ) => send('get_session', signal, sessionPath(locationId, sessionId, 'get_session')),
    /** Ends and bills a session. Sessions with `redemption_info` end at the gate instead (409). */
    end: async (
      locationId: Path<'end_session'>['location_id'],
      sessionId: Path<'end_session'>['session_id'],
      { signal }: CallOptions = {},
    ) => send('end_session', signal, sessionPath(locationId, sessionId, 'end_session')),
    /** All of the caller's sessions, at every location. */
    listMine: async ({ signal }: CallOptions = {}) => send('get_user_sessions', signal),
  };

  const barcodes = {
    create: async (body: Sent<'create_barcode'>, { signal }: CallOptions = {}) => {
      checkLocationId(body?.location_id, 'create_barcode', 'body.location_id');
      return send('create_barcode', signal, undefined, body);
    },
  };

  const testing = {
    /** Test users only: check in now and out `durationMinutes` later at a gated session. */
    simulateRedemption: async (
      locationId: Path<'fake_redemption'>['location_id'],
      sessionId: Path<'fake_redemption'>['session_id'],
      { durationMinutes }: { durationMinutes: Sent<'fake_redemption'>['duration_m'] },
      { signal }: CallOptions = {},
    ) => send('fake_redemption', signal, sessionPath(locationId, sessionId, 'fake_redemption'), { duration_m: durationMinutes }),
  };

  return { sessions, barcodes, testing };
}

function sessionPath(locationId: string, sessionId: number, operationId: OperationId) {
  return { location_id: checkLocationId(locationId, operationId), session_id: checkSessionId(sessionId, operationId) };
}

export type DomainApi = ReturnType<typeof createDomainApi>;
