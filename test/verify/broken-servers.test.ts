import assert from 'node:assert/strict';
import { STATUS_CODES } from 'node:http';
import Mocha from 'mocha';
import { CONTRACT_CHECKS } from '../../contract-tests/index.ts';
import { runVerify } from '../../src/verify/run-verify.ts';
import type { VerifyOptions } from '../../src/verify/options.ts';
import { startSandbox, TEST_USER, type RunningSandbox } from '../../src/sandbox/index.ts';
import { startBrokenProxy, type Answer, type Breakage, type Seen } from '../helpers/broken-proxy.ts';

/** The answer with its JSON body edited; a body that is not JSON (a HEAD's, say) is left alone. */
const json = (answer: Answer, edit: (body: any) => unknown): Answer => {
  try {
    return { ...answer, body: JSON.stringify(edit(JSON.parse(answer.body))) };
  } catch {
    return answer;
  }
};
/** An about:blank problem, titled with the reason phrase as RFC 9457 asks. */
const problem = (status: number) => JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status });
const unknownLocation = (seen: Seen, answer: Answer) => seen.operationId === 'get_location_sessions' && answer.status === 404;
const fabricated = { id: 999_999, user_id: '7e57e57e-0000-4000-8000-000000000001', start_time: '2026-01-01T00:00:00.000Z' };
/** A made-up success, with every header a correct server sends, so that only its content is wrong. */
const ok = (body: unknown): Answer => ({
  status: 200,
  headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});
const SESSION_OPERATIONS = ['get_session', 'end_session', 'fake_redemption'];
/** A 200 JSON answer that holds sessions (every operation's but create_barcode's). */
const sessionsIn = (seen: Seen, answer: Answer) =>
  answer.status === 200 && answer.headers['content-type']?.startsWith('application/json') === true && seen.operationId !== 'create_barcode';

/** The same request as the other of the sandbox's two users. */
const asTheOtherUser = (seen: Seen): Seen => ({
  ...seen,
  authorization:
    seen.authorization === `Bearer ${sandbox.testUserToken}` ? `Bearer ${sandbox.userToken}` : `Bearer ${sandbox.testUserToken}`,
});

/**
 * A server whose check and act are not one step: requests of one operation on one URL that
 * arrive together all pass the check. One is carried out; the others get a success too (a
 * session each, another id). Alone, a request waits a moment for company, then goes through
 * as a correct server would take it: sequential requests never see the fault.
 */
