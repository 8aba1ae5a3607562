/**
 * The sandbox at the HTTP edges, over raw sockets: what fetch would refuse to send or would
 * normalise away. One `it` per case of the hardening issue.
 */
import assert from 'node:assert/strict';
import { startSandbox, TEST_USER } from '../../src/sandbox/index.ts';
import { assertProblem, http, rawExchange } from '../helpers/raw-http.ts';
import { startSandboxFixture, type SandboxFixture } from '../helpers/sandbox.ts';

describe('sandbox on the wire (raw sockets)', () => {
  let fx: SandboxFixture;
  let origin: string;
  let base: string;
  let key: string;
  before(async () => {
    fx = await startSandboxFixture();
    const url = new URL(fx.sandbox.baseUrl);
    origin = url.origin;
    base = url.pathname;
    key = `access_key=${fx.sandbox.accessKey}`;
  });
  after(() => fx.sandbox.close());

  const send = async (request: string) => {
    const responses = await rawExchange(origin, request);
    assert.equal(responses.length, 1, JSON.stringify(responses));
    return responses[0]!;
  };

  describe('401 carries a Bearer challenge (RFC 6750)', () => {
    const CASES: [string, () => Promise<[string, Record<string, string>]>, string][] = [
      ['no access key', async () => ['', { authorization: `Bearer ${fx.sandbox.testUserToken}` }], 'Bearer realm="coord-parking"'],
      ['a wrong access key', async () => ['access_key=nope', { authorization: 'Bearer a.b.c' }], 'Bearer realm="coord-parking"'],
      ['no Authorization', async () => [key, {}], 'Bearer realm="coord-parking"'],
      ['another scheme', async () => [key, { authorization: 'Basic dXNlcjpwYXNz' }], 'Bearer realm="coord-parking"'],
      ['"Bearer" and no token', async () => [key, { authorization: 'Bearer' }], 'Bearer realm="coord-parking"'],
      ['a garbage token', async () => [key, { authorization: 'Bearer a.b.c' }], 'Bearer realm="coord-parking", error="invalid_token"'],
      [
        'a token that is not a b64token',
        async () => [key, { authorization: 'Bearer a b' }],
        'Bearer realm="coord-parking", error="invalid_token"',
      ],
      [
        'an expired token',
        async () => [key, { authorization: `Bearer ${await fx.sandbox.mintToken(TEST_USER, -60)}` }],
        'Bearer realm="coord-parking", error="invalid_token"',
      ],
    ];
    for (const [name, credentials, challenge] of CASES) {
      it(`${name}: ${challenge}`, async () => {
        const [query, headers] = await credentials();
        const response = await send(http('GET', `${base}/session?${query}`, headers));
        assertProblem(response, 401);
        assert.deepEqual(
          response.headers.filter(([header]) => header === 'www-authenticate'),
          [['www-authenticate', challenge]],
        );
      });
    }
  });
  it('431 problem details, titled with the reason phrase, for headers over 16 KiB', async () => {
    const response = await send(http('GET', `${base}/session?${key}`, { 'x-padding': 'a'.repeat(20_000) }));
    const problem = assertProblem(response, 431);
    assert.equal(response.reason, 'Request Header Fields Too Large');
    assert.deepEqual([problem.type, problem.title], ['about:blank', 'Request Header Fields Too Large']);
  });
  describe('X-Content-Type-Options: nosniff and Cache-Control: no-store on every response', () => {
    const CASES: [string, () => string][] = [
      ['a success', () => http('GET', `${base}/session?${key}`, { authorization: `Bearer ${fx.sandbox.testUserToken}` })],
      ['a 401', () => http('GET', `${base}/session?${key}`)],
      ['a 404 outside the API', () => http('GET', '/elsewhere')],
      ['a 405', () => http('DELETE', `${base}/session?${key}`)],
      ['a 431 from the HTTP parser', () => http('GET', `${base}/session`, { 'x-padding': 'a'.repeat(20_000) })],
      ['a 400 from the HTTP parser', () => 'GARBAGE\r\n\r\n'],
    ];
    for (const [name, request] of CASES) {
      it(name, async () => {
        const response = await send(request());
        assert.equal(response.header('x-content-type-options'), 'nosniff');
        assert.equal(response.header('cache-control'), 'no-store');
      });
    }
  });
  describe('one rule for each input the contract left open', () => {
    let bearer: Record<string, string>;
    let sessionId: number;
    before(async () => {
      bearer = { authorization: `Bearer ${fx.sandbox.testUserToken}` };
      sessionId = (await fx.tester.sessions.create(fx.sandbox.locationId)).id;
    });
    after(() => fx.tester.sessions.end(fx.sandbox.locationId, sessionId));

    it('a session id with a leading zero is 400 at any length, however the id is padded', async () => {
      for (const id of [`0${sessionId}`, `${'0'.repeat(19)}${sessionId}`]) {
        const problem = assertProblem(await send(http('GET', `${base}/lot-1/session/${id}?${key}`, bearer)), 400);
        assert.deepEqual(problem.errors, [{ pointer: '#/path/session_id', detail: 'must be written without leading zeros' }], id);
      }
      assert.equal((await send(http('GET', `${base}/lot-1/session/${sessionId}?${key}`, bearer))).status, 200);
    });

    it('a trailing slash or an empty segment is a path the contract does not define: 404', async () => {
      for (const path of ['/session/', '/lot-1/session/', `/lot-1/session/${sessionId}/`, '//session', '/lot-1//session']) {
        assertProblem(await send(http('GET', `${base}${path}?${key}`, bearer)), 404);
      }
    });

    it('path parameters are percent-decoded once: lot%2D1 is lot-1, lot%2F1 is 400, %31 is session 1', async () => {
      assert.equal((await send(http('GET', `${base}/lot%2D1/session?${key}`, bearer))).status, 200);
      const slash = assertProblem(await send(http('GET', `${base}/lot%2F1/session?${key}`, bearer)), 400);
      assert.equal((slash.errors as { pointer: string }[])[0]!.pointer, '#/path/location_id');
      const encoded = [...String(sessionId)].map((digit) => `%3${digit}`).join('');
      assert.equal((await send(http('GET', `${base}/lot-1/session/${encoded}?${key}`, bearer))).status, 200);
    });

    it('access_key given twice is 401, even when both are right; other query parameters are ignored', async () => {
      const twice = await send(http('GET', `${base}/session?${key}&${key}`, bearer));
      assert.match(assertProblem(twice, 401).detail as string, /more than once/);
      assert.equal((await send(http('GET', `${base}/session?${key}&_=123&access_key_2=x`, bearer))).status, 200);
    });

    it('two Authorization headers are a malformed token (invalid_token), even when both are valid', async () => {
      const request = `GET ${base}/session?${key} HTTP/1.1\r\nhost: sandbox.test\r\nconnection: close\r\nauthorization: ${bearer.authorization}\r\nauthorization: ${bearer.authorization}\r\n\r\n`;
      const response = await send(request);
      assertProblem(response, 401);
      assert.equal(response.header('www-authenticate'), 'Bearer realm="coord-parking", error="invalid_token"');
    });

    it('the query is form-decoded: a "+" in the access key must be sent as %2B', async () => {
      const plus = await startSandbox({ accessKey: 'sk_plus+key_0123456789' });
      try {
        const { origin: plusOrigin, pathname } = new URL(plus.baseUrl);
        const ask = async (query: string) => {
          const [response] = await rawExchange(
            plusOrigin,
            http('GET', `${pathname}/session?${query}`, { authorization: `Bearer ${plus.testUserToken}` }),
          );
          return response!.status;
        };
        assert.equal(await ask('access_key=sk_plus%2Bkey_0123456789'), 200);
        assert.equal(await ask('access_key=sk_plus+key_0123456789'), 401);
      } finally {
        await plus.close();
      }
    });
  });
});
