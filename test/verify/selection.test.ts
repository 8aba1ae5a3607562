import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_CHECKS } from '../../contract-tests/index.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { EXIT_CODES } from '../../src/verify/exit-codes.ts';
import type { VerifyOptions } from '../../src/verify/options.ts';
import { runVerify } from '../../src/verify/run-verify.ts';
import { startBrokenProxy } from '../helpers/broken-proxy.ts';
import { runCli } from '../helpers/cli.ts';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';
import { openSessions, optionsFor, Silent } from '../helpers/verify-run.ts';

describe('coord-parking verify: choosing what runs (--checks, --exclude-checks, --include/--exclude-operation-id, --list)', function () {
  this.timeout(120_000);
  let sandbox: RunningSandbox;
  let server: ScriptedServer;
  let scratch: string;
  /** Flags aiming verify at the counting server, which must see no request from --list. */
  let atServer: string[];
  before(async () => {
    sandbox = await startSandbox();
    server = await startScriptedServer();
    scratch = mkdtempSync(join(tmpdir(), 'coord-selection-'));
    atServer = ['--base-url', server.baseUrl, '--access-key', 'access-key-1', '--token', 'token-one', '--location', 'lot-1'];
  });
  beforeEach(() => server.handle((_, response) => response.writeHead(404).end()));
  after(async () => {
    await Promise.all([sandbox.close(), server.close()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A run against the sandbox through a proxy that records the operation of every request that reaches it. */
  async function recordedRun(selection: Partial<VerifyOptions>) {
    const reached = new Set<string>();
    const proxy = await startBrokenProxy(sandbox.baseUrl, {
      request: (seen) => {
        if (seen.operationId) reached.add(seen.operationId);
        return seen;
      },
    });
    try {
      const options = await optionsFor(sandbox, proxy.baseUrl, { runs: 2, ...selection });
      const outcome = await runVerify(options, { checks: CONTRACT_CHECKS, reporter: Silent, out: () => {} });
      const ran = new Set(outcome.results.entries.filter((entry) => entry.status !== 'not covered').map((entry) => entry.check));
      return { ...outcome, reached, ran };
    } finally {
      await proxy.close();
    }
  }

  it('--checks runs those checks only, --exclude-checks leaves its out', async () => {
    const only = await recordedRun({ checks: ['direct_lifecycle', 'status_code_conformance'] });
    assert.equal(only.exitCode, EXIT_CODES.held.code);
    assert.deepEqual([...only.ran].sort(), ['direct_lifecycle', 'status_code_conformance']);
    // Every test the run had is one of theirs: the reports list nothing else.
    assert.ok(only.results.entries.every((entry) => ['direct_lifecycle', 'status_code_conformance'].includes(entry.check)));

    const without = await recordedRun({ excludeChecks: ['state_rules', 'concurrent_creates', 'negative_data_rejection'] });
    assert.equal(without.exitCode, EXIT_CODES.held.code);
    for (const left of ['state_rules', 'concurrent_creates', 'negative_data_rejection']) assert.ok(!without.ran.has(left), left);
    assert.ok(without.ran.has('direct_lifecycle') && without.ran.has('not_a_server_error'));
  });

  it('--exclude-operation-id: no request reaches those operations, and the checks that would send one are left out', async () => {
    const run = await recordedRun({ excludeOperationIds: ['fake_redemption', 'create_barcode'] });
    assert.equal(run.exitCode, EXIT_CODES.held.code);
    assert.ok(!run.reached.has('fake_redemption') && !run.reached.has('create_barcode'), [...run.reached].join(', '));
    for (const flow of ['gated_lifecycle', 'concurrent_redemptions', 'state_rules', 'fake_redemption_forbidden'])
      assert.ok(!run.ran.has(flow), flow);
    // A per-operation check runs on the operations left.
    const cells = run.results.entries.filter((entry) => entry.check === 'status_code_conformance').flatMap((entry) => entry.operations);
    assert.deepEqual(cells.sort(), ['end_session', 'get_location_sessions', 'get_session', 'get_user_sessions', 'post_session']);
    assert.deepEqual(await openSessions(sandbox), []);
  });

  it('--include-operation-id: requests go to those operations only; a check runs where all it sends to is included', async () => {
    const run = await recordedRun({ includeOperationIds: ['get_location_sessions', 'get_user_sessions'] });
    assert.equal(run.exitCode, EXIT_CODES.held.code);
    assert.deepEqual([...run.reached].sort(), ['get_location_sessions', 'get_user_sessions']);
    // Nothing is created: every check that starts a session is left out, and the rest ran on the two operations.
    assert.ok(!run.ran.has('direct_lifecycle') && !run.ran.has('lists_scoped_to_caller'));
    assert.ok(run.ran.has('ignored_auth') && run.ran.has('response_schema_conformance'));
    assert.deepEqual(run.sessions, []);
  });

  it('refuses an unknown check or operation with exit 2, every mistake at once, each with a did-you-mean', async () => {
    const { code, stdout, stderr } = await runCli([
      'verify',
      '--checks',
      'direct_lifecyle,get_session',
      '--exclude-checks',
      'Status-Code-Conformance',
      '--include-operation-id',
      'get_sesion',
      '--exclude-operation-id',
      'no_such_thing',
    ]);
    assert.equal(code, EXIT_CODES.usage.code);
    assert.equal(stdout, '');
    assert.match(stderr, /^--checks: no check is named direct_lifecyle \(did you mean direct_lifecycle\?\)$/m);
    assert.match(stderr, /^--checks: no check is named get_session \(it is an operation: --include-operation-id\)$/m);
    assert.match(stderr, /^--exclude-checks: no check is named Status-Code-Conformance \(did you mean status_code_conformance\?\)$/m);
    assert.match(stderr, /^--include-operation-id: no operation is named get_sesion \(did you mean get_session\?\)$/m);
    assert.match(stderr, /^--exclude-operation-id: no operation is named no_such_thing$/m);
    assert.match(stderr, /^Operations: get_location_sessions, post_session, /m);
    assert.doesNotMatch(stderr, /\bat .*:\d+:\d+/);
    // A selection that keeps nothing is a usage error too, not a vacuous pass.
    const nothing = await runCli(['verify', '--checks', 'gated_lifecycle', '--exclude-operation-id', 'fake_redemption']);
    assert.equal(nothing.code, EXIT_CODES.usage.code);
    assert.match(nothing.stderr, /the selection leaves no check to run/);
    // And one that runs, but where the target offers nothing its checks need, has no verdict: never a green build.
    const uncovered = await runCli(['verify', '--checks', 'prism_validation']);
    assert.equal(uncovered.code, EXIT_CODES.cannotRun.code, uncovered.stdout);
    assert.match(uncovered.stdout, /^No verdict: nothing could be checked on this target \(every test was not covered\)\.$/m);
    assert.match(uncovered.stdout, /prism_validation: only with --via-prism/);
  });

  it('--list and --dry-run print the checks × operations and the sessions they would make, exit 0, and send nothing', async () => {
    const list = await runCli(['verify', ...atServer, '--non-test-token', 'token-two', '--gated-location', 'gate-9', '--list']);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(server.requests.length, 0, 'not even the reachability HEAD');
    assert.match(
      list.stdout,
      new RegExp(`^coord-parking verify --list: target url \\(${server.baseUrl.replaceAll('.', '\\.')}\\); nothing is sent\\.$`, 'm'),
    );
    assert.match(list.stdout, /^direct_lifecycle +flow, ×2 +post_session, get_session, end_session +2 × test user at lot-1$/m);
    assert.match(list.stdout, /^status_code_conformance +each of 7 +all 7$/m);
    assert.match(list.stdout, /^fake_redemption_forbidden .* 2 × regular user at lot-1; 2 × test user at gate-9$/m);
    assert.match(list.stdout, /^ +\d+ +test user at gate-9$/m);
    // No expired token given: said up front, as the run would report it.
    assert.match(list.stdout, /^Not covered on this target[^\n]*\n(?: .*\n)*  expired_token: /m);
    assert.doesNotMatch(list.stdout, /regular user at gate-9/, 'a session only the gate could end is never made');

    const dryRun = await runCli(['verify', ...atServer, '--non-test-token', 'token-two', '--gated-location', 'gate-9', '--dry-run']);
    assert.equal(dryRun.code, 0);
    assert.equal(dryRun.stdout, list.stdout);

    const chosen = await runCli([
      'verify',
      ...atServer,
      '--list',
      '--checks',
      'direct_lifecycle,state_rules',
      '--exclude-operation-id',
      'create_barcode',
    ]);
    assert.equal(chosen.code, 0);
    assert.match(chosen.stdout, /^1 test of 1 check would run/m);
    assert.match(chosen.stdout, /^ {2}state_rules: sends requests to create_barcode, which the selection leaves out$/m);
    assert.match(chosen.stdout, /^No request goes to: create_barcode\.$/m);
    assert.match(chosen.stdout, /^ +2 +test user at lot-1$/m);
    assert.equal(server.requests.length, 0);
  });

  it('takes the same keys from the config file; flags override them', async () => {
    const cwd = join(scratch, 'config');
    mkdirSync(cwd);
    writeFileSync(
      join(cwd, 'coord-parking.config.yaml'),
      `base-url: ${server.baseUrl}
access-key: access-key-1
token: token-one
location: lot-1
list: true
checks: [direct_lifecycle, at_most_one_active, status_code_conformance]
exclude-checks:
  - at_most_one_active
include-operation-id: [post_session, get_session, end_session, get_location_sessions, get_user_sessions]
exclude-operation-id: [get_user_sessions]
`,
    );
    const fromFile = await runCli(['verify'], {}, { cwd });
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.match(fromFile.stdout, /^direct_lifecycle +flow/m);
    assert.match(fromFile.stdout, /^status_code_conformance +each of 4 +get_location_sessions, post_session, get_session, end_session$/m);
    assert.doesNotMatch(fromFile.stdout, /^at_most_one_active/m);
    assert.match(fromFile.stdout, /^No request goes to: create_barcode, get_user_sessions, fake_redemption\.$/m);
    // A flag's list replaces the file's.
    const flag = await runCli(['verify', '--checks', 'ignored_auth'], {}, { cwd });
    assert.match(flag.stdout, /^4 tests of 1 check would run/m);
    assert.match(flag.stdout, /^ignored_auth +each of 4 +get_location_sessions, post_session, get_session, end_session$/m);

    writeFileSync(join(cwd, 'coord-parking.config.yaml'), 'checks: [direct_lifecyle]\nexclude-checks: "not a list"\n');
    const invalid = await runCli(['verify'], {}, { cwd });
    assert.equal(invalid.code, EXIT_CODES.usage.code);
    assert.match(invalid.stderr, /exclude-checks/);
    assert.equal(server.requests.length, 0);
  });
});
