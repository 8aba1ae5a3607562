import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { chromium } from 'playwright-core';
import { startSandbox, TEST_USER, type RunningSandbox } from '../../src/sandbox/index.ts';
import { EXIT_CODES } from '../../src/verify/exit-codes.ts';
import { packageVersion } from '../../src/verify/package-info.ts';
import { REPORT_FORMAT_VERSION, REPORT_SCHEMA_FILE } from '../../src/verify/report/json-report-schema.ts';
import { startBrokenProxy } from '../helpers/broken-proxy.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { BROKEN_FOR_REPORTS } from '../helpers/report-breakage.ts';
import { secretsIn } from '../helpers/secret-encodings.ts';

const GATEWAY_SECRET = 'gw-secret-5f1e9a73';
const SEED = 314159;

/** What these tests read of the JSON report (the schema says the rest). */
interface JsonReport {
  formatVersion: number;
  run: { version: string; seed: number; started: string; outcome: string; exitCode: number; target: { kind: string; description: string } };
  checks: {
    name: string;
    title: string;
    status: string;
    note?: string;
    failures: {
      message: string;
      operation: string | null;
      step?: { index: number; of: number };
      request: { url: string } | null;
      response: { status: number; body: string } | null;
      curl: string | null;
    }[];
  }[];
  sessions: { state: string }[] | null;
}

