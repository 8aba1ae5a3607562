import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type { ServerResponse } from 'node:http';
import {
  createCoordParkingClient,
  CoordApiError,
  CoordError,
  CoordInputError,
  CoordNetworkError,
  CoordResponseError,
  CoordTimeoutError,
  CoordValidationError,
  type CoordParkingClient,
  type CoordParkingClientOptions,
} from '../../src/index.ts';
import { responseValidation } from '../../src/validation.ts';
import { json, startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

const ACCESS_KEY = 'sk_live_Secr3t/Key+=';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';

/**
 * One entry per cause of failure: what the server (or the call) does, and the error class and
 * code it must become. Every one is then checked for leaked credentials.
 */
const CASES: {
  name: string;
  server?: (res: ServerResponse) => void;
  options?: Partial<CoordParkingClientOptions>;
  call?: (client: CoordParkingClient) => Promise<unknown>;
  expected: new (...args: never[]) => CoordError;
  code: string;
  check?: (error: never) => void;
}[] = [
  {
    name: 'a problem-details 404',
    server: (res) => json(res, 404, { type: 'urn:x:not-found', title: 'Not found', status: 404, detail: 'No session 7.' }),
    expected: CoordApiError,
    code: 'api_error',
    check: (error: CoordApiError) => {
      assert.equal(error.status, 404);
      assert.equal(error.title, 'Not found');
      assert.equal(error.detail, 'No session 7.');
      assert.equal(error.type, 'urn:x:not-found');
      assert.equal(error.operationId, 'get_session');
      assert.equal(error.method, 'GET');
      assert.match(
        error.message,
        /get_session \(GET .*\/lot-1\/session\/7\?access_key=\*\*\*\) failed with 404, Not found: No session 7\./,
      );
    },
  },
  {
    name: 'a 400 listing invalid fields',
    server: (res) =>
      json(res, 400, {
        type: 'about:blank',
        title: 'Invalid input',
        status: 400,
        errors: [{ pointer: '#/path/session_id', detail: 'bad' }],
      }),
    expected: CoordApiError,
    code: 'api_error',
    check: (error: CoordApiError) => assert.deepEqual(error.errors, [{ pointer: '#/path/session_id', detail: 'bad' }]),
  },
  {
    name: 'an HTML 502 page from a proxy',
    server: (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>'),
    options: { retry: false },
    expected: CoordApiError,
    code: 'api_error',
    check: (error: CoordApiError) => {
      assert.equal(error.status, 502);
      assert.match(error.bodyExcerpt!, /502 Bad Gateway/);
    },
  },
  {
    name: 'an empty 500',
    server: (res) => res.writeHead(500).end(),
    expected: CoordApiError,
    code: 'api_error',
    check: (error: CoordApiError) => assert.match(error.message, /failed with 500, empty body/),
  },
  {
    name: 'an HTML page with status 200',
    server: (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>'),
    expected: CoordResponseError,
    code: 'invalid_response',
    check: (error: CoordResponseError) => assert.match(error.message, /text\/html body, not JSON/),
  },
  {
    name: 'a truncated JSON body',
    server: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7,"user_id":"0000'),
    expected: CoordResponseError,
    code: 'invalid_response',
    check: (error: CoordResponseError) => assert.match(error.message, /not valid JSON \(truncated\?\)/),
  },
  {
    name: 'an empty 200 body',
    server: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(),
    expected: CoordResponseError,
    code: 'invalid_response',
    check: (error: CoordResponseError) => assert.match(error.message, /an empty body/),
  },
  {
    name: 'a body against the contract, in strict mode',
    server: (res) => json(res, 200, { id: 'seven', user_id: 'not-a-uuid', start_time: 'yesterday' }),
    options: { validateResponses: responseValidation('strict') },
    expected: CoordValidationError,
    code: 'validation_failed',
    check: (error: CoordValidationError) =>
      assert.deepEqual(error.violations.map((v) => v.pointer).sort(), ['/id', '/start_time', '/user_id']),
  },
  {
    name: 'a refused connection',
    options: { baseUrl: 'http://127.0.0.1:2/v1/access/parking', retry: false },
    expected: CoordNetworkError,
    code: 'network_error',
    check: (error: CoordNetworkError) => assert.equal((error.cause as { code?: string }).code, 'ECONNREFUSED'),
  },
  {
    name: 'a server slower than timeoutMs',
    server: (res) => setTimeout(() => json(res, 200, {}), 1_000),
    options: { timeoutMs: 100 },
    expected: CoordTimeoutError,
    code: 'timeout',
    check: (error: CoordTimeoutError) => assert.equal(error.timeoutMs, 100),
  },
  {
    name: 'a session id that is not a positive integer',
    call: (client) => client.sessions.get('lot-1', 1.5),
    expected: CoordInputError,
    code: 'invalid_argument',
  },
];

describe('client: typed errors, with no secret in them', () => {
  let server: ScriptedServer;
  before(async () => (server = await startScriptedServer()));
  after(() => server.close());

  for (const { name, server: script, options, call, expected, code, check } of CASES) {
    it(`${name} → ${expected.name} (${code})`, async () => {
      server.handle((_, res) => (script ?? ((r: ServerResponse) => json(r, 200, {})))(res));
      const client = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: ACCESS_KEY, userToken: TOKEN, ...options });
      const error = await (call ?? ((c: CoordParkingClient) => c.sessions.get('lot-1', 7)))(client).then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof expected, `got ${inspect(error)}`);
      assert.ok(error instanceof CoordError);
      assert.equal(error.code, code);
      check?.(error as never);
      assertNoSecret(error);
    });
  }

  it('redacts a token the server echoes back in its problem details', async () => {
    server.handle((_, res) =>
      json(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: `Token ${TOKEN} expired; key ${ACCESS_KEY}` }),
    );
    const client = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: ACCESS_KEY, userToken: () => TOKEN });
    const error = await client.sessions.listMine().catch((e: CoordApiError) => e);
    assert.equal((error as CoordApiError).detail, 'Token *** expired; key ***');
    assertNoSecret(error);
  });

  it('refuses blank and dot-segment ids before sending anything', async () => {
    server.handle((_, res) => json(res, 200, {}));
    const client = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: ACCESS_KEY, userToken: TOKEN });
    const refused: (() => Promise<unknown>)[] = [
      () => client.sessions.listAtLocation(''),
      () => client.sessions.listAtLocation('   '),
      () => client.sessions.create('..'),
      () => client.sessions.get('.', 1),
      () => client.sessions.get('lot-1', 0),
      () => client.sessions.get('lot-1', -3),
      () => client.sessions.end('lot-1', Number.MAX_SAFE_INTEGER + 1),
      () => client.sessions.end('lot-1', Number.NaN),
      () => client.sessions.get('lot-1', '7' as unknown as number),
      () => client.barcodes.create({ location_id: '' }),
      () => client.testing.simulateRedemption('lot-1', 2.5, { durationMinutes: 5 }),
    ];
    for (const call of refused) await assert.rejects(call(), CoordInputError);
    assert.equal(server.requests.length, 0);
  });

  it('percent-encodes ids into one path segment', async () => {
    server.handle((_, res) => json(res, 200, []));
    const client = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: ACCESS_KEY, userToken: TOKEN });
    await client.sessions.listAtLocation('../admin');
    await client.sessions.listAtLocation('a/b?c#d');
    await client.sessions.listAtLocation('späti 1');
    assert.deepEqual(
      server.requests.map((r) => r.url.split('?')[0]),
      ['/v1/access/parking/..%2Fadmin/session', '/v1/access/parking/a%2Fb%3Fc%23d/session', '/v1/access/parking/sp%C3%A4ti%201/session'],
    );
  });
});

/** Every way an error gets printed or serialized must be free of both credentials. */
function assertNoSecret(error: unknown) {
  const renderings = [
    String(error),
    (error as Error).message,
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ];
  for (const text of renderings) {
    for (const secret of [ACCESS_KEY, encodeURIComponent(ACCESS_KEY), TOKEN]) {
      assert.ok(!text.includes(secret), `secret leaked in: ${text.slice(0, 400)}`);
    }
  }
}
