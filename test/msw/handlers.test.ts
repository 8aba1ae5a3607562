/**
 * sandboxHandlers() in msw/node, as an app's test suite uses it: which requests the sandbox owns
 * and which it leaves to msw, base URLs in every spelling, several sandboxes at once, msw's own
 * handler lifecycle against the sandbox's state, the sandbox's options, and hostile requests.
 */
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { http, HttpResponse } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { CoordApiError, createCoordParkingClient, DEFAULT_BASE_URL, type CoordParkingClientOptions } from '../../src/index.ts';
import { responseValidation } from '../../src/validation.ts';
import { REGULAR_USER, sandboxHandlers, TEST_USER, type SandboxHandlers } from '../../src/sandbox/msw.ts';
import { secretsIn } from '../helpers/secret-encodings.ts';

const strictClient = (sandbox: SandboxHandlers, options: Partial<CoordParkingClientOptions> = {}) =>
  createCoordParkingClient({
    accessKey: sandbox.accessKey,
    userToken: sandbox.testUserToken,
    validateResponses: responseValidation('strict'),
    retry: false,
    ...options,
  });

async function rejectsWith(call: Promise<unknown>, status: number, detail?: RegExp): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof CoordApiError, String(error));
    assert.equal(error.status, status, error.message);
    if (detail) assert.match(error.detail ?? '', detail);
    return true;
  });
}

/** One msw server per describe, closed after it, recording what msw found no handler for. */
function mswServer(handlers: () => SandboxHandlers[]): { server: () => SetupServer; unhandled: string[] } {
  let server: SetupServer;
  const unhandled: string[] = [];
  before(() => {
    server = setupServer(...handlers().flatMap((sandbox) => sandbox.handlers));
    // What an app's suite would set to 'error'; a callback lets the test list them.
    server.listen({ onUnhandledRequest: (request) => void unhandled.push(`${request.method} ${request.url}`) });
  });
  after(() => server.close());
  return { server: () => server, unhandled };
}

