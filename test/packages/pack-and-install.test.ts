import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.ts';

const run = promisify(execFile);
const NPM_QUIET = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/**
 * Both packages as a user gets them: packed (which builds them), installed from the tarballs
 * into empty projects outside this repository, then imported and run there. The npm cache that
 * `npm ci` filled serves the dependencies.
 */
describe('packages, packed and installed as a user would', function () {
  this.timeout(600_000);
  let scratch: string;
  let tarballs: { client: string; testing: string };
  let files: { client: string[]; testing: string[] };
  let sandbox: RunningSandbox;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'coord-parking-pack-'));
    // The client first: the testing package's build compiles against the client's.
    const packed: { filename: string; files: { path: string }[] }[] = [];
    for (const workspace of ['coord-parking', 'coord-parking-testing']) {
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch, '-w', workspace, '--loglevel=error']);
      packed.push(...JSON.parse(stdout));
    }
    const [client, testing] = packed;
    tarballs = { client: join(scratch, client!.filename), testing: join(scratch, testing!.filename) };
    files = { client: client!.files.map((f) => f.path), testing: testing!.files.map((f) => f.path) };
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('the testing package ships no copy of the client, and neither ships tests or sources', () => {
    assert.ok(files.client.includes('openapi.yaml'));
    assert.ok(files.client.includes('dist/src/index.js'));
    assert.ok(files.testing.includes('dist/src/cli/main.js'));
    const clientSide = /^dist\/(src\/(client|errors|contract)\/|src\/index\.|generated\/)/;
    assert.deepEqual(
      files.testing.filter((path) => clientSide.test(path)),
      [],
    );
    for (const path of [...files.client, ...files.testing]) assert.doesNotMatch(path, /\.ts$(?<!\.d\.ts)|^test\/|\.map$/);
  });

  describe('client only, --omit=dev', () => {
    let project: string;
    before(async () => {
      project = emptyProject(scratch, 'client-only');
      await run('npm', ['install', '--omit=dev', ...NPM_QUIET, tarballs.client], { cwd: project });
    });

    it('installs at most 3 packages, under 1 MB in all', () => {
      const installed = packagesIn(join(project, 'node_modules'));
      assert.ok(installed.length <= 3, `installed: ${installed.join(', ')}`);
      assert.ok(installed.includes('coord-parking') && installed.includes('openapi-fetch'));
      const bytes = sizeOf(join(project, 'node_modules'));
      assert.ok(bytes < 1_000_000, `node_modules holds ${bytes} bytes`);
    });

    it('imports every entry, and works against a real sandbox on loopback, validating strictly', async () => {
      const output = await runModule(
        project,
        `
        import { createCoordParkingClient, CoordApiError, CoordError } from 'coord-parking';
        import { operations } from 'coord-parking/contract';
        import { responseValidation } from 'coord-parking/validation';
        import { rawClient } from 'coord-parking/raw';
        import 'coord-parking/openapi';
        import { readFileSync } from 'node:fs';
        import { createRequire } from 'node:module';
        const env = process.env;
        const client = createCoordParkingClient({
          baseUrl: env.BASE_URL,
          accessKey: env.ACCESS_KEY,
          userToken: env.USER_TOKEN,
          validateResponses: responseValidation('strict'),
          plugins: [rawClient],
        });
        const session = await client.sessions.create(env.LOCATION_ID);
        const { data: listed } = await client.raw.GET('/{location_id}/session', { params: { path: { location_id: env.LOCATION_ID } } });
        const ended = await client.sessions.end(env.LOCATION_ID, session.id);
        const missing = await client.sessions.get(env.LOCATION_ID, 999999).catch((error) => error);
        const spec = readFileSync(createRequire(import.meta.url).resolve('coord-parking/openapi.yaml'), 'utf8');
        console.log(JSON.stringify({
          ended: ended.end_time !== undefined,
          missing: missing instanceof CoordApiError && missing instanceof CoordError && missing.status,
          raw: listed.some((s) => s.id === session.id),
          operations: Object.keys(operations).length,
          spec: spec === env.SPEC,
        }));
        `,
        sandbox,
      );
      assert.deepEqual(JSON.parse(output), { ended: true, missing: 404, raw: true, operations: 7, spec: true });
    });
  });

  describe('client and testing package together', () => {
    let project: string;
    before(async () => {
      project = emptyProject(scratch, 'with-testing');
      await run('npm', ['install', ...NPM_QUIET, tarballs.client, tarballs.testing], { cwd: project });
    });

    it('holds one copy of the client, and no msw (an optional peer, for ./msw alone)', () => {
      const installed = packagesIn(join(project, 'node_modules'));
      assert.deepEqual(
        installed.filter((name) => name === 'coord-parking'),
        ['coord-parking'],
      );
      assert.ok(!installed.includes('msw'));
    });

    it('coord-parking-testing/sandbox starts a sandbox that the client uses, errors shared across both', async () => {
      const output = await runModule(
        project,
        `
        import { startSandbox } from 'coord-parking-testing/sandbox';
        import { createCoordParkingClient, CoordError } from 'coord-parking';
        const sandbox = await startSandbox();
        const client = createCoordParkingClient({ baseUrl: sandbox.baseUrl, accessKey: sandbox.accessKey, userToken: sandbox.userToken });
        const session = await client.sessions.create(sandbox.locationId, { license_plate: 'AB 123' });
        const again = await client.sessions.create(sandbox.locationId).catch((error) => error);
        await sandbox.close();
        console.log(JSON.stringify({ plate: session.license_plate, conflict: again instanceof CoordError && again.status }));
        `,
      );
      assert.deepEqual(JSON.parse(output), { plate: 'AB 123', conflict: 409 });
    });

    it('coord-parking-testing/msw, without msw installed, fails to load naming msw', async () => {
      const output = await runModule(
        project,
        `
        const error = await import('coord-parking-testing/msw').catch((error) => error);
        console.log(JSON.stringify({ code: error.code, namesMsw: /'msw'/.test(error.message) }));
        `,
      );
      assert.deepEqual(JSON.parse(output), { code: 'ERR_MODULE_NOT_FOUND', namesMsw: true });
    });

    it('npx coord-parking verify checks the embedded sandbox and exits 0; --help prints the usage', async () => {
      const verify = await run('npx', ['--no-install', 'coord-parking', 'verify'], { cwd: project });
      assert.match(verify.stdout, /Every check held\./);
      const help = await run('npx', ['--no-install', 'coord-parking', '--help'], { cwd: project });
      assert.match(help.stdout, /Usage:\n {2}coord-parking verify/);
    });

    it('ships the config and report schemas, exported; verify reads a config file against one, writes JSON the other validates; --version names the package', async () => {
      assert.ok(files.testing.includes('schemas/verify-config.schema.json'));
      assert.ok(files.testing.includes('schemas/verify-report.schema.json'));
      const reportSchema = await runModule(
        project,
        `console.log(import.meta.resolve('coord-parking-testing/schemas/verify-report.schema.json'))`,
      );
      assert.match(reportSchema, /node_modules\/coord-parking-testing\/schemas\/verify-report\.schema\.json$/);
      const resolved = await runModule(
        project,
        `console.log(import.meta.resolve('coord-parking-testing/schemas/verify-config.schema.json'))`,
      );
      assert.match(resolved, /node_modules\/coord-parking-testing\/schemas\/verify-config\.schema\.json$/);
      const config = join(project, 'coord-parking.config.yaml');
      const schemaComment = '# yaml-language-server: $schema=./node_modules/coord-parking-testing/schemas/verify-config.schema.json\n';
      try {
        writeFileSync(config, `${schemaComment}runs: 0\n`);
        const refused = await run('npx', ['--no-install', 'coord-parking', 'verify'], { cwd: project }).catch(
          (error: { code: number; stderr: string }) => error,
        );
        assert.equal((refused as { code: number }).code, 2);
        assert.match((refused as { stderr: string }).stderr, /^coord-parking\.config\.yaml:2: runs must be at least 1$/m);
        writeFileSync(config, `${schemaComment}runs: 1\nreporter: json\n`);
        const verify = await run('npx', ['--no-install', 'coord-parking', 'verify'], { cwd: project });
        const report = JSON.parse(verify.stdout) as { checks: { status: string }[] };
        assert.ok(report.checks.filter((check) => check.status === 'passed').length > 20);
        // The JSON the installed bin writes is valid against the schema the installed package ships.
        const ajv = new Ajv2020.default({ allErrors: true, strict: true });
        addFormats.default(ajv);
        const schemaFile = join(project, 'node_modules/coord-parking-testing/schemas/verify-report.schema.json');
        const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
        assert.equal(validate(report), true, ajv.errorsText(validate.errors));
      } finally {
        rmSync(config, { force: true });
      }
      const version = await run('npx', ['--no-install', 'coord-parking', '--version'], { cwd: project });
      assert.equal(version.stdout, 'coord-parking-testing 0.1.0\n');
    });
  });

  describe('with msw, for app tests with no port', () => {
    let project: string;
    before(async () => {
      project = emptyProject(scratch, 'with-msw');
      await run('npm', ['install', ...NPM_QUIET, tarballs.client, tarballs.testing, 'msw@^2.15.0'], { cwd: project });
    });

    it('coord-parking-testing/msw serves the client at its default base URL through msw/node', async () => {
      const output = await runModule(
        project,
        `
        import { sandboxHandlers } from 'coord-parking-testing/msw';
        import { createCoordParkingClient, CoordApiError } from 'coord-parking';
        import { setupServer } from 'msw/node';
        const sandbox = await sandboxHandlers();
        const server = setupServer(...sandbox.handlers);
        server.listen({ onUnhandledRequest: 'error' });
        const client = createCoordParkingClient({ accessKey: sandbox.accessKey, userToken: sandbox.testUserToken });
        const session = await client.sessions.create(sandbox.gatedLocationId);
        const ended = await client.testing.simulateRedemption(sandbox.gatedLocationId, session.id, { durationMinutes: 30 });
        const missing = await client.sessions.get(sandbox.locationId, 99).catch((error) => error);
        server.close();
        console.log(JSON.stringify({ cost: ended.billing_info.cost.amount, missing: missing instanceof CoordApiError && missing.status }));
        `,
      );
      assert.deepEqual(JSON.parse(output), { cost: 300, missing: 404 });
    });
  });
});

