import assert from 'node:assert/strict';
import Mocha from 'mocha';
import { CONTRACT_CHECKS } from '../../contract-tests/index.ts';
import { runVerify } from '../../src/verify/run-verify.ts';
import type { VerifyOptions } from '../../src/verify/options.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { startBrokenProxy, type Answer, type Breakage, type Seen } from '../helpers/broken-proxy.ts';

const json = (answer: Answer, edit: (body: any) => unknown): Answer => ({ ...answer, body: JSON.stringify(edit(JSON.parse(answer.body))) });
const problem = (status: number, title: string) => JSON.stringify({ type: 'about:blank', title, status });
const unknownLocation = (seen: Seen, answer: Answer) => seen.operationId === 'get_location_sessions' && answer.status === 404;
const fabricated = { id: 999_999, user_id: '7e57e57e-0000-4000-8000-000000000001', start_time: '2026-01-01T00:00:00.000Z' };

/**
 * One broken server per named check: each breaks one rule, and the suite must fail that check
 * by name. `alsoFails` lists the checks that cannot help failing with it, and why.
 */
const BROKEN: { check: string; breaks: string; breakage: Breakage; alsoFails?: string[] }[] = [
  {
    check: 'not_a_server_error',
    breaks: 'answers 500 when a session id is not a number',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'get_session' && answer.status === 400 ? { ...answer, status: 500, body: problem(500, 'Oops') } : answer,
    },
    // A 500 is never documented, and it is not the 4xx an invalid id must get.
    alsoFails: ['status_code_conformance', 'negative_data_rejection'],
  },
  {
    check: 'status_code_conformance',
    breaks: 'answers 410 for an unknown location',
    breakage: {
      response: (seen, answer) => (unknownLocation(seen, answer) ? { ...answer, status: 410, body: problem(410, 'Gone') } : answer),
    },
  },
  {
    check: 'content_type_conformance',
    breaks: 'sends its 404 problems as application/json',
    breakage: {
      response: (seen, answer) =>
        unknownLocation(seen, answer) ? { ...answer, headers: { ...answer.headers, 'content-type': 'application/json' } } : answer,
    },
  },
  {
    check: 'response_schema_conformance',
    breaks: 'leaves the title out of its 404 problems',
    breakage: { response: (seen, answer) => (unknownLocation(seen, answer) ? json(answer, ({ title: _title, ...rest }) => rest) : answer) },
  },
  {
    check: 'response_headers_conformance',
    breaks: 'rate-limits unknown locations with a 429 that has no Retry-After',
    breakage: {
      response: (seen, answer) => (unknownLocation(seen, answer) ? { ...answer, status: 429, body: problem(429, 'Slow down') } : answer),
    },
  },
  {
    check: 'unsupported_method',
    breaks: 'answers 405 without the Allow header',
    breakage: {
      response: (_, answer) => {
        const { allow: _allow, ...headers } = answer.headers;
        return { ...answer, headers };
      },
    },
  },
  {
    check: 'ignored_auth',
    breaks: 'lets requests without an access key through',
    breakage: {
      request: (seen) => (seen.query.has('access_key') ? seen : { ...seen, query: new URLSearchParams({ access_key: sandbox.accessKey }) }),
    },
  },
  {
    check: 'invalid_credentials',
    breaks: 'accepts any access key',
    breakage: {
      request: (seen) => (seen.query.has('access_key') ? { ...seen, query: new URLSearchParams({ access_key: sandbox.accessKey }) } : seen),
    },
  },
  {
    check: 'negative_data_rejection',
    breaks: 'accepts any simulated duration',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'fake_redemption' && answer.status === 400 && answer.body.includes('"/duration_m"')
          ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(fabricated) }
          : answer,
    },
  },
  {
    check: 'positive_data_acceptance',
    breaks: 'calls an unknown but valid location id invalid',
    breakage: {
      response: (seen, answer) =>
        unknownLocation(seen, answer) ? { ...answer, status: 400, body: problem(400, 'Invalid input') } : answer,
    },
  },
  {
    check: 'ensure_resource_availability',
    breaks: "leaves the newest session out of the user's list",
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'get_user_sessions' && answer.status === 200 ? json(answer, (list: unknown[]) => list.slice(0, -1)) : answer,
    },
  },
  {
    check: 'direct_lifecycle',
    breaks: 'does not bill an ended session',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'end_session' && answer.status === 200 ? json(answer, ({ billing_info: _bill, ...rest }) => rest) : answer,
    },
  },
  {
    check: 'gated_lifecycle',
    breaks: 'adds a minute to every simulated visit',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'fake_redemption' && answer.status === 200
          ? json(answer, (s) => ({ ...s, end_time: new Date(Date.parse(s.end_time) + 60_000).toISOString() }))
          : answer,
    },
  },
  {
    check: 'get_session_identity',
    breaks: 'answers get_session for an ended session with another id',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'get_session' && answer.status === 200
          ? json(answer, (s) => (s.end_time ? { ...s, id: s.id + 1000 } : s))
          : answer,
    },
  },
  {
    check: 'at_most_one_active',
    breaks: 'lets a user open a second session at a location',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'post_session' && answer.status === 409
          ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(fabricated) }
          : answer,
    },
  },
  {
    check: 'lists_scoped_to_caller',
    breaks: "puts another user's session in the user's list",
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'get_user_sessions' && answer.status === 200
          ? json(answer, (list: unknown[]) => [
              ...list,
              { ...fabricated, user_id: '00000000-0000-4000-8000-00000000beef', end_time: '2026-01-01T01:00:00.000Z' },
            ])
          : answer,
    },
  },
  {
    check: 'barcode_for_location',
    breaks: 'issues QR codes whatever format was asked',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'create_barcode' && answer.status === 200 ? json(answer, (b) => ({ ...b, format: 'qr' })) : answer,
    },
  },
  {
    check: 'fake_redemption_forbidden',
    breaks: 'lets a regular user simulate a redemption',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'fake_redemption' && answer.status === 403
          ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(fabricated) }
          : answer,
    },
  },
];

