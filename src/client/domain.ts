import type { OperationRequestBodyContent, SuccessResponseJSON } from 'openapi-typescript-helpers';
import type { operations } from '../../generated/openapi.ts';
import { operationRoutes } from '../../generated/operation-routes.ts';
import { mediaTypeOf, parseBody } from '../contract/response-conformance.ts';
import { CoordApiError, CoordResponseError } from '../errors/index.ts';
import { checkLocationId, fillPath } from './arguments.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { ClientCore } from './plugins.ts';
import type { CallOptions } from './types.ts';

type OperationId = keyof operations;
/** What an operation returns on success, as the contract says (its 2xx JSON body). */
export type Returned<Id extends OperationId> = SuccessResponseJSON<operations[Id]>;
/** What an operation takes as its JSON body (`| undefined` where the body is optional). */
export type Sent<Id extends OperationId> = OperationRequestBodyContent<operations[Id]>;
type Path<Id extends OperationId> = operations[Id]['parameters']['path'];

/**
 * The domain API: one method per operation, arguments checked before sending, data returned
 * or a typed error thrown. Everything else (credentials, retries, limits) happens in the transport.
 * Every type here comes from the contract (generated/openapi.ts), so tsc checks each method's
 * arguments and result against it; the method and path of each operation come from it too.
 */
export function createDomainApi({ baseUrl, transport, check, redactor }: ClientCore) {
  /**
   * Sends one operation and returns its data, or throws a typed error: CoordApiError for an
   * error status, CoordResponseError for a success with no usable body (empty, truncated, an
   * HTML page…). The body is parsed here, once, so a bad body is reported with its status and
   * media type, and validation reuses the parsed value.
   */
  async function send<Id extends OperationId>(
    operationId: Id,
    options: CallOptions | undefined,
    path?: Path<Id>,
    body?: Sent<Id>,
  ): Promise<Returned<Id>> {
    const [method, template] = operationRoutes[operationId];
    const headers = new Headers();
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    const { response, bytes, context } = await transport({
      operationId,
      method,
      url: baseUrl + fillPath(template, path ?? {}, operationId),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options?.signal,
    });
    const text = decoder.decode(bytes);
    const parsed = parseBody(text);
    check?.(operationId, response, parsed, context);
    const { status } = response;
    if (response.ok) {
      const mediaType = mediaTypeOf(response.headers.get('content-type'));
      const fail = (reason: string) => new CoordResponseError({ status, contentType: mediaType || undefined, reason, context }, redactor);
      if (!text.trim()) throw fail('an empty body');
      if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) throw fail(`a ${mediaType || 'untyped'} body, not JSON`);
      if (!parsed.ok) throw fail('a body that is not valid JSON (truncated?)');
      // JSON's one cast: the contract's type, checked at run time when validation is on.
      return parsed.value as Returned<Id>;
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
    throw new CoordApiError({ status, body: parsed.ok ? parsed.value : text, retryAfterSeconds, context }, redactor);
  }

  // Each method hands its arguments to `send` (async), which checks them: a bad one rejects, never throws.
  const sessions = {
    /** The caller's sessions at a location, oldest first. */
    listAtLocation: (locationId: Path<'get_location_sessions'>['location_id'], options?: CallOptions) =>
      send('get_location_sessions', options, { location_id: locationId }),
    /** Starts a session; not retried (a repeat would be a second session, or a 409). */
    create: (locationId: Path<'post_session'>['location_id'], body?: Sent<'post_session'>, options?: CallOptions) =>
      send('post_session', options, { location_id: locationId }, body),
    get: (locationId: Path<'get_session'>['location_id'], sessionId: Path<'get_session'>['session_id'], options?: CallOptions) =>
      send('get_session', options, { location_id: locationId, session_id: sessionId }),
    /** Ends and bills a session. Sessions with `redemption_info` end at the gate instead (409). */
    end: (locationId: Path<'end_session'>['location_id'], sessionId: Path<'end_session'>['session_id'], options?: CallOptions) =>
      send('end_session', options, { location_id: locationId, session_id: sessionId }),
    /** All of the caller's sessions, at every location. */
    listMine: (options?: CallOptions) => send('get_user_sessions', options),
  };

  const barcodes = {
    create: async (body: Sent<'create_barcode'>, options?: CallOptions) => {
      checkLocationId(body?.location_id, 'create_barcode', 'body.location_id');
      return send('create_barcode', options, undefined, body);
    },
  };

  const testing = {
    /** Test users only: check in now and out `durationMinutes` later at a gated session. */
    simulateRedemption: async (
      locationId: Path<'fake_redemption'>['location_id'],
      sessionId: Path<'fake_redemption'>['session_id'],
      { durationMinutes }: { durationMinutes: Sent<'fake_redemption'>['duration_m'] },
      options?: CallOptions,
    ) => send('fake_redemption', options, { location_id: locationId, session_id: sessionId }, { duration_m: durationMinutes }),
  };

  return { sessions, barcodes, testing };
}

const decoder = new TextDecoder();

export type DomainApi = ReturnType<typeof createDomainApi>;
