/**
 * The bounds a shared sandbox needs, over raw sockets, with small limits so each is reached in
 * a few requests: open sessions refused past a limit (409, its own type), stored sessions
 * forgotten longest-ended first so that the sandbox never fills up.
 */
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS, REGULAR_USER, startSandbox, TEST_USER, type RunningSandbox, type SandboxUser } from '../../src/sandbox/index.ts';
import { SessionStore } from '../../src/sandbox/store.ts';
import { assertProblem, http, rawExchange } from '../helpers/raw-http.ts';

const LOCATIONS = ['a', 'b', 'c', 'd'].map((id) => ({
  id: `lot-${id}`,
  kind: 'direct' as const,
  ratePerStartedHour: 100,
  currency: 'USD',
}));
const THIRD_USER: SandboxUser = { id: '7e57e57e-0000-4000-8000-000000000003', test: false };

describe('sandbox: bounds on open and stored sessions', () => {
  let sandbox: RunningSandbox;
  let tokens: Map<SandboxUser, string>;

  beforeEach(async () => {
    sandbox = await startSandbox({
      locations: LOCATIONS,
      limits: { openSessionsPerUser: 2, openSessions: 3, storedSessionsPerUser: 3, storedSessions: 5 },
    });
    tokens = new Map(await Promise.all([TEST_USER, REGULAR_USER, THIRD_USER].map(async (u) => [u, await sandbox.mintToken(u)] as const)));
  });
  afterEach(() => sandbox.close());

  const call = async (user: SandboxUser, method: string, path: string) => {
    const { origin, pathname } = new URL(sandbox.baseUrl);
    const target = `${pathname}${path}?access_key=${sandbox.accessKey}`;
    const [response] = await rawExchange(origin, http(method, target, { authorization: `Bearer ${tokens.get(user)}` }));
    return response!;
  };
  const open = async (user: SandboxUser, location: string) => {
    const response = await call(user, 'POST', `/${location}/session`);
    assert.equal(response.status, 200, response.body);
    return JSON.parse(response.body).id as number;
  };
  const end = async (user: SandboxUser, location: string, id: number) => {
    assert.equal((await call(user, 'PUT', `/${location}/session/${id}/end`)).status, 200);
  };
  const limitReached = async (user: SandboxUser, location: string, detail: RegExp) => {
    const problem = assertProblem(await call(user, 'POST', `/${location}/session`), 409);
    assert.equal(problem.type, 'urn:coord-parking:problem:limit-reached');
    assert.match(problem.detail as string, detail);
  };

  it('open sessions per user: past the limit 409 limit-reached; ending one makes room', async () => {
    const first = await open(TEST_USER, 'lot-a');
    await open(TEST_USER, 'lot-b');
    await limitReached(TEST_USER, 'lot-c', /2 open sessions, the sandbox's limit per user/);
    await end(TEST_USER, 'lot-a', first);
    await open(TEST_USER, 'lot-c');
  });

  it('open sessions in total: past the limit 409 limit-reached for everyone', async () => {
    await open(TEST_USER, 'lot-a');
    await open(TEST_USER, 'lot-b');
    await open(REGULAR_USER, 'lot-a');
    await limitReached(REGULAR_USER, 'lot-b', /holds 3 open sessions, its limit/);
    await limitReached(THIRD_USER, 'lot-a', /holds 3 open sessions, its limit/);
  });

  it('stored sessions per user: the longest-ended is forgotten (404), one list never grows past the limit', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await open(TEST_USER, 'lot-a'));
      await end(TEST_USER, 'lot-a', ids[i]!);
    }
    const listed = JSON.parse((await call(TEST_USER, 'GET', '/session')).body) as { id: number }[];
    assert.deepEqual(
      listed.map((s) => s.id),
      ids.slice(2),
    );
    assertProblem(await call(TEST_USER, 'GET', `/lot-a/session/${ids[0]}`), 404);
    assert.equal((await call(TEST_USER, 'GET', `/lot-a/session/${ids[2]}`)).status, 200);
  });

  it('stored sessions in total: the longest-ended of any user is forgotten; open ones never are', async () => {
    const theirs = await open(REGULAR_USER, 'lot-a');
    await end(REGULAR_USER, 'lot-a', theirs);
    const open1 = await open(REGULAR_USER, 'lot-b');
    for (let i = 0; i < 3; i++) await end(TEST_USER, 'lot-a', await open(TEST_USER, 'lot-a'));
    assert.equal(sandbox.sessionCount(), 5);
    await open(THIRD_USER, 'lot-a');
    assert.equal(sandbox.sessionCount(), 5);
    assertProblem(await call(REGULAR_USER, 'GET', `/lot-a/session/${theirs}`), 404);
    assert.equal((await call(REGULAR_USER, 'GET', `/lot-b/session/${open1}`)).status, 200);
  });

  it('defaults, and limits that could jam the store are refused at start', () => {
    assert.deepEqual(DEFAULT_LIMITS, {
      openSessionsPerUser: 100,
      openSessions: 10_000,
      storedSessionsPerUser: 1_000,
      storedSessions: 100_000,
    });
    assert.throws(() => new SessionStore({ openSessionsPerUser: 10, storedSessionsPerUser: 5 }), /storedSessionsPerUser must be at least/);
    assert.throws(() => new SessionStore({ openSessions: 0 }), /openSessions must be a positive integer/);
  });
});