function racy(operationId: string): Breakage {
  type Group = { arrived: number; release: () => void; together: Promise<void> };
  const gathering = new Map<string, Group>();
  const places = new Map<Seen, { key: string; place: number }>();
  return {
    request: async (seen) => {
      if (seen.operationId !== operationId) return seen;
      const key = `${seen.authorization} ${seen.path}`;
      let group = gathering.get(key);
      if (!group) {
        let release!: () => void;
        const together = new Promise<void>((resolve) => (release = resolve));
        group = { arrived: 0, release, together };
        gathering.set(key, group);
        setTimeout(release, 250).unref();
      }
      const place = group.arrived++;
      if (place === 1) group.release();
      places.set(seen, { key, place });
      await group.together;
      return seen;
    },
    response: (seen, answer) => {
      const arrival = places.get(seen);
      if (!arrival) return answer;
      places.delete(seen);
      // The group is over once its first request is answered: later requests start a new one.
      if (arrival.place === 0) gathering.delete(arrival.key);
      return arrival.place === 0 || answer.status !== 409 ? answer : ok({ ...fabricated, id: fabricated.id + 1000 * arrival.place });
    },
  };
}

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
        seen.operationId === 'get_session' && answer.status === 400 ? { ...answer, status: 500, body: problem(500) } : answer,
    },
    // A 500 is never documented, and it is not the 4xx an invalid id must get.
    alsoFails: ['status_code_conformance', 'negative_data_rejection'],
  },
  {
    check: 'status_code_conformance',
    breaks: 'answers 410 for an unknown location',
    breakage: {
      response: (seen, answer) => (unknownLocation(seen, answer) ? { ...answer, status: 410, body: problem(410) } : answer),
    },
    // state_rules asks for an unknown location too, through the strict typed client as well.
    alsoFails: ['state_rules'],
  },
  {
    check: 'content_type_conformance',
    breaks: 'sends its 404 problems as application/json',
    breakage: {
      response: (seen, answer) =>
        unknownLocation(seen, answer) ? { ...answer, headers: { ...answer.headers, 'content-type': 'application/json' } } : answer,
    },
    // state_rules asks for an unknown location too, through the strict typed client as well.
    alsoFails: ['state_rules'],
  },
  {
    check: 'response_schema_conformance',
    breaks: 'leaves the title out of its 404 problems',
    breakage: { response: (seen, answer) => (unknownLocation(seen, answer) ? json(answer, ({ title: _title, ...rest }) => rest) : answer) },
    // state_rules asks for an unknown location too, through the strict typed client as well.
    alsoFails: ['state_rules'],
  },
  {
    check: 'response_headers_conformance',
    breaks: 'rate-limits unknown locations with a 429 that has no Retry-After',
    breakage: {
      response: (seen, answer) => (unknownLocation(seen, answer) ? { ...answer, status: 429, body: problem(429) } : answer),
    },
    // state_rules asks for an unknown location too, through the strict typed client as well.
    alsoFails: ['state_rules'],
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
        seen.operationId === 'fake_redemption' && answer.status === 400 && answer.body.includes('"/duration_m"') ? ok(fabricated) : answer,
    },
  },
  {
    check: 'positive_data_acceptance',
    breaks: 'calls an unknown but valid location id invalid',
    breakage: {
      response: (seen, answer) => (unknownLocation(seen, answer) ? { ...answer, status: 400, body: problem(400) } : answer),
    },
    // state_rules asks for an unknown location too, through the strict typed client as well.
    alsoFails: ['state_rules'],
  },
  {
    check: 'ensure_resource_availability',
    breaks: "leaves the newest session out of the user's list",
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'get_user_sessions' && answer.status === 200 ? json(answer, (list: unknown[]) => list.slice(0, -1)) : answer,
    },
    // A list without a session is a view that disagrees, and a list that is not complete.
    alsoFails: ['consistent_views', 'lists_complete_and_ordered'],
  },
  {
    check: 'direct_lifecycle',
    breaks: 'does not bill an ended session',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'end_session' && answer.status === 200 ? json(answer, ({ billing_info: _bill, ...rest }) => rest) : answer,
    },
    // The end's answer and the reads after it then disagree about billing_info.
    alsoFails: ['consistent_views'],
  },
  {
    check: 'gated_lifecycle',
    breaks: 'makes every simulated visit an hour long, whatever duration_m says',
    breakage: {
      response: (seen, answer) => {
        if (!sessionsIn(seen, answer)) return answer;
        // In every answer alike, so that each view of the session agrees.
        const hour = (s: any) =>
          s.redemption_info && s.end_time ? { ...s, end_time: new Date(Date.parse(s.start_time) + 3_600_000).toISOString() } : s;
        return json(answer, (body) => (Array.isArray(body) ? body.map(hour) : hour(body)));
      },
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
    // A read showing another id disagrees with every other view, and with the race's winner.
    alsoFails: ['consistent_views', 'concurrent_ends', 'concurrent_redemptions'],
  },
  {
    check: 'at_most_one_active',
    breaks: 'lets a user open a second session at a location',
    breakage: {
      response: (seen, answer) => (seen.operationId === 'post_session' && answer.status === 409 ? ok(fabricated) : answer),
    },
    // The same rule, raced and provoked by state_rules, fails the same way.
    alsoFails: ['concurrent_creates', 'state_rules'],
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
    // The list then holds one session more than the caller's.
    alsoFails: ['lists_complete_and_ordered'],
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
      response: (seen, answer) => (seen.operationId === 'fake_redemption' && answer.status === 403 ? ok(fabricated) : answer),
    },
    // object_level_authorization expects that same 403 on the test user's session.
    alsoFails: ['object_level_authorization'],
  },
  {
    check: 'state_rules',
    breaks: 'lets a test user redeem a session that started at once',
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'fake_redemption' && answer.status === 409 && answer.body.includes('no redemption_info')
          ? ok(fabricated)
          : answer,
    },
  },
  {
    check: 'object_level_authorization',
    breaks: 'finds a session by its id whoever asks',
    breakage: {
      response: async (seen, answer, upstream) => {
        if (!SESSION_OPERATIONS.includes(seen.operationId ?? '') || answer.status !== 404) return answer;
        const theirs = await upstream(asTheOtherUser(seen));
        return theirs.status === 200 ? theirs : answer;
      },
    },
  },
  {
    check: 'object_level_authorization',
    breaks: "says when a session is another user's",
    breakage: {
      response: async (seen, answer, upstream) => {
        if (seen.operationId !== 'get_session' || answer.status !== 404) return answer;
        const theirs = await upstream(asTheOtherUser(seen));
        return theirs.status === 200 ? json(answer, (p) => ({ ...p, detail: 'That session belongs to another user.' })) : answer;
      },
    },
  },
  {
    check: 'mass_assignment',
    breaks: 'drops fields it owns from request bodies instead of refusing them',
    breakage: {
      request: (seen) => {
        const owned: Record<string, string[]> = {
          post_session: ['id', 'user_id', 'location_id', 'start_time', 'end_time', 'billing_info', 'redemption_info'],
          create_barcode: ['data', 'expires_at'],
        };
        const fields = owned[seen.operationId ?? ''];
        let body: unknown;
        try {
          body = JSON.parse(seen.body);
        } catch {
          return seen;
        }
        if (!fields || !body || typeof body !== 'object' || Array.isArray(body)) return seen;
        for (const field of fields) delete (body as Record<string, unknown>)[field];
        return { ...seen, body: JSON.stringify(body) };
      },
    },
  },
  { check: 'concurrent_creates', breaks: 'lets concurrent creates at one location all through', breakage: racy('post_session') },
  { check: 'concurrent_ends', breaks: 'ends and bills a session once per concurrent end_session', breakage: racy('end_session') },
  {
    check: 'concurrent_redemptions',
    breaks: 'redeems a session once per concurrent fake_redemption',
    breakage: racy('fake_redemption'),
  },
  {
    check: 'consistent_views',
    breaks: "leaves billing_info out of the user's list",
    breakage: {
      response: (seen, answer) =>
        seen.operationId === 'get_user_sessions' && answer.status === 200
          ? json(answer, (list: Record<string, unknown>[]) => list.map(({ billing_info: _bill, ...rest }) => rest))
          : answer,
    },
  },
  {
    check: 'immutable_fields',
    breaks: 'issues a new barcode for a session once it has been redeemed',
    breakage: {
      response: (seen, answer) => {
        if (!sessionsIn(seen, answer)) return answer;
        const rebarcode = (s: any) =>
          s.end_time && s.redemption_info
            ? { ...s, redemption_info: { barcode: { ...s.redemption_info.barcode, data: 'CRD-REISSUED' } } }
            : s;
        return json(answer, (body) => (Array.isArray(body) ? body.map(rebarcode) : rebarcode(body)));
      },
    },
  },
  {
    check: 'lists_complete_and_ordered',
    breaks: 'lists sessions newest first',
    breakage: {
      response: (seen, answer) =>
        ['get_user_sessions', 'get_location_sessions'].includes(seen.operationId ?? '') && answer.status === 200
          ? json(answer, (list: unknown[]) => list.reverse())
          : answer,
    },
  },
  {
    check: 'expired_token',
    breaks: 'never looks at exp',
    breakage: {
      request: (seen) =>
        seen.authorization === `Bearer ${expiredToken}` ? { ...seen, authorization: `Bearer ${sandbox.testUserToken}` } : seen,
    },
  },
  {
    check: 'http_semantics',
    breaks: 'sends no Date header',
    breakage: {
      response: (_, answer) => {
        const { date: _date, ...headers } = answer.headers;
        return { ...answer, headers, sendDate: false };
      },
    },
  },
  {
    check: 'http_semantics',
    breaks: 'sends its 401s without a WWW-Authenticate challenge',
    breakage: {
      response: (_, answer) => {
        const { 'www-authenticate': _challenge, ...headers } = answer.headers;
        return { ...answer, headers };
      },
    },
    // The contract requires the challenge too.
    alsoFails: ['response_headers_conformance'],
  },
  {
    check: 'problem_details',
    breaks: 'says 400 in the body of its 404 problems',
    breakage: { response: (seen, answer) => (answer.status === 404 ? json(answer, (p) => ({ ...p, status: 400 })) : answer) },
  },
  {
    check: 'security_headers',
    breaks: 'lets caches keep what it sends',
    breakage: {
      response: (_, answer) => {
        const { 'cache-control': _cache, ...headers } = answer.headers;
        return { ...answer, headers };
      },
    },
  },
  {
    check: 'credentials_not_reflected',
    breaks: 'echoes the bearer token, base64-encoded, in a header of its 401s',
    breakage: {
      response: (seen, answer) =>
        answer.status === 401 && seen.authorization
          ? { ...answer, headers: { ...answer.headers, 'x-request-auth': Buffer.from(seen.authorization).toString('base64') } }
          : answer,
    },
  },
];
/** Mocha's base reporter: counts, prints nothing (the outer mocha run is the one reporting). */
const Silent = Mocha.reporters.Base as unknown as Mocha.ReporterConstructor;
let sandbox: RunningSandbox;
let expiredToken: string;

describe('coord-parking verify against deliberately broken servers', function () {
  this.timeout(60_000);
  before(async () => {
    sandbox = await startSandbox();
    expiredToken = await sandbox.mintToken(TEST_USER, -3600);
  });
  after(() => sandbox.close());

  async function verifyThrough(breakage: Breakage, viaPrism = false) {
    const proxy = await startBrokenProxy(sandbox.baseUrl, breakage);
    const options: VerifyOptions = {
      target: 'url',
      baseUrl: proxy.baseUrl,
      accessKey: sandbox.accessKey,
      token: sandbox.testUserToken,
      nonTestToken: sandbox.userToken,
      expiredToken,
      location: sandbox.locationId,
      gatedLocation: sandbox.gatedLocationId,
      viaPrism,
      reporter: 'spec',
      seed: 20261124,
      runs: 10,
      bail: false,
      list: false,
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
    // Prism and the suite's own schema check see the same missing field (state_rules' typed client, strict, too).
    assert.deepEqual([...failed].sort(), ['prism_validation', 'response_schema_conformance', 'state_rules']);
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
