import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { operations } from '../../src/contract/operations.ts';
import { violationsOf } from '../../src/contract/violations.ts';
import { CoordApiError } from '../../src/index.ts';
import { TEST_USER } from '../../src/sandbox/index.ts';
import { startSandboxFixture, type SandboxFixture } from '../helpers/sandbox.ts';

const SECRET = 'sandbox-test-secret-0123456789';
const validateProblem = operations.get_session.responses['404'].validate;

async function sign(claims: Record<string, unknown>, { secret = SECRET, alg = 'HS256', expiresIn = '1h' } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}
function unsigned(claims: Record<string, unknown>) {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
}

describe('sandbox: credentials', () => {
  let fx: SandboxFixture;
  before(async () => (fx = await startSandboxFixture({ secret: SECRET })));
  after(() => fx.sandbox.close());

  const TOKENS: [string, () => Promise<string | undefined> | string | undefined, RegExp][] = [
    ['no token', () => undefined, /must carry a bearer token/],
    ['a malformed token', () => 'not-a-jwt', /malformed/],
    ['an expired token', () => fx.sandbox.mintToken(TEST_USER, -60), /expired/],
    ['an unsigned token (alg: none)', () => unsigned({ sub: TEST_USER.id, test: true }), /not signed with HS256|malformed/],
    [
      'a token signed with another secret',
      () => sign({ sub: TEST_USER.id, test: true }, { secret: 'someone-elses-secret-987' }),
      /not signed by this server/,
    ],
    ['a token signed with another algorithm', () => sign({ sub: TEST_USER.id }, { alg: 'HS512' }), /not signed with HS256/],
    ['a token without a subject', () => sign({ test: true }), /missing a claim \(sub\)/],
    ['a token whose subject is not a UUID', () => sign({ sub: 'admin', test: true }), /not a user id/],
  ];
  for (const [name, token, detail] of TOKENS) {
    it(`401 for ${name}, on every operation`, async () => {
      const client = fx.clientFor(await token());
      for (const call of everyOperation(client, fx)) {
        await assert.rejects(call(), (error: CoordApiError) => error.status === 401 && detail.test(error.detail ?? ''));
      }
    });
  }

  it('401 without the access key or with a wrong one, on every operation', async () => {
    const token = await fx.sandbox.mintToken(TEST_USER);
    for (const client of [fx.clientFor(token, 'sk_wrong_key_00000000'), fx.clientFor(token, fx.sandbox.accessKey + 'x')]) {
      for (const call of everyOperation(client, fx)) {
        await assert.rejects(call(), (error: CoordApiError) => error.status === 401 && /access key is not valid/.test(error.detail!));
      }
    }
    const response = await fetch(`${fx.sandbox.baseUrl}/session`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 401);
    assert.match((await response.json()).detail, /access_key query parameter is missing/);
  });

  it('accepts a token signed with the fixed secret after a restart', async () => {
    const other = await startSandboxFixture({ secret: SECRET, accessKey: 'sk_fixed_key_1234567' });
    try {
      const client = other.clientFor(fx.sandbox.testUserToken, 'sk_fixed_key_1234567');
      assert.deepEqual(await client.sessions.listMine(), []);
    } finally {
      await other.sandbox.close();
    }
  });
});

describe('sandbox: HTTP edges, all as problem details', () => {
  let fx: SandboxFixture;
  let query: string;
  let auth: Record<string, string>;
  before(async () => {
    fx = await startSandboxFixture({ rateLimit: { requests: 5, windowMs: 60_000 } });
    query = `?access_key=${fx.sandbox.accessKey}`;
    auth = { authorization: `Bearer ${fx.sandbox.testUserToken}` };
  });
  after(() => fx.sandbox.close());

  const expectProblem = async (response: Response, status: number) => {
    assert.equal(response.status, status);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    const body = await response.json();
    assert.deepEqual(violationsOf(validateProblem, body), []);
    assert.equal(body.status, status);
    return body;
  };

  it('413 for a body over 64 KiB (through the raw client: a documented status)', async () => {
    const big = { license_plate: 'A'.repeat(70 * 1024) };
    const { error, response } = await fx.tester.raw.POST('/{location_id}/session', {
      params: { path: { location_id: 'lot-1' } },
      body: big,
    });
    assert.equal(response.status, 413);
    assert.equal((error as { title: string }).title, 'Payload too large');
  });

  it('413 for a chunked body that grows past the limit', async () => {
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    const response = await fetch(`${fx.sandbox.baseUrl}/barcode${query}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(response, 413);
  });

  it('415 for a body that is not JSON', async () => {
    const { error, response } = await fx.tester.raw.POST('/barcode', {
      body: { location_id: 'lot-1' },
      bodySerializer: () => 'location_id=lot-1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.status, 415);
    assert.match((error as { detail: string }).detail, /application\/json/);
  });

  it('400 for malformed JSON and for a missing required body', async () => {
    const malformed = await fetch(`${fx.sandbox.baseUrl}/barcode${query}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"location_id": ',
    });
    assert.match((await expectProblem(malformed, 400)).detail, /not valid JSON/);
    const missing = await fetch(`${fx.sandbox.baseUrl}/barcode${query}`, { method: 'POST', headers: auth });
    assert.match((await expectProblem(missing, 400)).detail, /body is required/);
  });

  it('404 for an unknown route, 405 with Allow for a wrong method', async () => {
    await expectProblem(await fetch(`${fx.sandbox.baseUrl}/no/such/thing${query}`, { headers: auth }), 404);
    await expectProblem(await fetch(`http://${new URL(fx.sandbox.baseUrl).host}/elsewhere`, { headers: auth }), 404);
    const wrong = await fetch(`${fx.sandbox.baseUrl}/session${query}`, { method: 'DELETE', headers: auth });
    assert.equal(wrong.headers.get('allow'), 'GET');
    await expectProblem(wrong, 405);
  });

  it('429 with Retry-After once the rate limit is used up (strict client: documented)', async () => {
    const client = fx.regular;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        await client.sessions.listMine().then(
          () => 200,
          (error: CoordApiError) => {
            if (error.status === 429) assert.ok(error.retryAfterSeconds! >= 1);
            return error.status;
          },
        ),
      );
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
  });
});

function everyOperation(client: SandboxFixture['tester'], fx: SandboxFixture): (() => Promise<unknown>)[] {
  const { locationId, gatedLocationId } = fx.sandbox;
  return [
    () => client.sessions.listAtLocation(locationId),
    () => client.sessions.create(locationId),
    () => client.sessions.get(locationId, 1),
    () => client.sessions.end(locationId, 1),
    () => client.barcodes.create({ location_id: gatedLocationId }),
    () => client.sessions.listMine(),
    () => client.testing.simulateRedemption(gatedLocationId, 1, { durationMinutes: 5 }),
  ];
}