/** Mocha's base reporter: counts, prints nothing (the outer mocha run is the one reporting). */
const Silent = Mocha.reporters.Base as unknown as Mocha.ReporterConstructor;
let sandbox: RunningSandbox;

describe('coord-parking verify against deliberately broken servers', function () {
  this.timeout(60_000);
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());

  async function verifyThrough(breakage: Breakage, viaPrism = false) {
    const proxy = await startBrokenProxy(sandbox.baseUrl, breakage);
    const options: VerifyOptions = {
      target: 'url',
      baseUrl: proxy.baseUrl,
      accessKey: sandbox.accessKey,
      token: sandbox.testUserToken,
      nonTestToken: sandbox.userToken,
      location: sandbox.locationId,
      gatedLocation: sandbox.gatedLocationId,
      viaPrism,
      reporter: 'spec',
      seed: 20261124,
      runs: 10,
      bail: false,
      requestTimeoutMs: 5_000,
      maxResponseBytes: 1024 * 1024,
    };
    try {
      const outcome = await runVerify(options, { checks: CONTRACT_CHECKS, reporter: Silent, out: () => {} });
      const failed = new Set(outcome.results.failures().map((result) => result.check));
      return { ...outcome, failed };
    } finally {
      await proxy.close();
    }
  }

  it('has a broken server for every named check', () => {
    const covered = new Set([...BROKEN.map((entry) => entry.check), 'prism_validation']);
    assert.deepEqual(
      CONTRACT_CHECKS.map((c) => c.name).filter((name) => !covered.has(name)),
      [],
    );
  });

  it('fails prism_validation (with --via-prism) against a server whose 404 problems have no title', async () => {
    const breakage: Breakage = {
      response: (seen, answer) => (unknownLocation(seen, answer) ? json(answer, ({ title: _title, ...rest }) => rest) : answer),
    };
    const { failed, results } = await verifyThrough(breakage, true);
    // Prism and the suite's own schema check see the same missing field.
    assert.deepEqual([...failed].sort(), ['prism_validation', 'response_schema_conformance']);
    assert.match(results.failures().find((r) => r.check === 'prism_validation')!.failures[0]!.message, /response/);
    const clean = await verifyThrough({}, true);
    assert.deepEqual([...clean.failed], []);
  });

  it('passes through the proxy when it breaks nothing', async () => {
    const { exitCode, failed } = await verifyThrough({});
    assert.deepEqual([...failed], []);
    assert.equal(exitCode, 0);
  });

  for (const { check, breaks, breakage, alsoFails = [] } of BROKEN) {
    it(`fails ${check} against a server that ${breaks}`, async () => {
      const { exitCode, failed, results } = await verifyThrough(breakage);
      assert.equal(exitCode, 1);
      assert.ok(failed.has(check), `${check} did not fail; failed: ${[...failed].join(', ') || 'nothing'}`);
      assert.deepEqual([...failed].sort(), [check, ...alsoFails].sort(), 'only the broken rule fails');
      const message = results.failures().find((r) => r.check === check)!.failures[0]!;
      assert.ok(message.exchange?.curl.startsWith('curl '), 'the failure carries a curl');
    });
  }
});
