import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_CHECKS } from '../../contract-tests/index.ts';
import { capabilitiesFor } from '../../src/verify/capabilities.ts';
import { EXIT_CODES } from '../../src/verify/exit-codes.ts';
import { runVerify } from '../../src/verify/run-verify.ts';
import { planRun, plannedSessions } from '../../src/verify/selection.ts';
import type { MadeSession } from '../../src/verify/session-ledger.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { startBrokenProxy, type Breakage } from '../helpers/broken-proxy.ts';
import { CLI_COMMAND } from '../helpers/cli.ts';
import { openSessions, optionsFor, Silent } from '../helpers/verify-run.ts';
import type { VerifyOptions } from '../../src/verify/options.ts';

/** A get_session that answers about another session than the one asked for: most flows fail after they made one. */
const WRONG_IDENTITY: Breakage = {
  response: (seen, answer) => {
    if (seen.operationId !== 'get_session' || answer.status !== 200) return answer;
    const session = JSON.parse(answer.body) as { id: number };
    return { ...answer, body: JSON.stringify({ ...session, id: session.id + 1000 }) };
  },
};

/**
 * A server that makes the `nth` session it is asked for, then never answers: the run is stopped
 * (by --max-time, or SIGINT) while that post_session is in flight, so no answer tells verify of
 * the session. `onHang` runs when it hangs; `release` lets the held answer go at the end.
 */
function hangingCreate(nth: number, onHang: () => void = () => {}) {
  let creates = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const breakage: Breakage = {
    response: async (seen, answer) => {
      if (seen.operationId !== 'post_session' || answer.status !== 200 || ++creates !== nth) return answer;
      onHang();
      await released;
      return answer;
    },
  };
  return { breakage, release };
}

/** How many sessions the run made of each user at each location, as the plan counts them. */
function madeCounts(sessions: readonly MadeSession[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const made of sessions) counts[`${made.owner} ${made.location}`] = (counts[`${made.owner} ${made.location}`] ?? 0) + 1;
  return counts;
}

