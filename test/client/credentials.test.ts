import assert from 'node:assert/strict';
import { createCoordParkingClient } from '../../src/index.ts';
import { rawClient } from '../../src/raw.ts';
import { responseValidation } from '../../src/validation.ts';
import { CALLS } from '../helpers/client-calls.ts';
import { exampleResponse } from '../helpers/examples.ts';
import { json, startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

describe('client: credentials and requests', () => {
  let server: ScriptedServer;
  before(async () => (server = await startScriptedServer()));
  after(() => server.close());

  for (const { operationId, method, path, invoke } of CALLS) {
    it(`${operationId}: ${method} ${path} with both credentials, returning the typed body`, async () => {
      const body = exampleResponse(operationId);
      server.handle((_, res) => json(res, 200, body));
      const client = createCoordParkingClient({
        baseUrl: server.baseUrl,
        accessKey: 'sk_key_0001',
        userToken: 'jwt-1',
        validateResponses: responseValidation('strict'),
      });
      assert.deepEqual(await invoke(client), body);
      const [request] = server.requests;
      assert.equal(server.requests.length, 1);
      assert.equal(request!.method, method);
      const url = new URL(request!.url, server.origin);
      assert.equal(url.pathname, `/v1/access/parking${path}`);
      assert.equal(url.searchParams.get('access_key'), 'sk_key_0001');
      assert.equal(request!.headers.authorization, 'Bearer jwt-1');
      if (method === 'POST') assert.equal(request!.headers['content-type'], 'application/json');
    });
  }

  it('sends the bodies the caller gave', async () => {
    server.handle((_, res) => json(res, 200, exampleResponse('fake_redemption')));
    const client = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: 'sk_test_0000000000', userToken: 'user-jwt-0000' });
    await client.testing.simulateRedemption('lot-1', 7, { durationMinutes: 45 });
    assert.deepEqual(JSON.parse(server.requests[0]!.body), { duration_m: 45 });
  });

  it('calls the token function before every request, and sends what it returns now', async () => {
    server.handle((_, res) => json(res, 200, []));
    let calls = 0;
    const client = createCoordParkingClient({
      baseUrl: server.baseUrl,
      accessKey: 'sk_test_0000000000',
      userToken: async () => `token-${++calls}`,
      plugins: [rawClient],
    });
    await client.sessions.listMine();
    await client.sessions.listMine();
    await client.raw.GET('/session');
    assert.equal(calls, 3);
    assert.deepEqual(
      server.requests.map((r) => r.headers.authorization),
      ['Bearer token-1', 'Bearer token-2', 'Bearer token-3'],
    );
  });

  it('puts credentials on raw-client requests too, and the User-Agent when set', async () => {
    server.handle((_, res) => json(res, 200, []));
    const client = createCoordParkingClient({
      baseUrl: server.baseUrl,
      accessKey: 'sk_key_0002',
      userToken: () => 't2',
      userAgent: 'parking-app/2.1',
      plugins: [rawClient],
    });
    const { data } = await client.raw.GET('/{location_id}/session', { params: { path: { location_id: 'lot-9' } } });
    assert.deepEqual(data, []);
    const [request] = server.requests;
    assert.equal(new URL(request!.url, server.origin).searchParams.get('access_key'), 'sk_key_0002');
    assert.equal(request!.headers.authorization, 'Bearer t2');
    assert.equal(request!.headers['user-agent'], 'parking-app/2.1');
  });

  it('works with a base URL without the path prefix (as Prism serves the spec)', async () => {
    server.handle((_, res) => json(res, 200, []));
    const client = createCoordParkingClient({ baseUrl: `${server.origin}/`, accessKey: 'sk_test_0000000000', userToken: 'user-jwt-0000' });
    await client.sessions.listMine();
    assert.equal(new URL(server.requests[0]!.url, server.origin).pathname, '/session');
  });

  it('refuses to be created without an access key', () => {
    assert.throws(() => createCoordParkingClient({ accessKey: ' ' }), { code: 'invalid_argument', message: /options\.accessKey/ });
  });
});
