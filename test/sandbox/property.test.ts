import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matchOperation, operations } from '../../src/contract/operations.ts';
import { mediaTypeOf, parseBody, responseViolations } from '../../src/contract/response-conformance.ts';
import { violationsOf } from '../../src/contract/violations.ts';
import { SANDBOX_BASE_PATH } from '../../src/sandbox/index.ts';
import { startSandboxFixture, type SandboxFixture } from '../helpers/sandbox.ts';

const RUNS = Number(process.env.FC_RUNS ?? 1_000);
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const validateProblem = operations.get_session.responses['404'].validate;

/** A path segment a client might send: ids, near-ids, and hostile text, percent-encoded. */
const segment = fc.oneof(
  fc.constantFrom('lot-1', 'gate-7', 'nowhere', '1', '2', '0', '-1', '007', '1e3', '9007199254740993', 'session', '..', '%', '%zz'),
  fc.integer({ min: -5, max: 2_000 }).map(String),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/),
);
const path = fc.oneof(
  fc.tuple(segment).map(([a]) => `/${a}/session`),
  fc.tuple(segment, segment).map(([a, b]) => `/${a}/session/${b}`),
  fc.tuple(segment, segment).map(([a, b]) => `/${a}/session/${b}/end`),
  fc.tuple(segment, segment).map(([a, b]) => `/testing/${a}/${b}/simulate_redemption`),
  fc.constantFrom('/barcode', '/session', '/', '', '/testing', '/session/extra'),
  fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc
    .record({ duration_m: fc.oneof(fc.integer({ min: -10, max: 2_000 }), fc.double(), fc.string()) }, { requiredKeys: [] })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ location_id: fc.oneof(segment, fc.integer()), format: fc.constantFrom('qr', 'code128', 'pdf', 7) }, { requiredKeys: [] })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ license_plate: fc.oneof(fc.constantFrom('AB 123', 'x'), fc.string({ maxLength: 20 })) }, { requiredKeys: [] })
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 40 }),
);

describe('sandbox: property — no input produces a 5xx or breaks the contract', function () {
  this.timeout(120_000);
  let fx: SandboxFixture;
  before(async () => (fx = await startSandboxFixture({ onInternalError: () => {} })));
  after(() => fx.sandbox.close());

  it(`${RUNS} generated requests (seed ${SEED}; replay with FC_SEED=${SEED})`, async () => {
    console.log(`      fast-check seed ${SEED}, ${RUNS} runs`);
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      prefixed: fc.boolean().map((b) => b || Math.random() < 0.9),
      path,
      accessKey: fc.constantFrom('valid', 'valid', 'valid', 'missing', 'wrong'),
      token: fc.constantFrom('tester', 'tester', 'regular', 'missing', 'garbage'),
      contentType: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/merge-patch+json',
        undefined,
      ),
      extraHeader: fc.option(
        fc.tuple(
          fc.constantFrom('x-request-id', 'accept', 'if-none-match'),
          fc.string({ maxLength: 20 }).filter((v) => /^[\x20-\x7e]*$/.test(v)),
        ),
      ),
      body,
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const { sandbox } = fx;
        const query = { valid: `?access_key=${sandbox.accessKey}`, missing: '', wrong: '?access_key=nope' }[r.accessKey];
        const token = { tester: sandbox.testUserToken, regular: sandbox.userToken, missing: undefined, garbage: 'a.b.c' }[r.token];
        const headers: Record<string, string> = {};
        if (token) headers.authorization = `Bearer ${token}`;
        if (r.contentType && r.body !== undefined) headers['content-type'] = r.contentType;
        if (r.extraHeader) headers[r.extraHeader[0]] = r.extraHeader[1];
        const fullPath = `${r.prefixed ? SANDBOX_BASE_PATH : ''}${r.path}`;
        const origin = new URL(sandbox.baseUrl).origin;
        const response = await fetch(`${origin}${fullPath}${query}`, {
          method: r.method,
          headers,
          body: r.method === 'GET' ? undefined : r.body,
        });
        const text = await response.text();
        assert.ok(response.status < 500, `${r.method} ${fullPath} → ${response.status} ${text}`);

        const below = fullPath.startsWith(SANDBOX_BASE_PATH) ? fullPath.slice(SANDBOX_BASE_PATH.length) : undefined;
        const match = below === undefined ? undefined : matchOperation(r.method, below.split('?')[0]!);
        if (match?.kind === 'operation') {
          assert.ok(
            match.operation.responses[String(response.status)],
            `${match.operation.operationId} answered undocumented ${response.status}: ${text}`,
          );
          const violations = responseViolations(match.operation, {
            status: response.status,
            mediaType: mediaTypeOf(response.headers.get('content-type')),
            hasHeader: (name) => response.headers.has(name),
            body: parseBody(text),
          });
          assert.deepEqual(violations, [], `${match.operation.operationId} ${response.status}: ${text}`);
        } else {
          assert.ok([404, 405].includes(response.status), `${r.method} ${fullPath} is no operation, got ${response.status}`);
          assert.equal(mediaTypeOf(response.headers.get('content-type')), 'application/problem+json');
          assert.deepEqual(violationsOf(validateProblem, JSON.parse(text)), []);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false },
    );
  });
});
