import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import YAML from 'yaml';
import { UsageError } from '../../src/verify/errors.ts';
import { optionProblems } from '../../src/verify/option-schema.ts';
import { CONFIG_FLAG, VERIFY_OPTIONS } from '../../src/verify/option-table.ts';
import { parseVerifyOptions } from '../../src/verify/options.ts';
import { COMMON_FLAGS } from '../../src/verify/usage.ts';
import { CLI_COMMAND } from '../helpers/cli.ts';

const WORKFLOW = 'examples/ci/github-actions-verify.yml';
const CONFIG = 'examples/ci/coord-parking.config.yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}

/** Every flag spelling verify accepts, from the option table: `--bail`, `--no-bail`, `-H`, `--help`… */
function knownFlags(): Set<string> {
  const entries = [...Object.values(VERIFY_OPTIONS), CONFIG_FLAG, ...COMMON_FLAGS];
  return new Set(
    entries.flatMap((entry) => [
      `--${entry.flag}`,
      ...(entry.short ? [`-${entry.short}`] : []),
      ...(entry.schema.type === 'boolean' ? [`--no-${entry.flag}`] : []),
    ]),
  );
}

describe(`the GitHub Actions example (${WORKFLOW})`, function () {
  this.timeout(120_000);
  const workflow = YAML.parse(readFileSync(WORKFLOW, 'utf8'));
  const steps: Step[] = workflow.jobs.verify.steps;

  it('is a workflow that verifies and uploads the JUnit and HTML reports whatever the outcome', () => {
    assert.ok(workflow.on.push !== undefined && workflow.on.pull_request !== undefined);
    const verify = steps.find((step) => step.run?.includes('coord-parking verify'));
    assert.ok(verify, 'a step runs coord-parking verify');
    assert.match(verify.run!, /--reporter junit .*> reports\/junit\.xml/);
    assert.match(verify.run!, /--report reports\/verify\.html/);
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    assert.ok(upload, 'a step uploads the reports');
    assert.equal(upload.with?.path, 'reports/');
    assert.match(upload.if ?? '', /always\(\)|!cancelled\(\)/, 'the reports are uploaded when verify fails too');
    assert.ok(steps.indexOf(upload) > steps.indexOf(verify));
  });

  it('uses only flags that exist, in every coord-parking verify command', () => {
    const known = knownFlags();
    const commands = [...readFileSync(WORKFLOW, 'utf8').matchAll(/coord-parking verify([^\n>|&]*)/g)].map((match) => match[1]!);
    assert.ok(commands.length > 0);
    for (const command of commands) {
      for (const flag of command.split(/\s+/).filter((word) => word.startsWith('-'))) {
        assert.ok(known.has(flag.split('=')[0]!), `${flag} is not a flag of coord-parking verify`);
      }
    }
  });

  it('runs: its shell steps, in order, against the sandbox they start, write both reports', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'coord-workflow-'));
    const groups: number[] = [];
    try {
      // npx for this test: coord-parking from this checkout's source, nothing from the registry.
      mkdirSync(join(scratch, 'bin'));
      const npx = join(scratch, 'bin', 'npx');
      writeFileSync(
        npx,
        `#!/bin/sh\n[ "$1" = coord-parking ] || { echo "unexpected: npx $*" >&2; exit 127; }\nshift\nexec ${CLI_COMMAND.map((part) => `'${part}'`).join(' ')} "$@"\n`,
      );
      chmodSync(npx, 0o755);
      const githubEnv = join(scratch, 'github-env');
      writeFileSync(githubEnv, '');
      const added: Record<string, string> = {};

      // `npm ci` is this checkout's own; `uses:` steps are GitHub's.
      for (const step of steps.filter((s) => s.run && s.run.trim() !== 'npm ci')) {
        const log = join(scratch, `step-${steps.indexOf(step)}.log`);
        const fd = openSync(log, 'w');
        // Its own process group, so that what a step leaves running in the background can be stopped.
        const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
          cwd: scratch,
          detached: true,
          stdio: ['ignore', fd, fd],
          env: { ...process.env, ...added, PATH: `${join(scratch, 'bin')}:${process.env.PATH}`, GITHUB_ENV: githubEnv, CI: 'true' },
        });
        closeSync(fd);
        groups.push(child.pid!);
        const [code] = (await once(child, 'exit')) as [number];
        assert.equal(code, 0, `step "${step.name ?? step.run}" failed:\n${readFileSync(log, 'utf8')}`);
        for (const line of readFileSync(githubEnv, 'utf8').split('\n').filter(Boolean)) {
          const at = line.indexOf('=');
          added[line.slice(0, at)] = line.slice(at + 1);
        }
      }

      assert.match(added.COORD_BASE_URL ?? '', /^http:\/\/127\.0\.0\.1:\d+\//);
      const junit = readFileSync(join(scratch, 'reports', 'junit.xml'), 'utf8');
      assert.equal(XMLValidator.validate(junit), true, junit.slice(0, 300));
      const { testsuite } = new XMLParser({ ignoreAttributes: false }).parse(junit).testsuites;
      assert.equal(Number(testsuite['@_failures']), 0);
      assert.ok(Number(testsuite['@_tests']) > 50);
      assert.match(readFileSync(join(scratch, 'reports', 'verify.html'), 'utf8'), /<table class="matrix"/);
    } finally {
      for (const group of groups) {
        try {
          process.kill(-group, 'SIGTERM');
        } catch {
          // The group has already ended.
        }
      }
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe(`the config file example (${CONFIG})`, () => {
  const env = {
    STAGING_ACCESS_KEY: 'staging-access-key',
    STAGING_TEST_USER_TOKEN: 'staging.test.token',
    STAGING_GATEWAY_KEY: 'gateway-key-1234',
  };

  it('is valid against the shipped schema, and gives the run its options', () => {
    assert.deepEqual(optionProblems(YAML.parse(readFileSync(CONFIG, 'utf8'))), []);
    const options = parseVerifyOptions(['--config', CONFIG], env);
    assert.equal(options.target, 'url');
    assert.equal(options.baseUrl, 'https://staging.example/v1/access/parking');
    assert.equal(options.accessKey, env.STAGING_ACCESS_KEY);
    assert.equal(options.nonTestToken, undefined);
    assert.deepEqual(options.headers, [['X-Gateway-Key', env.STAGING_GATEWAY_KEY]]);
    assert.equal(options.reporter, 'junit');
    assert.deepEqual(options.reports, ['reports/verify.html', 'reports/verify.json']);
    assert.equal(parseVerifyOptions(['--config', CONFIG, '--runs', '3'], env).runs, 3);
  });

  it('names the variable a CI forgot to set', () => {
    assert.ok(existsSync(CONFIG));
    assert.throws(
      () => parseVerifyOptions(['--config', CONFIG], { ...env, STAGING_GATEWAY_KEY: '' }),
      (error: Error) =>
        error instanceof UsageError &&
        /:13: header needs the environment variable STAGING_GATEWAY_KEY, which is empty$/.test(error.message),
    );
  });
});
