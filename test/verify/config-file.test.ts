import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';
import { runCli } from '../helpers/cli.ts';

/** Nothing listens on these: a run aimed at one stops at once with "cannot reach <url>", naming which URL won. */
const UNREACHABLE = { env: 'http://127.0.0.1:2/from-env', file: 'http://127.0.0.1:3/from-file', flag: 'http://127.0.0.1:4/from-flag' };
const CREDENTIALS = { COORD_ACCESS_KEY: 'env-key-0000', COORD_USER_TOKEN: 'env-token-0000', COORD_LOCATION_ID: 'lot-1' };

describe('coord-parking verify: the config file', function () {
  this.timeout(60_000);
  let scratch: string;
  let folder = 0;
  /** A fresh working directory holding these files. */
  const workspace = (files: Record<string, string>) => {
    const cwd = join(scratch, String(++folder));
    mkdirSync(cwd);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
    return cwd;
  };
  let sandbox: RunningSandbox;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'coord-config-'));
    sandbox = await startSandbox({ onInternalError: () => {} });
  });
  after(async () => {
    await sandbox.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs from coord-parking.config.yaml found in the working directory, ${VAR} read from the environment', async () => {
    const cwd = workspace({
      'coord-parking.config.yaml': `# yaml-language-server: $schema=./node_modules/coord-parking-testing/schemas/verify-config.schema.json
base-url: \${SANDBOX_URL}
access-key: \${SANDBOX_KEY}
token: "\${TESTER_TOKEN}"
non-test-token: \${REGULAR_TOKEN:-}
location: \${LOCATION:-${sandbox.locationId}}
gated-location: ${sandbox.gatedLocationId}
runs: 2
seed: 4242
bail: true
header:
  - "X-Gateway-Key: \${GATEWAY_KEY}"
  - "X-Literal: $\${NOT_A_VARIABLE}"
`,
    });
    const env = {
      SANDBOX_URL: sandbox.baseUrl,
      SANDBOX_KEY: sandbox.accessKey,
      TESTER_TOKEN: sandbox.testUserToken,
      GATEWAY_KEY: 'gateway-secret-77',
    };
    const { code, stdout, stderr } = await runCli(['verify'], env, { cwd });
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout, /^coord-parking verify: target url, seed 4242, 2 runs per generated check$/m);
    assert.match(stdout, new RegExp(`^target: ${sandbox.baseUrl}$`, 'm'));
    // No regular user's token (the default was empty): the checks that need one are not covered, not failed.
    assert.match(stdout, /fake_redemption_forbidden: needs a second, regular user/);
    assert.ok(![sandbox.accessKey, sandbox.testUserToken, 'gateway-secret-77'].some((secret) => `${stdout}${stderr}`.includes(secret)));
  });

  it('reads a JSON file named with --config, and one with .yml found here', async () => {
    const json = workspace({
      'ci-verify.json': JSON.stringify({
        $schema: './node_modules/coord-parking-testing/schemas/verify-config.schema.json',
        'base-url': sandbox.baseUrl,
        'access-key': '${KEY}',
        token: sandbox.testUserToken,
        location: sandbox.locationId,
        runs: 1,
        seed: 99,
        reporter: 'json',
      }),
    });
    const fromJson = await runCli(['verify', '--config', 'ci-verify.json'], { KEY: sandbox.accessKey }, { cwd: json });
    assert.equal(fromJson.code, 0, fromJson.stderr);
    const report = JSON.parse(fromJson.stdout) as { run: { seed: number }; checks: { status: string }[] };
    assert.ok(report.checks.filter((check) => check.status === 'passed').length > 20, 'the json reporter the file chose wrote to stdout');
    assert.equal(report.run.seed, 99);
    assert.match(fromJson.stderr, /seed 99, 1 runs/);

    const yml = workspace({ 'coord-parking.config.yml': 'target: url\n' });
    const fromYml = await runCli(['verify'], {}, { cwd: yml });
    assert.equal(fromYml.code, 2);
    assert.match(fromYml.stderr, /^--target url needs --base-url/m, 'target: url came from the .yml file');
  });

  it('takes flags over the file, and the file over the COORD_* variables', async () => {
    const cwd = workspace({ 'coord-parking.config.yaml': `base-url: ${UNREACHABLE.file}\n` });
    const envOnly = workspace({});
    const env = { ...CREDENTIALS, COORD_BASE_URL: UNREACHABLE.env };
    const cases: [string, string[], NodeJS.ProcessEnv, string][] = [
      ['env alone', [], env, UNREACHABLE.env],
      ['file over env', [], env, UNREACHABLE.file],
      ['flag over file and env', ['--base-url', UNREACHABLE.flag], env, UNREACHABLE.flag],
    ];
    for (const [name, args, environment, expected] of cases) {
      const { code, stderr } = await runCli(['verify', ...args], environment, { cwd: name === 'env alone' ? envOnly : cwd });
      assert.equal(code, 3, `${name}: ${stderr}`);
      assert.ok(stderr.startsWith(`coord-parking verify: cannot reach ${expected}:`), `${name}: ${stderr}`);
    }
    // A switch the file turns on, a flag turns off again.
    const bail = workspace({ 'coord-parking.config.yaml': 'bail: true\nruns: 1\nseed: 5\n' });
    const { stdout } = await runCli(['verify', '--no-bail', '--runs', '3'], {}, { cwd: bail });
    assert.match(stdout, /seed 5, 3 runs per generated check/);
  });

  it('refuses an invalid file with exit 2: file, line, key and what is wrong, quoting no value', async () => {
    const secret = 'sekrit-value-31337';
    const cases: [string, string, RegExp][] = [
      [
        'coord-parking.config.yaml',
        `runs: 0\ntoken: [${secret}]\nbaseUrl: x\n`,
        /^coord-parking\.config\.yaml:1: runs must be at least 1\ncoord-parking\.config\.yaml:2: token must be text\ncoord-parking\.config\.yaml:3: baseUrl is not an option of coord-parking verify \(did you mean base-url\?\)$/m,
      ],
      [
        'coord-parking.config.yaml',
        `reporter: tap\nheader:\n  - "X-Key ${secret}"\n`,
        /^coord-parking\.config\.yaml:1: reporter must be one of spec, junit, json\ncoord-parking\.config\.yaml:2: header #1 must be "Name: value"$/m,
      ],
      [
        'coord-parking.config.yaml',
        `header: ["Authorization: Bearer ${secret}"]\n`,
        /^coord-parking\.config\.yaml:1: header may not set Authorization/m,
      ],
      [
        'coord-parking.config.yaml',
        `access-key: \${COORD_TEST_MISSING}\n`,
        /^coord-parking\.config\.yaml:1: access-key needs the environment variable COORD_TEST_MISSING, which is not set$/m,
      ],
      [
        'coord-parking.config.yaml',
        `access-key: \${EMPTY_ONE}\n`,
        /^coord-parking\.config\.yaml:1: access-key needs the environment variable EMPTY_ONE, which is empty$/m,
      ],
      [
        'coord-parking.config.yaml',
        `access-key: "\${${secret}"\n`,
        /^coord-parking\.config\.yaml:1: access-key has a "\$\{" that is not \$\{NAME\}/m,
      ],
      ['coord-parking.config.yaml', `token: "${secret}\nruns: 3\n`, /^coord-parking\.config\.yaml:\d+: not valid YAML \(MISSING_CHAR\)$/m],
      ['coord-parking.config.yaml', `runs: 1\nruns: 2\n`, /^coord-parking\.config\.yaml:2: not valid YAML \(DUPLICATE_KEY\)$/m],
      ['coord-parking.config.yaml', `- ${secret}\n`, /^coord-parking\.config\.yaml: must be a mapping of option names to values$/m],
      ['coord-parking.config.json', `{"token": ${secret}}`, /^coord-parking\.config\.json: not valid JSON$/m],
      ['coord-parking.config.json', `{"runs": "25"}`, /^coord-parking\.config\.json:1: runs must be an integer$/m],
      // Under __proto__, values would slip past every check as the prototype of the file's values.
      [
        'coord-parking.config.yaml',
        `__proto__: {runs: -3, token: ${secret}}\n`,
        /^coord-parking\.config\.yaml:1: __proto__ is not an option/m,
      ],
      ['coord-parking.config.json', `{"__proto__": {"runs": -3}}`, /^coord-parking\.config\.json:1: __proto__ is not an option/m],
      [
        'coord-parking.config.yaml',
        `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
        /^coord-parking\.config\.yaml: not usable YAML \(Excessive alias count/m,
      ],
      [
        'coord-parking.config.yaml',
        `access-key: "${secret}\\n"\n`,
        /^coord-parking\.config\.yaml:1: access-key must not begin or end with white space$/m,
      ],
      [
        'coord-parking.config.yaml',
        `request-timeout-ms: 2147483648\n`,
        /^coord-parking\.config\.yaml:1: request-timeout-ms must be at most 2147483647$/m,
      ],
      ['coord-parking.config.yaml', `max-time: 2147484\n`, /^coord-parking\.config\.yaml:1: max-time must be at most 2147483$/m],
    ];
    for (const [name, text, message] of cases) {
      const cwd = workspace({ [name]: text });
      const { code, stdout, stderr } = await runCli(['verify'], { EMPTY_ONE: '' }, { cwd });
      assert.equal(code, 2, `${text}: ${stderr}`);
      assert.equal(stdout, '');
      assert.match(stderr, message, text);
      assert.ok(!stderr.includes(secret), `${text}: the value was echoed`);
      assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
    }
  });

  it('refuses a --config that cannot be read, and two config files side by side', async () => {
    const missing = await runCli(['verify', '--config', 'nowhere.yaml'], {}, { cwd: workspace({}) });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'nowhere.yaml: cannot read the config file: no such file\n');
    const both = await runCli(['verify'], {}, { cwd: workspace({ 'coord-parking.config.yaml': '', 'coord-parking.config.json': '{}' }) });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^found coord-parking\.config\.yaml and coord-parking\.config\.json: keep one, or choose with --config$/m);
  });
});
