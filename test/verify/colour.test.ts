import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { XMLValidator } from 'fast-xml-parser';
import { CLI_COMMAND, runCli } from '../helpers/cli.ts';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

const ESC = '\x1b[';
const GREEN_TICK = '\x1b[32m✔\x1b[39m';
const RED_CROSS = '\x1b[31m✘\x1b[39m';

/** verify in a pseudo-terminal (util-linux `script`), as a person at a terminal runs it: what the terminal shows. */
function runInTerminal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  const command = [...CLI_COMMAND, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((done, reject) => {
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      // No CI: Node's hasColors() says no on a terminal when CI is set without a known CI vendor's variable.
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined, TERM: 'xterm-256color', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => done({ code, output }));
  });
}

describe('coord-parking verify: colour', function () {
  this.timeout(60_000);
  let broken: ScriptedServer;
  before(async () => {
    broken = await startScriptedServer();
    broken.handle((_, response) => response.writeHead(404).end());
  });
  after(() => broken.close());

  it('none when the output is not a terminal, even on a CI server: no control character at all', async () => {
    // CI=true is what CI servers set, and what makes picocolors (under mocha's ✔) colour a pipe.
    const { code, stdout, stderr } = await runCli(['verify', '--runs', '1'], { CI: 'true' });
    assert.equal(code, 0);
    assert.ok(stdout.includes('✔'));
    assert.ok(!`${stdout}${stderr}`.includes('\x1b'), 'an escape sequence in piped output');
  });

  it('FORCE_COLOR colours the people’s output only; --no-color wins over it', async () => {
    const forced = await runCli(['verify', '--runs', '1', '--reporter', 'junit'], { FORCE_COLOR: '1' });
    assert.equal(forced.code, 0);
    assert.ok(forced.stderr.includes(GREEN_TICK), 'the matrix on stderr is coloured');
    assert.ok(forced.stderr.includes('\x1b[32mEvery check held.\x1b[39m'));
    assert.equal(XMLValidator.validate(forced.stdout), true);
    assert.ok(!forced.stdout.includes(ESC), 'the JUnit XML on stdout has no colour');

    const refused = await runCli(['verify', '--runs', '1', '--no-color'], { FORCE_COLOR: '1' });
    assert.ok(!`${refused.stdout}${refused.stderr}`.includes('\x1b'));
  });

  it('--color forces it where there is no terminal: ✘ and the verdict in red', async () => {
    const args = ['--base-url', broken.baseUrl, '--access-key', 'access-key-1', '--token', 'token-one', '--location', 'lot-1'];
    const { code, stdout } = await runCli(['verify', ...args, '--runs', '1', '--color']);
    assert.equal(code, 1);
    assert.ok(stdout.includes(RED_CROSS));
    assert.match(stdout, /\x1b\[31mContract NOT honoured: \d+ failing/);
  });

  it('on a terminal: coloured, unless NO_COLOR', async () => {
    const terminal = await runInTerminal(['verify', '--runs', '1']);
    assert.equal(terminal.code, 0, terminal.output);
    assert.ok(terminal.output.includes(GREEN_TICK), terminal.output.slice(-500));
    const plain = await runInTerminal(['verify', '--runs', '1'], { NO_COLOR: '1' });
    assert.equal(plain.code, 0);
    assert.ok(plain.output.includes('Every check held.'));
    assert.ok(!plain.output.includes(ESC), 'NO_COLOR was not honoured on a terminal');
  });
});