describe('coord-parking verify: the reports (--report FILE.html|.md|.xml|.json), against a broken server', function () {
  this.timeout(180_000);
  let sandbox: RunningSandbox;
  let proxy: Awaited<ReturnType<typeof startBrokenProxy>>;
  let scratch: string;
  let secrets: string[];
  let env: NodeJS.ProcessEnv;
  let broken: CliResult;
  const report = (name: string) => join(scratch, name);
  const read = (name: string) => readFileSync(report(name), 'utf8');

  before(async () => {
    sandbox = await startSandbox();
    proxy = await startBrokenProxy(sandbox.baseUrl, BROKEN_FOR_REPORTS);
    scratch = mkdtempSync(join(tmpdir(), 'coord-reports-'));
    const expiredToken = await sandbox.mintToken(TEST_USER, -3600);
    secrets = [sandbox.accessKey, sandbox.testUserToken, sandbox.userToken, expiredToken, GATEWAY_SECRET];
    env = {
      COORD_ACCESS_KEY: sandbox.accessKey,
      COORD_USER_TOKEN: sandbox.testUserToken,
      COORD_NON_TEST_USER_TOKEN: sandbox.userToken,
      COORD_EXPIRED_USER_TOKEN: expiredToken,
      COORD_LOCATION_ID: sandbox.locationId,
      COORD_GATED_LOCATION_ID: sandbox.gatedLocationId,
    };
    const reports = ['broken.html', 'broken.md', 'broken.xml', 'broken.json'].flatMap((name) => ['--report', report(name)]);
    broken = await runCli(['verify', '--runs', '3', '--seed', String(SEED), '-H', `X-Gateway-Key: ${GATEWAY_SECRET}`, ...reports], {
      ...env,
      COORD_BASE_URL: proxy.baseUrl,
    });
  });
  after(async () => {
    await proxy.close();
    await sandbox.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('writes every --report given, each in the format its extension names', () => {
    assert.equal(broken.code, EXIT_CODES.broken.code, broken.stderr);
    for (const name of ['broken.html', 'broken.md', 'broken.xml', 'broken.json'])
      assert.match(broken.stdout, new RegExp(`^report: .*${name}$`, 'm'));
    assert.match(read('broken.html'), /^<!doctype html>/);
    assert.match(read('broken.md'), /^# /);
    assert.equal(XMLValidator.validate(read('broken.xml')), true);
    assert.equal(JSON.parse(read('broken.json')).formatVersion, REPORT_FORMAT_VERSION);
  });

  it('carries no secret (access key, tokens, -H values) in any report, in any encoding, though the server echoed them', () => {
    // The server did echo them: credentials_not_reflected failed, and its cards show the answers.
    assert.ok(
      JSON.parse(read('broken.json')).checks.some(
        (check: { name: string; status: string }) => check.name === 'credentials_not_reflected' && check.status === 'failed',
      ),
    );
    for (const name of ['broken.html', 'broken.md', 'broken.xml', 'broken.json'])
      assert.deepEqual(secretsIn(read(name), secrets), [], name);
    assert.deepEqual(secretsIn(`${broken.stdout}${broken.stderr}`, secrets), [], 'the terminal output');
  });

  it('JUnit as CI systems read it: failures count the <failure>s, each with a message; ISO 8601 times; seed, target and version as properties; no file', () => {
    const xml = read('broken.xml');
    const { testsuites } = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suite = testsuites.testsuite;
    const cases = [suite.testcase].flat() as Record<string, any>[];
    const failures = cases.filter((testCase) => testCase.failure);
    assert.ok(failures.length > 5);
    for (const counts of [testsuites, suite]) {
      assert.equal(Number(counts['@_failures']), failures.length);
      assert.equal(Number(counts['@_tests']), cases.length);
      assert.equal(Number(counts['@_skipped']), cases.filter((testCase) => testCase.skipped !== undefined).length);
      assert.equal(Number(counts['@_errors']), 0);
      assert.match(counts['@_timestamp'], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.ok(!Number.isNaN(Date.parse(counts['@_timestamp'])));
    }
    assert.equal((xml.match(/<failure /g) ?? []).length, failures.length);
    for (const testCase of failures) assert.ok(testCase.failure['@_message']?.length > 0, testCase['@_name']);
    const properties = Object.fromEntries(
      [suite.properties.property].flat().map((property: Record<string, string>) => [property['@_name'], property['@_value']]),
    );
    assert.equal(properties.seed, String(SEED));
    assert.equal(properties.target, proxy.baseUrl);
    assert.equal(properties.version, packageVersion());
    assert.doesNotMatch(xml, /\bfile="/, 'no file attribute: these tests come from no file of the user’s tree');
    // Each test case is named by its check and what it judged.
    assert.ok(
      cases.some(
        (testCase) =>
          testCase['@_classname'] === 'response_schema_conformance' &&
          testCase['@_name'] === 'response_schema_conformance — get_user_sessions',
      ),
    );
  });

  it('JSON that validates against the schema shipped (ajv, 2020-12): a broken run, a passing one, one that could not happen', async () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const schema = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8'));
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    const validate = ajv.compile(schema);

    const passing = await runCli(
      ['verify', '--runs', '2', '--checks', 'direct_lifecycle,gated_lifecycle,status_code_conformance', '--report', report('pass.json')],
      {
        ...env,
        COORD_BASE_URL: sandbox.baseUrl,
      },
    );
    assert.equal(passing.code, EXIT_CODES.held.code, passing.stderr);
    const unreachable = await runCli(['verify', '--report', report('none.json')], { ...env, COORD_BASE_URL: 'http://127.0.0.1:2/v1' });
    assert.equal(unreachable.code, EXIT_CODES.cannotRun.code);

    const documents = Object.fromEntries(
      ['broken.json', 'pass.json', 'none.json'].map((name) => [name, JSON.parse(read(name)) as JsonReport]),
    );
    for (const [name, document] of Object.entries(documents)) {
      assert.equal(validate(document), true, `${name}: ${ajv.errorsText(validate.errors)}`);
      assert.equal(document.formatVersion, REPORT_FORMAT_VERSION);
      assert.equal(document.run.version, packageVersion());
    }
    assert.deepEqual(
      Object.values(documents).map((document) => [document.run.outcome, document.run.exitCode]),
      [
        ['broken', 1],
        ['held', 0],
        ['could not run', 3],
      ],
    );
    const { run, checks, sessions } = documents['broken.json']!;
    assert.equal(run.seed, SEED);
    assert.deepEqual(run.target, { kind: 'url', description: proxy.baseUrl });
    assert.ok(Math.abs(Date.parse(run.started) - Date.now()) < 10 * 60_000);
    // Every failure carries the request, what was expected and came instead, and a curl.
    const failures = checks.flatMap((check) => check.failures);
    assert.ok(failures.length > 10);
    for (const failure of failures.filter((one) => one.request)) assert.match(failure.curl ?? '', /^curl /);
    // A flow's failure names the operation and the step whose answer broke the rule.
    const flow = checks.find((check) => check.name === 'ensure_resource_availability')!;
    assert.equal(flow.status, 'failed');
    assert.ok(
      flow.failures.every((failure) => failure.operation === 'get_user_sessions' && failure.step && failure.response?.status === 200),
    );
    assert.ok(sessions!.length > 0 && sessions!.every((made) => made.state === 'ended'));
    // A passing run: nothing failed; what no request reached is not covered, saying so, never passed.
    for (const check of documents['pass.json']!.checks) {
      assert.ok(check.status === 'passed' || (check.status === 'not covered' && check.note), check.title);
      assert.deepEqual(check.failures, []);
    }
  });

  it('Markdown: the verdict, the matrix, and each failure with the answer that broke the rule', () => {
    const markdown = read('broken.md');
    assert.match(markdown, /Contract NOT honoured/);
    assert.match(markdown, /^\| operation \| ensure_resource_availability \|/m);
    assert.match(markdown, /license_plate/);
    assert.match(markdown, /^ {2}response: {2}200 application\/json \[\{"id":/m);
    assert.match(markdown, /^ {2}reproduce: curl /m);
  });

  it('HTML, in Chromium: every ✘ leads to its card, in view; one card per root cause; every card shows the answer; the ✘ on the operation at fault', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`file://${report('broken.html')}`);
      assert.match(await page.title(), /failed/);

      const crosses = page.locator('table.matrix td.failed');
      const count = await crosses.count();
      assert.ok(count > 5, `${count} ✘ in the matrix`);
      assert.equal(await page.locator('table.matrix td.failed a').count(), count, 'every ✘ is a link');
      for (let i = 0; i < count; i++) {
        const link = crosses.nth(i).locator('a');
        const href = (await link.getAttribute('href'))!;
        await link.click();
        const card = page.locator(`section.cause${href}`);
        assert.equal(await card.count(), 1, `${href} has its card`);
        assert.equal(await page.evaluate(() => location.hash), href);
        const inView = await card.evaluate((element) => {
          const box = element.getBoundingClientRect();
          return box.top >= 0 && box.top < window.innerHeight;
        });
        assert.ok(inView, `${href} is scrolled into view`);
        // The card is of the check whose column the ✘ is in, and names the operation of its row.
        const [check, operation] = (await crosses.nth(i).getAttribute('title'))!.split(':')[0]!.split(' · ');
        assert.equal(await card.locator('h3 code').textContent(), check);
        assert.ok((await card.locator('.where code').allTextContents()).includes(operation!), `${href} names ${operation}`);
      }
      // Every other link of the page resolves too.
      for (const href of await page.locator('a[href^="#"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')!))) {
        assert.equal(await page.locator(href).count(), 1, `${href} resolves`);
      }

      // One schema error in the list of every get_user_sessions answer is one card, with a count.
      const schemaCards = page.locator('section.cause', { has: page.locator('h3 code', { hasText: /^response_schema_conformance$/ }) });
      const plates = schemaCards.filter({ hasText: 'license_plate: must be string' });
      assert.equal(await plates.count(), 1, 'one card for the license plate of get_user_sessions');
      const missingTitle = schemaCards.filter({ hasText: '/title: is required' });
      assert.equal(await missingTitle.count(), 1, 'one card for the 404s without a title');
      assert.match((await missingTitle.locator('.count').textContent()) ?? '', /^× \d+$/);
      assert.ok((await missingTitle.locator('.where code').count()) >= 5, 'the title is missing on every operation that answers 404');

      // Every card shows the answer that broke the rule, escaped: a status line, and the body as text.
      const cards = page.locator('section.cause');
      for (let i = 0; i < (await cards.count()); i++) {
        const response = cards.nth(i).locator('pre.response');
        assert.match((await response.textContent()) ?? '', /^\d{3} \S+/, `card ${i + 1} shows the response`);
      }
      assert.equal(await page.locator('section.cause pre.response script, section.cause pre.response b').count(), 0);

      // The ✘ is on the operation whose answer broke the rule: a flow that failed listing the
      // user's sessions is marked there, not on the create before it, which answered right.
      const cell = async (operation: string, check: string) =>
        page.locator(`table.matrix tbody tr:has(th:text-is("${operation}")) td[title^="${check} · ${operation}:"]`).getAttribute('class');
      assert.equal(await cell('get_user_sessions', 'ensure_resource_availability'), 'failed');
      assert.equal(await cell('post_session', 'ensure_resource_availability'), 'passed');
      // And the flow's card names its failing step.
      const flowCard = page
        .locator('section.cause', { has: page.locator('h3 code', { hasText: /^ensure_resource_availability$/ }) })
        .first();
      assert.match(
        (await flowCard.textContent()) ?? '',
        /Failing step: request \d+ of \d+, get_user_sessions, through (raw HTTP|the typed client)/,
      );

      mkdirSync('reports', { recursive: true });
      const screenshot = resolve('reports/verify-html.png');
      await page.goto(`file://${report('broken.html')}`);
      await page.screenshot({ path: screenshot, fullPage: true });
      assert.ok(statSync(screenshot).size > 20_000);
    } finally {
      await browser.close();
    }
  });
});