describe('coord-parking verify leaves nothing behind', function () {
  this.timeout(120_000);
  let sandbox: RunningSandbox;
  before(async () => (sandbox = await startSandbox()));
  after(() => sandbox.close());
  afterEach(() => sandbox.reset());

  async function verify(options: VerifyOptions) {
    let said = '';
    const outcome = await runVerify(options, { checks: CONTRACT_CHECKS, reporter: Silent, out: (text) => (said += text) });
    return { ...outcome, said, sessions: outcome.sessions! };
  }

  async function through(breakage: Breakage, extra: Partial<VerifyOptions>) {
    const proxy = await startBrokenProxy(sandbox.baseUrl, breakage);
    try {
      return await verify(await optionsFor(sandbox, proxy.baseUrl, extra));
    } finally {
      await proxy.close();
    }
  }

  it('after a passing run: makes exactly the sessions --list plans, of both users at both locations, and ends each', async () => {
    const options = await optionsFor(sandbox, sandbox.baseUrl);
    const { exitCode, sessions, said } = await verify(options);
    assert.equal(exitCode, EXIT_CODES.held.code, said);
    assert.deepEqual(await openSessions(sandbox), []);
    assert.ok(sessions.length > 20, `${sessions.length} sessions made`);
    assert.ok(sessions.every((made) => made.state === 'ended' && !made.problem));
    // The checks end what they make themselves; the clean-up found nothing to do.
    assert.equal(sessions.filter((made) => made.cleanedUp).length, 0);

    const planned = plannedSessions(planRun(CONTRACT_CHECKS, options).units, capabilitiesFor(options));
    const place = (at: 'location' | 'gated location') => (at === 'location' ? sandbox.locationId : sandbox.gatedLocationId);
    assert.deepEqual(
      madeCounts(sessions),
      Object.fromEntries(planned.map(({ user, at, sessions: count }) => [`${user} ${place(at)}`, count])),
      'what --list says the run makes is what it made',
    );
    // A regular user's gated session waits for the gate, which verify cannot play: it never makes one.
    assert.ok(!sessions.some((made) => made.owner === 'regular user' && made.location === sandbox.gatedLocationId));
    assert.match(said, new RegExp(`^Sessions: made ${sessions.length} on the server \\(.*\\); every one ended or redeemed\\.$`, 'm'));
  });

  it('after a failing run: the clean-up ends what the failed flows left open, and says so', async () => {
    const whole = await through(WRONG_IDENTITY, {});
    assert.equal(whole.exitCode, EXIT_CODES.broken.code);
    assert.deepEqual(await openSessions(sandbox), []);
    assert.match(whole.said, /^Sessions: made \d+ on the server \(.*\); every one ended or redeemed/m);

    // Alone, the failing flows have no later check to end what they left (each check starts by ending its user's open ones).
    const { exitCode, sessions, said } = await through(WRONG_IDENTITY, {
      checks: ['ensure_resource_availability', 'get_session_identity'],
    });
    assert.equal(exitCode, EXIT_CODES.broken.code);
    assert.deepEqual(await openSessions(sandbox), []);
    const cleaned = sessions.filter((made) => made.cleanedUp).length;
    assert.ok(cleaned > 0, 'failed flows left sessions for the clean-up');
    assert.match(
      said,
      new RegExp(
        `^Sessions: made ${sessions.length} on the server \\(.*\\); every one ended or redeemed \\(${cleaned} by the clean-up at the end\\)\\.$`,
        'm',
      ),
    );
  });

  it('after --bail: stopped at the first failure, nothing left open', async () => {
    const { exitCode, sessions, results, said } = await through(WRONG_IDENTITY, { bail: true });
    assert.equal(exitCode, EXIT_CODES.broken.code);
    assert.equal(results.failures().length, 1);
    assert.match(said, /Stopped: --bail, at the first failure/);
    assert.ok(sessions.some((made) => made.cleanedUp));
    assert.deepEqual(await openSessions(sandbox), []);
  });

  it('after --max-time cut a post_session in flight: the session no answer told of is found and ended', async () => {
    const { breakage, release } = hangingCreate(1);
    try {
      // The first create hangs, so the run is certainly still at it when its time is up.
      const { exitCode, sessions, said } = await through(breakage, { maxTime: 3, checks: ['direct_lifecycle', 'gated_lifecycle'] });
      assert.equal(exitCode, EXIT_CODES.cannotRun.code, said);
      assert.match(said, /No verdict: the run reached its --max-time/);
      assert.deepEqual(await openSessions(sandbox), []);
      const found = sessions.filter((made) => made.by === undefined);
      assert.equal(found.length, 1, 'the session whose create got no answer');
      assert.equal(found[0]!.cleanedUp, true);
    } finally {
      release();
    }
  });

  const SIGNALS = [
    {
      signal: 'SIGINT',
      as: 'Ctrl-C',
      code: EXIT_CODES.interrupted.code,
      verdict: /No verdict: the run was interrupted \(SIGINT, Ctrl-C\)\./,
    },
    {
      signal: 'SIGTERM',
      as: 'a cancelled CI job',
      code: EXIT_CODES.terminated.code,
      verdict: /No verdict: the run was stopped \(SIGTERM\)\./,
    },
  ] as const;
  for (const { signal, as, code: exitCode, verdict } of SIGNALS) {
    it(`after ${signal} to the CLI (${as}): ends every session made, writes the summary and the report, exits ${exitCode}`, async () => {
      let child!: ReturnType<typeof spawn>;
      // The signal lands while the third session's create is in flight, sessions of both users made before it.
      const { breakage, release } = hangingCreate(3, () => child.kill(signal));
      const proxy = await startBrokenProxy(sandbox.baseUrl, breakage);
      const scratch = mkdtempSync(join(tmpdir(), 'coord-signal-'));
      try {
        const options = await optionsFor(sandbox, proxy.baseUrl);
        const env = {
          ...process.env,
          COORD_BASE_URL: proxy.baseUrl,
          COORD_ACCESS_KEY: options.accessKey,
          COORD_USER_TOKEN: options.token,
          COORD_NON_TEST_USER_TOKEN: options.nonTestToken,
          COORD_LOCATION_ID: options.location,
          COORD_GATED_LOCATION_ID: options.gatedLocation,
        };
        const junit = join(scratch, 'junit.xml');
        const [node, ...entry] = CLI_COMMAND;
        const args = ['verify', '--runs', '1', '--checks', 'lists_scoped_to_caller,concurrent_creates', '--report', junit];
        child = spawn(node, [...entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (chunk) => (stdout += chunk));
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        const [code] = (await once(child, 'exit')) as [number | null];
        assert.equal(code, exitCode, `${stdout}\n${stderr}`);
        assert.match(stdout, new RegExp(`${signal}: stopping; the sessions made are ended before exit`));
        assert.match(
          stdout,
          /^Sessions: made \d+ on the server \(.*regular user.*\); every one ended or redeemed \(\d+ by the clean-up at the end\)\.$/m,
        );
        assert.match(stdout, verdict);
        assert.doesNotMatch(`${stdout}${stderr}`, /\bat .*:\d+:\d+/, 'no stack trace');
        assert.deepEqual(await openSessions(sandbox), []);
        // The report says there is no verdict: what did not run is skipped, nothing passed for it.
        const report = readFileSync(junit, 'utf8');
        assert.match(report, new RegExp(`<property name="stopped by" value="${signal}"/>`));
        assert.match(report, /<skipped message="not run: the run was (interrupted|stopped)/);
      } finally {
        release();
        child?.kill('SIGKILL');
        await proxy.close();
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  }
});
