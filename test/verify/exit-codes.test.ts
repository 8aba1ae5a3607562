import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { EXIT_CODES } from '../../src/verify/exit-codes.ts';
import { CLI_COMMAND, runCli, type CliResult } from '../helpers/cli.ts';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

/** A target nothing listens on (port 2), with every option --target url needs. */
const UNREACHABLE = ['--base-url', 'http://127.0.0.1:2/v1', '--access-key', 'access-key-1', '--token', 'token-one', '--location', 'lot-1'];

/** Prism's package resolves to nothing in the CLI's process, as where the optional peer was never installed. */
const WITHOUT_PRISM = { nodeArgs: ['--require', resolve('test/helpers/hide-prism.cjs')] };

/** Exit 3 as CI should see it: one line on stderr, nothing on stdout, no stack trace, no matrix, no verdict. */
function assertCannotRun({ code, stdout, stderr }: CliResult, line: RegExp): void {
  assert.equal(code, EXIT_CODES.cannotRun.code, stderr);
  assert.equal(stdout, '');
  assert.equal(stderr.split('\n').length, 2, `one line: ${stderr}`);
  assert.match(stderr.trimEnd(), line);
  assert.doesNotMatch(stderr, /\bat .*:\d+:\d+|passed|NOT honoured|operation /);
}

describe('coord-parking: exit codes', function () {
  this.timeout(60_000);
  let scratch: string;
  let server: ScriptedServer;
  /** Flags aiming verify at the recording server, which must see no request when the run cannot happen. */
  let atServer: string[];
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'coord-exit-'));
    server = await startScriptedServer();
    atServer = ['--base-url', server.baseUrl, '--access-key', 'access-key-1', '--token', 'token-one', '--location', 'lot-1'];
  });
  beforeEach(() => server.handle((_, response) => response.writeHead(404).end()));
  after(async () => {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('3 with one line when the target cannot be reached (refused, or not answering in time)', async () => {
    const refused = await runCli(['verify', ...UNREACHABLE]);
    assertCannotRun(refused, /^coord-parking verify: cannot reach http:\/\/127\.0\.0\.1:2\/v1: .*ECONNREFUSED/);

    server.handle(() => {}); // accepts, never answers
    const silent = await runCli(['verify', ...atServer, '--request-timeout-ms', '300']);
    assertCannotRun(silent, /^coord-parking verify: cannot reach .*: no answer within 300 ms$/);
  });

  it('3 when Prism is needed and missing (--target mock, --via-prism), before any request', async () => {
    assertCannotRun(
      await runCli(['verify', '--target', 'mock'], {}, WITHOUT_PRISM),
      /^coord-parking verify: --target mock needs Prism: Prism is not installed/,
    );
    assertCannotRun(
      await runCli(['verify', ...atServer, '--via-prism'], {}, WITHOUT_PRISM),
      /^coord-parking verify: --via-prism needs Prism/,
    );
    assert.equal(server.requests.length, 0);
  });

  it('3 when a report cannot be written, before any request; reports that can be say the run could not happen', async () => {
    mkdirSync(join(scratch, 'folder.html'));
    execFileSync('mkfifo', [join(scratch, 'fifo.md')]);
    const cases: [string, RegExp][] = [
      [join(scratch, 'missing', 'report.html'), /cannot write the report .*report\.html: its folder .*missing does not exist$/],
      [join(scratch, 'folder.html'), /cannot write the report .*folder\.html: it is a folder$/],
      // Opening a FIFO to write blocks until someone reads it: refused before, not waited on.
      [join(scratch, 'fifo.md'), /cannot write the report .*fifo\.md: it is not a regular file$/],
      [join(scratch, 'folder.html', 'x', 'report.md'), /its folder .* does not exist$/],
    ];
    for (const [report, line] of cases) {
      assertCannotRun(await runCli(['verify', ...atServer, '--report', report]), line);
    }
    assert.equal(server.requests.length, 0, 'no request was sent');
    // With every path writable, a run that then cannot happen says so in its reports too: CI reads
    // JUnit for the verdict, and one <error> test case is "no verdict", never a broken contract.
    const xml = join(scratch, 'report.xml');
    const markdown = join(scratch, 'report.md');
    assertCannotRun(await runCli(['verify', ...UNREACHABLE, '--report', xml, '--report', markdown]), /cannot reach/);
    const { testsuites } = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(xml, 'utf8'));
    assert.deepEqual(
      ['tests', 'failures', 'errors'].map((count) => testsuites[`@_${count}`]),
      ['1', '0', '1'],
    );
    assert.match(testsuites.testsuite.testcase.error['@_message'], /cannot reach http:\/\/127\.0\.0\.1:2\/v1/);
    assert.match(readFileSync(markdown, 'utf8'), /The run could not happen\. .*cannot reach/);
    assert.doesNotMatch(readFileSync(markdown, 'utf8'), /access-key-1|token-one/);
  });

  it('3 with one line, and no stack trace, for an unexpected failure (the sandbox cannot listen)', async () => {
    const busy = createServer();
    await new Promise<void>((listening) => busy.listen(0, '127.0.0.1', listening));
    try {
      const port = (busy.address() as { port: number }).port;
      assertCannotRun(await runCli(['sandbox', '--port', String(port)]), /^coord-parking sandbox: unexpected error: .*EADDRINUSE/);
    } finally {
      busy.close();
    }
  });

  it('the verdict, quietly, when whoever reads stdout goes away early (verify | head -1)', async () => {
    const [node, ...entry] = CLI_COMMAND;
    const child = spawn(node, [...entry, 'verify', '--runs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = await once(child, 'close');
    assert.equal(code, EXIT_CODES.held.code, stderr);
    assert.doesNotMatch(stderr, /EPIPE|^\s+at /m);
  });

  it('2 for a usage error, 1 for a broken contract, 0 when every check held', async () => {
    assert.equal((await runCli(['verify', '--runs', '-1'])).code, EXIT_CODES.usage.code);
    assert.equal((await runCli(['nonsense'])).code, EXIT_CODES.usage.code);
    // An exp no Date can hold is still not expired: a usage error, not an unexpected one.
    const farFuture = ['{"alg":"HS256"}', '{"sub":"x","exp":1e300}'].map((part) => Buffer.from(part).toString('base64url')).join('.');
    const notExpired = await runCli(['verify', '--expired-token', `${farFuture}.c2lnbmF0dXJl`]);
    assert.equal(notExpired.code, EXIT_CODES.usage.code, notExpired.stderr);
    assert.match(notExpired.stderr, /^--expired-token has not expired yet/);
    // A password in the base URL is refused, never printed: fetch would refuse it anyway.
    const withPassword = await runCli([
      'verify',
      '--base-url',
      'http://user:pa55word-secret@127.0.0.1:9/x',
      '--access-key',
      'access-key-1',
      '--token',
      'token-one',
      '--location',
      'lot-1',
    ]);
    assert.equal(withPassword.code, EXIT_CODES.usage.code, withPassword.stderr);
    assert.match(withPassword.stderr, /^--base-url must not hold credentials/);
    assert.ok(!`${withPassword.stdout}${withPassword.stderr}`.includes('pa55word'));
    // The recording server answers 404 to everything: it is reachable, and breaks the contract.
    const broken = await runCli(['verify', ...atServer, '--runs', '1']);
    assert.equal(broken.code, EXIT_CODES.broken.code);
    assert.match(broken.stdout, /Contract NOT honoured/);
    assert.equal((await runCli(['verify', '--runs', '1'])).code, EXIT_CODES.held.code);
  });
});
