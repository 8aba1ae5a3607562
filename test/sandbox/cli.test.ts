import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createCoordParkingClient } from '../../src/index.ts';
import { responseValidation } from '../../src/validation.ts';
import { DEFAULT_LIMITS, DEFAULT_TIME_LIMITS } from '../../src/sandbox/index.ts';

const KEYS = ['baseUrl', 'accessKey', 'testUserToken', 'userToken', 'locationId', 'gatedLocationId', 'limits', 'timeLimits'];

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  return { child, lines };
}

describe('coord-parking sandbox (CLI)', function () {
  this.timeout(30_000);

  it('--json prints exactly one JSON line, serves, and closes cleanly on SIGTERM', async () => {
    const { child, lines } = startCli(['--json']);
    const printed: string[] = [];
    lines.on('line', (line) => printed.push(line));
    const [first] = (await once(lines, 'line')) as [string];
    const info = JSON.parse(first);
    assert.deepEqual(Object.keys(info).sort(), [...KEYS].sort());
    assert.match(info.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1\/access\/parking$/);
    assert.deepEqual(info.limits, DEFAULT_LIMITS);
    assert.deepEqual(info.timeLimits, DEFAULT_TIME_LIMITS);
    const client = createCoordParkingClient({
      baseUrl: info.baseUrl,
      accessKey: info.accessKey,
      userToken: info.testUserToken,
      validateResponses: responseValidation('strict'),
    });
    const session = await client.sessions.create(info.locationId);
    assert.equal(session.location_id, info.locationId);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.equal(printed.length, 1);
  });

  it('without --json prints a readable block with a curl example, and honours --port', async () => {
    const { child, lines } = startCli(['--port', '0', '--host', '127.0.0.1']);
    const text: string[] = [];
    for await (const line of lines) {
      text.push(line);
      if (line.startsWith('Stop with')) break;
    }
    const block = text.join('\n');
    assert.match(block, /listening on http:\/\/127\.0\.0\.1:\d+\/v1\/access\/parking/);
    assert.match(block, /curl -s -X POST 'http:\/\/127\.0\.0\.1:\d+\/v1\/access\/parking\/lot-1\/session\?access_key=sk_sandbox_/);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('prints the bounds in force, and honours each bound flag', async () => {
    const { child, lines } = startCli(['--open-sessions-per-user', '3', '--stored-sessions', '50000', '--request-timeout-ms', '12000']);
    const text: string[] = [];
    for await (const line of lines) {
      text.push(line);
      if (line.startsWith('Stop with')) break;
    }
    const block = text.join('\n');
    for (const [flag, value] of [
      ['open-sessions-per-user', 3],
      ['open-sessions', 10_000],
      ['stored-sessions-per-user', 1_000],
      ['stored-sessions', 50_000],
      ['headers-timeout-ms', 10_000],
      ['request-timeout-ms', 12_000],
      ['keep-alive-timeout-ms', 5_000],
    ] as const) {
      assert.match(block, new RegExp(`^  ${flag} +${value} `, 'm'), flag);
    }
    child.kill('SIGTERM');
    assert.equal((await once(child, 'exit'))[0], 0);
  });

  for (const [args, message] of [
    [['--stored-sessions', 'lots'], /--stored-sessions must be a positive integer, got lots/],
    [['--open-sessions-per-user', '0'], /--open-sessions-per-user must be a positive integer/],
    [['--open-sessions-per-user', '50', '--stored-sessions-per-user', '10'], /storedSessionsPerUser must be at least openSessionsPerUser/],
    [['--headers-timeout-ms', '20000'], /headersTimeoutMs must not exceed requestTimeoutMs/],
    // Past what a Node timer holds, the timer would fire after 1 ms.
    [['--keep-alive-timeout-ms', '2147483648'], /keepAliveTimeoutMs must be an integer from 1 to 2147483647/],
    // An empty key would let `?access_key=` in; an empty secret (a CI secret never set) is no key to sign with.
    [['--access-key', ''], /accessKey must be a string of 8 or more characters/],
    [['--access-key', 'k'], /accessKey must be a string of 8 or more characters/],
    [['--secret', ''], /secret must be a string of 8 or more characters/],
  ] as const) {
    it(`refuses ${args.join(' ')} with the usage and exit code 2`, async () => {
      const { child } = startCli([...args]);
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const [code] = await once(child, 'exit');
      assert.equal(code, 2);
      assert.match(stderr, message);
      assert.match(stderr, /Bounds \(default; past it\):/);
      assert.doesNotMatch(stderr, /    at /, 'no stack trace');
    });
  }

  it('refuses a bad option with usage and exit code 2', async () => {
    const { child } = startCli(['--port', 'many']);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /--port must be 0\.\.65535/);
  });
});
