import assert from 'node:assert/strict';
import { createCoordParkingClient, CoordTimeoutError, type CoordParkingPlugin } from '../../src/index.ts';
import { rawClient } from '../../src/raw.ts';
import { json, startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

/**
 * Plugins add to a client what they return, and build on its core: the transport below the
 * domain API, with its credentials and limits.
 */
describe('client: plugins', () => {
  let server: ScriptedServer;
  before(async () => (server = await startScriptedServer()));
  after(() => server.close());

  it('client.raw exists only with rawClient, in the type and at run time', () => {
    const plain = createCoordParkingClient({ accessKey: 'sk_test_0000000000' });
    // @ts-expect-error: no raw without the plugin
    assert.equal(plain.raw, undefined);
    const withRaw = createCoordParkingClient({ accessKey: 'sk_test_0000000000', plugins: [rawClient] });
    assert.equal(typeof withRaw.raw.GET, 'function');
  });

  it("a plugin of one's own sends through the client's transport: credentials and time limits included", async () => {
    const ping: CoordParkingPlugin<{ ping(): Promise<number> }> = ({ baseUrl, transport }) => ({
      async ping() {
        const { response } = await transport({
          operationId: undefined,
          method: 'GET',
          url: `${baseUrl}/ping`,
          headers: new Headers(),
          body: undefined,
          signal: undefined,
        });
        return response.status;
      },
    });
    server.handle((_, res) => json(res, 200, {}));
    const coord = createCoordParkingClient({
      baseUrl: server.baseUrl,
      accessKey: 'sk_key_0003',
      userToken: 't3',
      plugins: [ping, rawClient],
    });
    assert.equal(await coord.ping(), 200);
    assert.equal(typeof coord.raw.GET, 'function');
    const [request] = server.requests;
    assert.equal(new URL(request!.url, server.origin).searchParams.get('access_key'), 'sk_key_0003');
    assert.equal(request!.headers.authorization, 'Bearer t3');

    server.handle(() => {}); // never answers
    const slow = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: 'sk_key_0003', timeoutMs: 50, plugins: [ping] });
    await assert.rejects(slow.ping(), CoordTimeoutError);
  });
});