describe('msw: sandboxHandlers() owns its base URL and nothing else', () => {
  let sandbox: SandboxHandlers;
  before(async () => (sandbox = await sandboxHandlers()));
  const { unhandled } = mswServer(() => [sandbox]);

  it("answers at the client's default base URL: the client needs no baseUrl", async () => {
    assert.equal(sandbox.baseUrl, DEFAULT_BASE_URL);
    const coord = strictClient(sandbox);
    const session = await coord.sessions.create(sandbox.locationId, { license_plate: 'AB 123' });
    assert.equal((await coord.sessions.end(sandbox.locationId, session.id)).billing_info?.cost.amount, 250);
    assert.equal(sandbox.sessionCount(), 1);
  });

  it('answers every path below it, unknown ones with its 404 problem: nothing there reaches the network', async () => {
    for (const path of ['', '/', '/elsewhere', '/lot-1/session/1/extra']) {
      const response = await fetch(`${DEFAULT_BASE_URL}${path}?access_key=${sandbox.accessKey}`);
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.equal(((await response.json()) as { instance: string }).instance, `/v1/access/parking${path}`);
    }
    assert.deepEqual(unhandled, []);
  });

  it("leaves every other URL to msw's onUnhandledRequest, on the same host too", async () => {
    const others = [
      'https://api.coord.co/v2/access/parking/lot-1/session',
      'https://api.coord.co/v1/access/parkingx/lot-1/session',
      'https://api.coord.co/',
      'http://api.coord.co/v1/access/parking/lot-1/session',
      'https://api.coord.co:8443/v1/access/parking/lot-1/session',
      'https://coord.co/v1/access/parking/lot-1/session',
    ];
    unhandled.length = 0;
    for (const url of others) await fetch(url).catch(() => {});
    assert.deepEqual(
      unhandled,
      others.map((url) => `GET ${url}`),
    );
  });

  it('answers any HTTP client msw/node intercepts, node:https included (axios, got…)', async () => {
    const url = `${DEFAULT_BASE_URL}/session?access_key=${encodeURIComponent(sandbox.accessKey)}`;
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpsRequest(url, { headers: { authorization: `Bearer ${sandbox.userToken}` } }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      });
      request.on('error', reject);
      request.end();
    });
    assert.equal(status, 200);
    assert.deepEqual(JSON.parse(body), []);
  });

  it('answers hostile requests as over node:http: bad percent-encoding, a 1 MiB body, an endless one, HEAD without a body', async () => {
    const key = `access_key=${sandbox.accessKey}`;
    const auth = { authorization: `Bearer ${sandbox.testUserToken}` };
    const badPath = await fetch(`${DEFAULT_BASE_URL}/lot%E0%A4%A/session?${key}`, { headers: auth });
    assert.equal(badPath.status, 400);
    const big = await fetch(`${DEFAULT_BASE_URL}/lot-1/session?${key}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ license_plate: 'x'.repeat(1 << 20) }),
    });
    assert.equal(big.status, 413);
    // A body that never ends: read just past the limit, then let go.
    let chunks = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (controller) => void (chunks++, controller.enqueue(new Uint8Array(16_384))) });
    const init = { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: endless, duplex: 'half' };
    assert.equal((await fetch(`${DEFAULT_BASE_URL}/lot-1/session?${key}`, init as RequestInit)).status, 413);
    assert.ok(chunks < 16, `${chunks} chunks of 16 KiB read`);
    const head = await fetch(`${DEFAULT_BASE_URL}/lot-1/session?${key}`, { method: 'HEAD', headers: auth });
    assert.equal(head.status, 405);
    assert.equal(head.headers.get('allow'), 'GET, POST');
    assert.equal(await head.text(), '');
  });

  it('refuses a base URL it could not own, without repeating it (it may hold credentials)', async () => {
    for (const baseUrl of [
      '/v1/access/parking',
      'ftp://api.coord.co/x',
      'https://user:s3cret@api.coord.co/x',
      'https://api.coord.co/x?k=s3cret',
    ]) {
      await assert.rejects(sandboxHandlers({ baseUrl }), (error: Error) => {
        assert.ok(error instanceof TypeError);
        assert.doesNotMatch(error.message, /s3cret|api\.coord\.co/);
        return true;
      });
    }
  });
});

describe("msw: the sandbox's onUnhandledRequest, for a request sent to the wrong place", () => {
  let sandbox: SandboxHandlers;
  let server: SetupServer;
  before(async () => {
    sandbox = await sandboxHandlers();
    server = setupServer(...sandbox.handlers);
    server.listen({ onUnhandledRequest: sandbox.onUnhandledRequest });
  });
  after(() => server.close());

  it('fails the call and says where the sandbox is, with no credential in what it prints', async () => {
    // An app whose configuration still points at staging, with its real key and a token.
    const accessKey = 'live/key+with=symbols~1234';
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZWFsIn0.c2lnbmF0dXJl';
    const printed: string[] = [];
    const consoleError = console.error;
    console.error = (...parts: unknown[]) => void printed.push(parts.map(String).join(' '));
    let failure: unknown;
    try {
      const coord = createCoordParkingClient({
        accessKey,
        userToken: token,
        baseUrl: 'https://staging.coord.example/v1/access/parking',
        retry: false,
      });
      await coord.sessions.listMine().catch((error: unknown) => (failure = error));
    } finally {
      console.error = consoleError;
    }
    assert.ok(failure instanceof CoordApiError, String(failure));
    assert.equal(failure.status, 500);
    assert.equal(printed.length, 1);
    assert.match(
      printed[0]!,
      /no msw handler for GET https:\/\/staging\.coord\.example\/v1\/access\/parking\/session\?access_key=\*\*\* \(the sandbox answers at https:\/\/api\.coord\.co\/v1\/access\/parking\)/,
    );
    assert.deepEqual(secretsIn(`${printed.join('\n')}\n${failure.message}\n${JSON.stringify(failure)}`, [accessKey, token]), []);
  });
});

describe('msw: base URLs in any spelling, several sandboxes side by side', () => {
  let slashed: SandboxHandlers;
  let bare: SandboxHandlers;
  let longer: SandboxHandlers;
  let shorter: SandboxHandlers;
  before(async () => {
    [slashed, bare, longer, shorter] = await Promise.all([
      sandboxHandlers({ baseUrl: 'HTTPS://Staging.Example:443/v1/access/parking/' }),
      sandboxHandlers({ baseUrl: 'http://localhost:3000' }),
      sandboxHandlers({ baseUrl: 'https://api.example/coord/parking' }),
      sandboxHandlers({ baseUrl: 'https://api.example/coord' }),
    ]);
  });
  // Where one base URL lies below another, the first handler that covers a request answers it:
  // the longer one goes first, as with any msw handlers.
  const { unhandled } = mswServer(() => [slashed, bare, longer, shorter]);

  it('a trailing slash or none, on either side, is the same base URL; so are the host in capitals and the default port', async () => {
    assert.equal(slashed.baseUrl, 'https://staging.example/v1/access/parking');
    for (const baseUrl of ['https://staging.example/v1/access/parking', 'https://staging.example/v1/access/parking/']) {
      const coord = strictClient(slashed, { baseUrl });
      const session = await coord.sessions.create(slashed.gatedLocationId);
      await coord.testing.simulateRedemption(slashed.gatedLocationId, session.id, { durationMinutes: 5 });
    }
    assert.equal(slashed.sessionCount(), 2);
  });

  it('a base URL without a path serves the operations at the root', async () => {
    assert.equal(bare.baseUrl, 'http://localhost:3000');
    const coord = strictClient(bare, { baseUrl: 'http://localhost:3000/' });
    assert.equal((await coord.sessions.create(bare.locationId)).id, 1);
  });

  it('each sandbox keeps its own sessions and credentials', async () => {
    const inLonger = strictClient(longer, { baseUrl: longer.baseUrl });
    const inShorter = strictClient(shorter, { baseUrl: shorter.baseUrl });
    const created = await inLonger.sessions.create(longer.locationId);
    assert.equal((await inShorter.sessions.create(shorter.locationId)).id, 1, 'ids count per sandbox');
    assert.deepEqual(await inLonger.sessions.get(longer.locationId, created.id), created);
    assert.equal(longer.sessionCount(), 1);
    assert.equal(shorter.sessionCount(), 1);
    // The access key and tokens of one sandbox are foreign to the other.
    await rejectsWith(strictClient(longer, { baseUrl: shorter.baseUrl }).sessions.listMine(), 401);
    await rejectsWith(strictClient(shorter, { baseUrl: shorter.baseUrl, userToken: longer.testUserToken }).sessions.listMine(), 401);
    assert.deepEqual(unhandled, []);
  });
});

describe('msw: server.resetHandlers() and reset()', () => {
  let clock = Date.parse('2026-11-24T09:00:00.000Z');
  let sandbox: SandboxHandlers;
  before(async () => {
    sandbox = await sandboxHandlers({
      now: () => new Date(clock),
      locations: [{ id: 'north-garage', kind: 'direct', ratePerStartedHour: 400, currency: 'EUR' }],
      rateLimit: { requests: 3, windowMs: 60_000 },
      limits: { openSessionsPerUser: 1 },
    });
  });
  const { server } = mswServer(() => [sandbox]);

  // Fresh tokens per request, as apps refresh theirs: the clock moves past a token's hour.
  const tester = () => strictClient(sandbox, { userToken: () => sandbox.mintToken(TEST_USER) });

  it('server.use() puts a handler in front (an outage, a spy); resetHandlers() drops it and keeps the state', async () => {
    const coord = tester();
    const session = await coord.sessions.create(sandbox.locationId);
    server().use(
      http.put(`${sandbox.baseUrl}/:locationId/session/:sessionId/end`, () =>
        HttpResponse.json(
          { title: 'Service unavailable', status: 503 },
          { status: 503, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    await rejectsWith(coord.sessions.end(sandbox.locationId, session.id), 503);
    const seen: string[] = [];
    // A resolver that returns nothing hands the request on: here, to the sandbox.
    server().use(http.get(`${sandbox.baseUrl}/*`, ({ request }) => void seen.push(new URL(request.url).pathname)));
    assert.equal((await coord.sessions.get(sandbox.locationId, session.id)).id, session.id);
    assert.deepEqual(seen, [`/v1/access/parking/north-garage/session/${session.id}`]);

    server().resetHandlers();
    clock += 90 * 60_000;
    const ended = await coord.sessions.end(sandbox.locationId, session.id);
    assert.deepEqual(ended.billing_info?.cost, { amount: 800, currency: 'EUR' }, 'the clock and the location were the options given');
  });

  it('reset() forgets sessions and rate-limit counts; the credentials stay valid', async () => {
    const coord = tester();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        await coord.sessions.listMine().then(
          () => 200,
          (error: CoordApiError) => error.status,
        ),
      );
    assert.equal(statuses.at(-1), 429, 'four requests within a minute pass a limit of three');
    sandbox.reset();
    assert.equal(sandbox.sessionCount(), 0);
    assert.deepEqual(await coord.sessions.listMine(), []);
    assert.equal((await coord.sessions.create(sandbox.locationId)).id, 1);
    await rejectsWith(coord.sessions.create(sandbox.locationId), 409);
  });

  it('mints tokens for any user, as startSandbox() does', async () => {
    sandbox.reset();
    const other = strictClient(sandbox, {
      userToken: await sandbox.mintToken({ id: '5ec0d5ec-0000-4000-8000-000000000003', test: false }),
    });
    assert.equal((await other.sessions.create(sandbox.locationId)).id, 1);
    const regular = strictClient(sandbox, { userToken: await sandbox.mintToken(REGULAR_USER) });
    await rejectsWith(regular.testing.simulateRedemption(sandbox.locationId, 1, { durationMinutes: 5 }), 403);
    const expiring = await sandbox.mintToken(TEST_USER, 60);
    clock += 61_000;
    await rejectsWith(strictClient(sandbox, { userToken: expiring }).sessions.listMine(), 401);
  });
});