function emptyProject(parent: string, name: string): string {
  const project = join(parent, name);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: `app-${name}`, private: true, type: 'module' }));
  return project;
}

/** Package names in a node_modules folder, scoped ones as `@scope/name`; nested node_modules included. */
function packagesIn(nodeModules: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const scoped = entry.name.startsWith('@');
    for (const name of scoped ? readdirSync(join(nodeModules, entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name]) {
      names.push(name);
      const nested = join(nodeModules, name, 'node_modules');
      if (statSync(nested, { throwIfNoEntry: false })?.isDirectory()) names.push(...packagesIn(nested));
    }
  }
  return names;
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

let modules = 0;

/** Runs an ES module in the project, as its own code would run, and returns what it printed. */
async function runModule(project: string, source: string, sandbox?: RunningSandbox): Promise<string> {
  const file = join(project, `check-${++modules}.mjs`);
  writeFileSync(file, source);
  const env = sandbox
    ? {
        BASE_URL: sandbox.baseUrl,
        ACCESS_KEY: sandbox.accessKey,
        USER_TOKEN: sandbox.userToken,
        LOCATION_ID: sandbox.locationId,
        SPEC: readFileSync('spec/openapi.yaml', 'utf8'),
      }
    : {};
  const { stdout } = await run(process.execPath, [file], { cwd: project, env: { ...process.env, ...env } });
  return stdout.trim();
}
