import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/openapi.ts';
import { operationRoutes } from '../../generated/operation-routes.ts';
import { parseBody } from '../contract/response-conformance.ts';
import type { CoordParkingPlugin } from './plugins.ts';

/** The typed openapi-fetch client of the contract's paths. */
export type RawClient = Client<paths>;

/**
 * `client.raw`: the typed openapi-fetch client (`{ data, error, response }`), every path and
 * parameter style of the contract, middleware of your own. It sends through the client's
 * transport, so it has the same credentials, retries, time limits, body limit and, when asked,
 * validation. A plugin rather than always there: openapi-fetch's request builder is more code
 * than the rest of the client's calls, and most apps use only the domain API.
 */
export const rawClient: CoordParkingPlugin<{ raw: RawClient }> = ({ baseUrl, transport, check }) => {
  async function fetch(request: Request): Promise<Response> {
    const call = (request as RawRequest)[CALL];
    const operationId = call?.operationId;
    const { response, bytes, context } = await transport({
      operationId,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body === null ? undefined : await request.arrayBuffer(),
      // A Request rebuilt by a middleware of the caller's has no Call: its own signal is all there is.
      signal: call ? call.signal : request.signal,
    });
    if (check && operationId) check(operationId, response, parseBody(decoder.decode(bytes)), context);
    return withBody(response, bytes);
  }
  const raw = createClient<paths>({ baseUrl, fetch, Request: RawRequest });
  raw.use(nameOperations());
  return { raw };
};

const CALL = Symbol('coord-parking call');
/** What a raw call tells the transport beside its Request: which operation, and the caller's signal. */
interface Call {
  operationId: string | undefined;
  signal: AbortSignal | null;
}

/**
 * The Request openapi-fetch builds for a raw call. It keeps the caller's signal in its Call rather
 * than following it: a Request that follows a signal keeps a listener on it until garbage
 * collection, so an app-wide signal passed to every call would collect one per call.
 */
class RawRequest extends Request {
  readonly [CALL]: Call;
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, { ...init, signal: null });
    this[CALL] = { operationId: undefined, signal: init?.signal ?? null };
  }
}

/** Names each call's operation from openapi-fetch's path template, so its errors say which operation failed. */
function nameOperations(): Middleware {
  const byRoute = new Map(Object.entries(operationRoutes).map(([operationId, route]) => [route.join(' '), operationId]));
  return {
    onRequest({ request, schemaPath }) {
      const call = (request as Partial<RawRequest>)[CALL];
      if (call) call.operationId = byRoute.get(`${request.method} ${schemaPath}`);
      return undefined;
    },
  };
}

const decoder = new TextDecoder();

/** The response as read: the same status, headers and URL, with the bytes as its body. */
function withBody(response: Response, bytes: Uint8Array): Response {
  const nullBody = response.status === 204 || response.status === 205;
  const read = new Response(nullBody ? null : (bytes as Uint8Array<ArrayBuffer>), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // A constructed Response has no url; keep the real one for callers and error messages.
  Object.defineProperty(read, 'url', { value: response.url });
  return read;
}
