import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { backoffDelay, decideRetry, DEFAULT_RETRY, type RetryOptions } from '../../src/client/retry.ts';
import { createCoordParkingClient, CoordApiError, CoordNetworkError } from '../../src/index.ts';
import { json, startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

const FAST: Partial<RetryOptions> = { delay: () => 40, jitter: false };
const problem = (status: number) => ({ type: 'about:blank', title: 'Unavailable', status });

describe('client: retries', () => {
  let server: ScriptedServer;
  before(async () => (server = await startScriptedServer()));
  after(() => server.close());
  const client = (retry: Partial<RetryOptions> | false = FAST) =>
    createCoordParkingClient({ baseUrl: server.baseUrl, accessKey: 'sk_test_0000000000', userToken: 'user-jwt-0000', retry });

  for (const status of [429, 502, 503, 504]) {
    it(`retries a GET answered ${status}, then returns the success`, async () => {
      server.handle((_, res, index) => (index < 2 ? json(res, status, problem(status)) : json(res, 200, [])));
      assert.deepEqual(await client().sessions.listMine(), []);
      assert.equal(server.requests.length, 3);
    });
  }

  it('spaces attempts by exponential backoff as configured', async () => {
    server.handle((_, res, index) => (index < 2 ? json(res, 503, problem(503)) : json(res, 200, [])));
    await client({ delay: (attemptCount) => 80 * 2 ** (attemptCount - 1), jitter: false }).sessions.listMine();
    const [first, second, third] = server.requests.map((r) => r.at);
    assert.ok(second! - first! >= 75, `first wait ${second! - first!} ms`);
    assert.ok(third! - second! >= 155, `second wait ${third! - second!} ms`);
  });

  it('stops at the retry limit and throws the last error', async () => {
    server.handle((_, res) => json(res, 503, problem(503)));
    await assert.rejects(client({ ...FAST, limit: 3 }).sessions.listMine(), (error: CoordApiError) => error.status === 503);
    assert.equal(server.requests.length, 4, 'limit counts retries, as in ky: 3 retries, 4 attempts');
  });

  it('honours Retry-After in seconds over its own backoff', async () => {
    server.handle((_, res, index) => (index === 0 ? json(res, 429, problem(429), { 'retry-after': '1' }) : json(res, 200, [])));
    await client({ delay: () => 1, jitter: false }).sessions.listMine();
    const [first, second] = server.requests.map((r) => r.at);
    assert.ok(second! - first! >= 950, `waited ${second! - first!} ms`);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const date = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString();
    server.handle((_, res, index) => (index === 0 ? json(res, 503, problem(503), { 'retry-after': date }) : json(res, 200, [])));
    await client({ delay: () => 1, jitter: false }).sessions.listMine();
    const [first, second] = server.requests.map((r) => r.at);
    assert.ok(second! - first! >= 900, `waited ${second! - first!} ms`);
  });

  it('does not wait for a Retry-After beyond the cap: the 429 goes to the caller with it', async () => {
    server.handle((_, res) => json(res, 429, problem(429), { 'retry-after': '3600' }));
    await assert.rejects(client().sessions.listMine(), (error: CoordApiError) => error.status === 429 && error.retryAfterSeconds === 3600);
    assert.equal(server.requests.length, 1);
  });

  for (const [name, call] of [
    ['POST post_session', (c: ReturnType<typeof client>) => c.sessions.create('lot-1')],
    ['PUT end_session', (c: ReturnType<typeof client>) => c.sessions.end('lot-1', 1)],
    ['POST create_barcode', (c: ReturnType<typeof client>) => c.barcodes.create({ location_id: 'lot-1' })],
  ] as const) {
    it(`never retries ${name} by default`, async () => {
      server.handle((_, res) => json(res, 503, problem(503)));
      await assert.rejects(call(client()), CoordApiError);
      assert.equal(server.requests.length, 1);
    });
  }

  it('retries POST only when the caller opts in, resending the same body', async () => {
    server.handle((_, res, index) =>
      index === 0 ? json(res, 503, problem(503)) : json(res, 200, { id: 1, user_id: '00000000-0000-0000-0000-000000000000' }),
    );
    await client({ ...FAST, methods: ['get', 'post'] }).sessions.create('lot-1', { license_plate: 'X1' });
    assert.equal(server.requests.length, 2);
    assert.deepEqual(
      server.requests.map((r) => r.body),
      ['{"license_plate":"X1"}', '{"license_plate":"X1"}'],
    );
  });

  it('does not retry a status outside the list (500, 404)', async () => {
    for (const status of [500, 404]) {
      server.handle((_, res) => json(res, status, problem(status)));
      await assert.rejects(client().sessions.listMine(), (error: CoordApiError) => error.status === status);
      assert.equal(server.requests.length, 1);
    }
  });

  it('retries network errors on GET, then throws CoordNetworkError', async () => {
    let connections = 0;
    const dropper = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    const { port } = dropper.address() as { port: number };
    try {
      const c = createCoordParkingClient({
        baseUrl: `http://127.0.0.1:${port}`,
        accessKey: 'sk_test_0000000000',
        userToken: 'user-jwt-0000',
        retry: FAST,
      });
      await assert.rejects(c.sessions.listMine(), CoordNetworkError);
      assert.equal(connections, 3);
    } finally {
      dropper.close();
    }
  });

  it('retry: false makes one attempt', async () => {
    server.handle((_, res) => json(res, 503, problem(503)));
    await assert.rejects(client(false).sessions.listMine(), CoordApiError);
    assert.equal(server.requests.length, 1);
  });
});

describe('retry decision ladder (pure)', () => {
  const options = { ...DEFAULT_RETRY, jitter: false };
  const TABLE: { name: string; outcome: Parameters<typeof decideRetry>[0]; expected: ReturnType<typeof decideRetry> }[] = [
    {
      name: 'limit first (retries, as in ky)',
      outcome: { retryCount: 2, method: 'GET', status: 503 },
      expected: { retry: false, reason: 'retry limit reached' },
    },
    {
      name: 'then method',
      outcome: { retryCount: 0, method: 'POST', status: 503 },
      expected: { retry: false, reason: 'method not retried' },
    },
    {
      name: 'then status',
      outcome: { retryCount: 0, method: 'GET', status: 500 },
      expected: { retry: false, reason: 'status not retried' },
    },
    {
      name: 'then Retry-After',
      outcome: { retryCount: 0, method: 'GET', status: 429, retryAfter: '7' },
      expected: { retry: true, delayMs: 7000 },
    },
    {
      name: 'Retry-After over maxRetryAfter',
      outcome: { retryCount: 0, method: 'GET', status: 429, retryAfter: '61' },
      expected: { retry: false, reason: 'Retry-After beyond maxRetryAfter' },
    },
    {
      name: 'Retry-After only for afterStatusCodes (502 is not)',
      outcome: { retryCount: 0, method: 'GET', status: 502, retryAfter: '7' },
      expected: { retry: true, delayMs: 300 },
    },
    { name: 'else backoff', outcome: { retryCount: 1, method: 'get', status: 502 }, expected: { retry: true, delayMs: 600 } },
    { name: 'network error', outcome: { retryCount: 0, method: 'GET', networkError: true }, expected: { retry: true, delayMs: 300 } },
    {
      name: 'unparseable Retry-After falls back to backoff',
      outcome: { retryCount: 0, method: 'GET', status: 503, retryAfter: 'soon' },
      expected: { retry: true, delayMs: 300 },
    },
  ];
  for (const { name, outcome, expected } of TABLE) {
    it(name, () => assert.deepEqual(decideRetry(outcome, options), expected));
  }

  it('caps the backoff at backoffLimit, and jitters it over [0, delay] as ky does', () => {
    assert.equal(backoffDelay(20, options), options.backoffLimit);
    const jittered = { ...options, jitter: true };
    assert.equal(
      backoffDelay(1, jittered, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(1, jittered, () => 0.5),
      150,
    );
    assert.equal(backoffDelay(1, { ...options, jitter: (delay) => delay * 2 }), 600);
  });

  it('turns whatever a delay function returns into a wait a timer can hold', () => {
    for (const [returned, waited] of [
      [Number.NaN, 0],
      [-5, 0],
      [Infinity, 2 ** 31 - 1],
    ] as const) {
      assert.equal(backoffDelay(1, { ...options, backoffLimit: Infinity, delay: () => returned }), waited);
    }
  });
});
