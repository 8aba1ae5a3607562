import assert from 'node:assert/strict';
import { createCoordParkingClient, CoordTimeoutError, sessionState, waitForSessionState, type Session } from '../../src/index.ts';
import { json, startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

const USER = '00000000-0000-0000-0000-000000000001';

describe('client: time limits and cancellation', () => {
  let server: ScriptedServer;
  before(async () => (server = await startScriptedServer()));
  after(() => server.close());

  it('gives every request its own time limit (not one timer per client)', async () => {
    server.handle((_, res) => setTimeout(() => json(res, 200, []), 60));
    const client = createCoordParkingClient({
      baseUrl: server.baseUrl,
      accessKey: 'sk_test_0000000000',
      userToken: 'user-jwt-0000',
      timeoutMs: 150,
    });
    for (let i = 0; i < 4; i++) assert.deepEqual(await client.sessions.listMine(), []); // 240 ms in all > 150
  });

  it('fires the time limit on a slow server', async () => {
    server.handle((_, res) => setTimeout(() => json(res, 200, []), 800));
    const client = createCoordParkingClient({
      baseUrl: server.baseUrl,
      accessKey: 'sk_test_0000000000',
      userToken: 'user-jwt-0000',
      timeoutMs: 100,
      retry: false,
    });
    const started = performance.now();
    await assert.rejects(client.sessions.listMine(), CoordTimeoutError);
    assert.ok(performance.now() - started < 700);
  });

  it("honours the caller's own signal, rejecting with its reason", async () => {
    server.handle((_, res) => setTimeout(() => json(res, 200, []), 800));
    const client = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: 'sk_test_0000000000', userToken: 'user-jwt-0000' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user left the screen')), 50);
    await assert.rejects(client.sessions.listMine({ signal: controller.signal }), /user left the screen/);
  });

  it('stops waiting between retries when the caller aborts', async () => {
    server.handle((_, res) => json(res, 503, { type: 'about:blank', title: 'x', status: 503 }));
    const client = createCoordParkingClient({
      baseUrl: server.baseUrl,
      accessKey: 'sk_test_0000000000',
      userToken: 'user-jwt-0000',
      retry: { delay: () => 5_000 },
    });
    const started = performance.now();
    await assert.rejects(client.sessions.listMine({ signal: AbortSignal.timeout(100) }));
    assert.ok(performance.now() - started < 1_000);
    assert.equal(server.requests.length, 1);
  });
});

describe('sessionState and waitForSessionState', () => {
  let server: ScriptedServer;
  before(async () => (server = await startScriptedServer()));
  after(() => server.close());

  const STATES: [string, Session, ReturnType<typeof sessionState>][] = [
    [
      'no timestamps, a barcode',
      { id: 1, user_id: USER, redemption_info: { barcode: { format: 'qr', data: 'x', expires_at: '2030-01-01T00:00:00Z' } } },
      'awaiting_redemption',
    ],
    ['started', { id: 1, user_id: USER, start_time: '2026-01-01T00:00:00Z' }, 'active'],
    ['started and ended', { id: 1, user_id: USER, start_time: '2026-01-01T00:00:00Z', end_time: '2026-01-01T01:00:00Z' }, 'ended'],
  ];
  for (const [name, session, state] of STATES) it(`${name} → ${state}`, () => assert.equal(sessionState(session), state));

  it('polls get_session until the state is reached, and returns that session', async () => {
    server.handle((_, res, index) =>
      json(res, 200, index < 2 ? { id: 4, user_id: USER } : { id: 4, user_id: USER, start_time: '2026-01-01T00:00:00Z' }),
    );
    const client = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: 'sk_test_0000000000', userToken: 'user-jwt-0000' });
    const session = await waitForSessionState(client, 'gate-7', 4, 'active', { intervalMs: 20 });
    assert.equal(session.start_time, '2026-01-01T00:00:00Z');
    assert.equal(server.requests.length, 3);
  });

  it('gives up with CoordTimeoutError after its time limit', async () => {
    // Two polls answered "not yet", then one never answered: the limit ends the wait in the middle
    // of that poll, so the count does not depend on how many polls this machine fits in the limit.
    server.handle((_, res, index) => index < 2 && json(res, 200, { id: 4, user_id: USER }));
    const client = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: 'sk_test_0000000000', userToken: 'user-jwt-0000' });
    await assert.rejects(
      waitForSessionState(client, 'gate-7', 4, 'ended', { intervalMs: 20, timeoutMs: 1_000 }),
      (error: CoordTimeoutError) => error.code === 'timeout' && /waiting for session 4 to be ended/.test(error.message),
    );
    assert.equal(server.requests.length, 3);
  });

  it('stops when its signal aborts', async () => {
    server.handle((_, res) => json(res, 200, { id: 4, user_id: USER }));
    const client = createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: 'sk_test_0000000000', userToken: 'user-jwt-0000' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 60);
    await assert.rejects(
      waitForSessionState(client, 'gate-7', 4, (s) => s.id === 99, { intervalMs: 20, signal: controller.signal }),
      /cancelled/,
    );
  });
});
