import assert from 'node:assert/strict';
import { getEventListeners, once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { inspect } from 'node:util';
import { createGzip } from 'node:zlib';
import {
  createCoordParkingClient,
  CoordError,
  CoordInputError,
  CoordNetworkError,
  CoordResponseError,
  CoordTimeoutError,
  waitForSessionState,
  type CoordParkingClientOptions,
} from '../../src/index.ts';
import { rawClient } from '../../src/raw.ts';
import { json, startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

/** Exactly 8 characters, the shortest key the client takes, and a 4-character token: both echoed back. */
const ACCESS_KEY = 'k3y-2024';
const TOKEN = 'tk42';
const SESSION = { id: 7, user_id: '00000000-0000-0000-0000-000000000001' };

/**
 * Servers that do what a real one should not: bodies that never end or end too soon, bodies
 * that explode when decompressed, redirects to other hosts, odd Retry-After values, secrets
 * echoed back. Whatever they do, every failure is a CoordError, bounded in time and memory,
 * with no credential in it.
 */
describe('client against hostile servers', () => {
  let server: ScriptedServer;
  before(async () => (server = await startScriptedServer()));
  after(() => server.close());
  const client = (options: Partial<CoordParkingClientOptions> = {}) =>
    createCoordParkingClient({
      baseUrl: server.baseUrl,
      accessKey: ACCESS_KEY,
      userToken: TOKEN,
      retry: false,
      ...options,
      plugins: [rawClient],
    });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => assert.fail('expected a rejection'),
      (error: unknown) => error,
    );

  describe('bodies', () => {
    it('a body that never ends: CoordTimeoutError when timeoutMs runs out mid-body, on domain and raw calls', async () => {
      server.handle((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).write('{"id":7,'));
      const coord = client({ timeoutMs: 150 });
      for (const call of [() => coord.sessions.get('lot-1', 7), () => coord.raw.GET('/session')]) {
        const error = await failure(call());
        assert.ok(error instanceof CoordTimeoutError, inspect(error));
        assertNoSecret(error);
      }
    });

    it('a connection closed mid-body: CoordNetworkError, for a success and for an error status', async () => {
      for (const status of [200, 500]) {
        // The promised 1 000 bytes never come: the connection ends after the headers and 8 bytes.
        server.handle((_, res) => {
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': '1000' }).write('{"id":7,');
          res.socket?.end();
        });
        const error = await failure(client().sessions.get('lot-1', 7));
        assert.ok(error instanceof CoordNetworkError, inspect(error));
        assert.match((error as CoordNetworkError).message, /failed while reading the body/);
        assertNoSecret(error);
      }
    });

    it('garbage instead of HTTP: CoordNetworkError', async () => {
      const garbage = createTcpServer((socket) => socket.end('HTTP/1.1 two hundred\r\n\r\n\u0000\u0001'));
      await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = garbage.address() as AddressInfo;
        const error = await failure(client({ baseUrl: `http://127.0.0.1:${port}` }).sessions.listMine());
        assert.ok(error instanceof CoordNetworkError, inspect(error));
        assertNoSecret(error);
      } finally {
        garbage.close();
      }
    });

    it('a body over maxResponseBytes: CoordResponseError; one at the limit is read', async () => {
      const body = JSON.stringify([{ ...SESSION, license_plate: 'X'.repeat(1000) }]);
      server.handle((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
      assert.equal((await client({ maxResponseBytes: Buffer.byteLength(body) }).sessions.listMine()).length, 1);
      const error = await failure(client({ maxResponseBytes: Buffer.byteLength(body) - 1 }).sessions.listMine());
      assert.ok(error instanceof CoordResponseError, inspect(error));
      assert.match((error as Error).message, /a body over maxResponseBytes/);
      const raw = await failure(client({ maxResponseBytes: 100 }).raw.GET('/session'));
      assert.ok(raw instanceof CoordResponseError, inspect(raw));
    });

    it('a gzip bomb (256 MiB of zeros in 256 KB): refused at the default 10 MiB, with memory bounded', async function () {
      this.timeout(60_000);
      const bomb = await gzipOfZeros(256 * 1024 * 1024);
      server.handle((_, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb));
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
      try {
        const error = await failure(client().sessions.listMine());
        assert.ok(error instanceof CoordResponseError, inspect(error));
        assert.match((error as Error).message, /over maxResponseBytes \(10485760 bytes\)/);
      } finally {
        clearInterval(sampler);
      }
      const grown = (peak - before) / 2 ** 20;
      assert.ok(grown < 96, `memory grew by ${grown.toFixed(0)} MiB while refusing a 256 MiB body`);
    });
  });

  describe('redirects', () => {
    let elsewhere: Server;
    const received: string[] = [];
    let elsewhereOrigin: string;
    before(async () => {
      elsewhere = createServer((req, res) => {
        received.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
        json(res, 200, SESSION);
      });
      await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
      elsewhereOrigin = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    });
    after(() => elsewhere.close());

    for (const status of [301, 302, 303, 307, 308]) {
      it(`${status} to another origin: not followed, nothing sent there, a CoordResponseError without the key`, async () => {
        received.length = 0;
        // The Location echoes the access key, as a hostile server would to see it printed.
        server.handle((req, res) =>
          res.writeHead(status, { location: `${elsewhereOrigin}/steal${req.url.slice(req.url.indexOf('?'))}` }).end(),
        );
        for (const call of [() => client().sessions.get('lot-1', 7), () => client().raw.GET('/session')]) {
          const error = await failure(call());
          assert.ok(error instanceof CoordResponseError, inspect(error));
          assert.equal((error as CoordResponseError).status, status);
          assert.match(
            (error as Error).message,
            /a redirect to http:\/\/127\.0\.0\.1:\d+\/steal\?access_key=\*\*\*, which the client does not follow/,
          );
          assertNoSecret(error);
        }
        assert.deepEqual(received, []);
      });
    }

    it('a redirect within the same origin is not followed either: the contract documents none', async () => {
      server.handle((req, res) =>
        req.url.includes('/moved') ? json(res, 200, SESSION) : res.writeHead(307, { location: '/moved' }).end(),
      );
      const error = await failure(client().sessions.get('lot-1', 7));
      assert.ok(error instanceof CoordResponseError, inspect(error));
      assert.equal(server.requests.length, 1);
    });
  });

  describe('Retry-After', () => {
    // Each of these was read by Date.parse as a date (2001, or today), so a 503 was retried at once.
    for (const value of ['-5', '1.5', '1e3', '0x10', '+3', 'soon', '2026-11-24T10:00:00Z', 'Tue, 24 Nov 2026 10:00:00', '24 Nov 2026']) {
      it(`${JSON.stringify(value)} is ignored: the backoff applies, and the error carries no retryAfterSeconds`, async () => {
        server.handle((_, res, index) =>
          index === 0 ? json(res, 503, { type: 'about:blank', title: 'Busy', status: 503 }, { 'retry-after': value }) : json(res, 200, []),
        );
        await client({ retry: { limit: 1, delay: () => 200, jitter: false } }).sessions.listMine();
        const [first, second] = server.requests.map((r) => r.at);
        assert.ok(second! - first! >= 190, `retried after ${(second! - first!).toFixed(0)} ms`);
        server.handle((_, res) => json(res, 503, { type: 'about:blank', title: 'Busy', status: 503 }, { 'retry-after': value }));
        const error = await failure(client().sessions.listMine());
        assert.equal((error as { retryAfterSeconds?: number }).retryAfterSeconds, undefined);
      });
    }
  });

  describe('one long-lived signal', () => {
    it('2 000 calls with one signal leave no listener on it, and no MaxListenersExceededWarning', async function () {
      this.timeout(60_000);
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on('warning', onWarning);
      server.handle((_, res) => json(res, 200, SESSION));
      const shutdown = new AbortController();
      const coord = client();
      try {
        for (let i = 0; i < 2_000; i++) {
          // Every tenth through client.raw, whose Requests would otherwise follow the signal until collected.
          if (i % 10 === 0)
            await coord.raw.GET('/{location_id}/session/{session_id}', {
              params: { path: { location_id: 'lot-1', session_id: 7 } },
              signal: shutdown.signal,
            });
          else await coord.sessions.get('lot-1', 7, { signal: shutdown.signal });
          assert.equal(getEventListeners(shutdown.signal, 'abort').length, 0, `after call ${i + 1}`);
        }
        // Failures too: a timeout and an error status.
        server.handle((_, res) => setTimeout(() => json(res, 200, SESSION), 300));
        await failure(client({ timeoutMs: 50 }).sessions.get('lot-1', 7, { signal: shutdown.signal }));
        server.handle((_, res) => json(res, 404, { type: 'about:blank', title: 'Not found', status: 404 }));
        await failure(coord.sessions.get('lot-1', 7, { signal: shutdown.signal }));
        assert.equal(getEventListeners(shutdown.signal, 'abort').length, 0);
      } finally {
        process.off('warning', onWarning);
      }
      assert.deepEqual(
        warnings.map((w) => w.name),
        [],
      );
    });

    it('the signal still cancels a raw call, with its reason', async () => {
      server.handle((_, res) => setTimeout(() => json(res, 200, []), 500));
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('app shutting down')), 50);
      await assert.rejects(client().raw.GET('/session', { signal: controller.signal }), /app shutting down/);
    });

    it('waitForSessionState over 50 polls leaves no listener on its signal', async () => {
      server.handle((_, res, index) => json(res, 200, index < 50 ? SESSION : { ...SESSION, start_time: '2026-01-01T00:00:00Z' }));
      const shutdown = new AbortController();
      await waitForSessionState(client(), 'lot-1', 7, 'active', { intervalMs: 0, signal: shutdown.signal });
      assert.equal(server.requests.length, 51);
      assert.equal(getEventListeners(shutdown.signal, 'abort').length, 0);
    });
  });

  describe('tokens that cannot be sent', () => {
    it('a token with a line break is refused with a CoordInputError that does not quote it (fetch would)', async () => {
      const secret = 'eyJ.secret-part\r\nX-Injected: 1';
      server.handle((_, res) => json(res, 200, []));
      const coord = client({ userToken: () => secret });
      for (const call of [() => coord.sessions.listMine(), () => coord.raw.GET('/session')]) {
        const error = await failure(call());
        assert.ok(error instanceof CoordInputError && error.argument === 'userToken', inspect(error));
        for (const text of [String(error), (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { showHidden: true })]) {
          assert.ok(!text.includes('secret-part'), text);
        }
      }
      assert.equal(server.requests.length, 0);
    });
  });

  describe('short secrets, echoed back', () => {
    it('an 8-character key and a 4-character token echoed in problem details, HTML and headers stay out of every error', async () => {
      const echoes: ((res: ServerResponse) => void)[] = [
        (res) => json(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: `key ${ACCESS_KEY}, token ${TOKEN}` }),
        (res) => res.writeHead(502, { 'content-type': 'text/html' }).end(`<h1>Bad gateway for ${ACCESS_KEY} / ${TOKEN}</h1>`),
        (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${encodeURIComponent(ACCESS_KEY)} ${TOKEN}</p>`),
        (res) => res.writeHead(302, { location: `https://elsewhere.example/${ACCESS_KEY}/${TOKEN}` }).end(),
      ];
      for (const echo of echoes) {
        server.handle((_, res) => echo(res));
        const error = await failure(client().sessions.listMine());
        assert.ok(error instanceof CoordError, inspect(error));
        assertNoSecret(error);
      }
    });
  });
});

/** Every way an error gets printed or serialized must be free of both credentials. */
function assertNoSecret(error: unknown) {
  const renderings = [String(error), (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })];
  for (const text of renderings) {
    for (const secret of [ACCESS_KEY, TOKEN]) assert.ok(!text.includes(secret), `${secret} leaked in: ${text.slice(0, 400)}`);
  }
}

/** A gzip stream of `bytes` zeros, compressed a MiB at a time so the test itself stays small. */
async function gzipOfZeros(bytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const zeros = Buffer.alloc(2 ** 20);
  for (let written = 0; written < bytes; written += zeros.length) {
    if (!gzip.write(zeros)) await once(gzip, 'drain');
  }
  gzip.end();
  await once(gzip, 'end');
  return Buffer.concat(chunks);
}
