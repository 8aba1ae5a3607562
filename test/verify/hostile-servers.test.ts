import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { marked, type Tokens } from 'marked';
import { CONTRACT_CHECKS } from '../../contract-tests/index.ts';
import { startHostileServer, stream, type Behaviour } from '../helpers/hostile-server.ts';
import { secretEncodings, secretsIn } from '../helpers/secret-encodings.ts';

// Credentials with the characters encoders treat differently: / + = and a JWT's dots.
const ACCESS_KEY = 'sk_test/k3y+Secret=42~x';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0ZXIifQ.dGhpcy1pcy1ub3QtYS1yZWFsLXNpZ25hdHVyZQ';
const OTHER_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZWd1bGFyIn0.YW5vdGhlci1zaWduYXR1cmUtb2YtYS11c2Vy';
const SECRETS = [ACCESS_KEY, TOKEN, OTHER_TOKEN];

const MAX_TIME_S = 15;
const PEAK_MEMORY_KB = 400 * 1024;
const MiB = 1024 * 1024;

const json = (body: unknown) => JSON.stringify(body);
const sentCredentials = (request: { headers: { authorization?: string } }, url: URL) => ({
  key: url.searchParams.get('access_key') ?? '',
  token: (request.headers.authorization ?? '').replace(/^Bearer /, ''),
});

/** Each hostile server, what it does, the report format asked for, and what more to assert. */
const HOSTILE: {
  name: string;
  report: 'md' | 'html';
  behave: (other: string) => Behaviour;
  also?: (run: Run) => void;
  /** A smaller heap for verify than Node's default: what it keeps must fit, or it dies of it. */
  heapMb?: number;
}[] = [
  {
    name: 'answers 200 {} to everything',
    report: 'html',
    behave: () => (_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    also: ({ failed }) => assert.ok(failed.includes('response_schema_conformance') && failed.includes('direct_lifecycle')),
  },
  {
    name: 'sends 10 MB bodies',
    report: 'md',
    behave: () => (_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      stream(response, Buffer.alloc(64 * 1024, 'x'), { total: 10 * MiB });
    },
    also: ({ report }) => assert.match(report, /response too large: over 1048576 bytes/),
  },
  {
    name: 'sends bodies that never end',
    report: 'html',
    behave: () => (_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      stream(response, Buffer.alloc(16 * 1024, ' '));
    },
    also: ({ report }) => assert.match(report, /response too large/),
  },
  {
    name: 'trickles a byte at a time, forever',
    report: 'md',
    behave: () => (_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      stream(response, Buffer.from(' '), { everyMs: 100 });
    },
    also: ({ report, stdout }) => {
      assert.match(report, /no answer within 1000 ms/);
      assert.match(stdout + report, /max-time/);
    },
  },
  {
    name: 'sends a gzip bomb (50 MB of zeros in 50 kB)',
    report: 'html',
    behave: () => {
      const bomb = gzipSync(Buffer.alloc(50 * MiB));
      return (_, response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb);
    },
    also: ({ report }) => assert.match(report, /response too large/),
  },
  {
    name: 'redirects every request to another origin',
    report: 'html',
    behave: (other) => (request, response) =>
      response.writeHead(request.method === 'GET' ? 302 : 307, { location: `${other}/steal${request.url}` }).end(),
    also: ({ failed }) => assert.ok(failed.includes('status_code_conformance')),
  },
  {
    name: 'puts backtick and tilde fences in its problem details',
    report: 'md',
    behave: () => (_, response) =>
      response.writeHead(400, { 'content-type': 'application/problem+json' }).end(
        json({
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'nope\n```\n# Injected heading\n~~~~\n````` and ~~~\n[click](javascript:alert(1))',
        }),
      ),
    also: ({ report }) => {
      const tokens = marked.lexer(report);
      assert.ok(!tokens.some((token) => token.type === 'heading' && /Injected/.test(token.raw)), 'server text escaped a code block');
      const blocks = tokens.filter((token): token is Tokens.Code => token.type === 'code');
      assert.ok(blocks.length > 0 && blocks.some((block) => block.text.includes('# Injected heading')));
    },
  },
  {
    // Each failure keeps an excerpt of the answer: an excerpt that held on to its whole body
    // (V8 slices are views) kept every megabyte, out of memory after some 60 requests.
    name: 'answers every request with 1 MB of valid JSON, just under the size limit',
    report: 'html',
    heapMb: 200,
    behave: () => {
      const sessions = Array.from({ length: 12_000 }, (_, i) => ({
        id: i + 1,
        user_id: 'u',
        location_id: 'lot-1',
        start_time: '2026-01-01T00:00:00Z',
      }));
      const body = json(sessions);
      return (_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    },
    also: ({ report }) => assert.ok(!/response too large/.test(report), 'the bodies were under the limit'),
  },
  {
    name: 'echoes the credentials it receives, in every encoding, in its body and headers',
    report: 'html',
    behave: () => (request, response, url) => {
      const { key, token } = sentCredentials(request, url);
      const echoed = [...secretEncodings(key), ...secretEncodings(token)].map((form) => form.text);
      response
        .writeHead(200, {
          'content-type': 'application/json',
          'x-debug-key': encodeURIComponent(key).toLowerCase(),
          'x-debug-token': Buffer.from(`user:${token}`).toString('base64'),
        })
        .end(json({ id: 1, user_id: '7e57e57e-0000-4000-8000-000000000001', echoed, note: `key=${key} ${json(token)}` }));
    },
    also: ({ failed }) => assert.ok(failed.includes('credentials_not_reflected'), `failed: ${failed.join(', ')}`),
  },
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  report: string;
  failed: string[];
  checks: string[];
  seconds: number;
  peakKb: number;
}

describe('coord-parking verify against hostile servers: survives, bounded, quiet about secrets', function () {
  this.timeout((MAX_TIME_S + 60) * 1000);
  let scratch: string;
  before(() => (scratch = mkdtempSync(join(tmpdir(), 'coord-hostile-'))));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const { name, report: format, behave, also, heapMb } of HOSTILE) {
    it(`a server that ${name}: exit 1, ${format} report written, no trace, < 400 MB, bounded time, no secret out`, async () => {
      const elsewhere = await startHostileServer((_, response) => response.writeHead(200).end('thanks'));
      const hostile = await startHostileServer(behave(elsewhere.origin));
      try {
        const run = await verify(hostile.baseUrl, join(scratch, `${name.replace(/\W+/g, '-')}.${format}`), heapMb);
        assert.equal(run.code, 1, run.stderr);
        console.log(`      (peak ${Math.round(run.peakKb / 1024)} MB, ${run.seconds.toFixed(1)} s)`);
        for (const check of CONTRACT_CHECKS) assert.ok(run.report.includes(check.name), `the report names ${check.name}`);
        assert.deepEqual(
          run.checks,
          CONTRACT_CHECKS.map((check) => check.name),
          'the JSON on stdout names every check, in order',
        );
        assert.doesNotMatch(`${run.stdout}\n${run.stderr}`, /^\s+at .+[(\s]\S+:\d+:\d+\)?$/m, 'a stack trace');
        assert.ok(run.peakKb < PEAK_MEMORY_KB, `peak memory ${Math.round(run.peakKb / 1024)} MB`);
        assert.ok(run.seconds < MAX_TIME_S + 45, `took ${run.seconds} s`);
        assert.equal(elsewhere.requests(), 0, 'a request reached the other origin');
        assert.deepEqual(secretsIn(`${run.stdout}\n${run.stderr}\n${run.report}`, SECRETS), []);
        also?.(run);
      } finally {
        await hostile.close();
        await elsewhere.close();
      }
    });
  }

  async function verify(baseUrl: string, report: string, heapMb?: number): Promise<Run> {
    const rssFile = join(scratch, 'max-rss');
    rmSync(rssFile, { force: true });
    const started = performance.now();
    const args = [
      ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []),
      '--import',
      'tsx',
      '--import',
      pathToFileURL('test/helpers/max-rss.ts').href,
      'src/cli/main.ts',
      'verify',
      ...['--base-url', baseUrl, '--access-key', ACCESS_KEY, '--token', TOKEN, '--non-test-token', OTHER_TOKEN],
      ...['--location', 'lot-1', '--gated-location', 'gate-7', '--report', report, '--reporter', 'json'],
      ...['--request-timeout-ms', '1000', '--max-time', String(MAX_TIME_S), '--runs', '3', '--seed', '1'],
    ];
    const child = spawn(process.execPath, args, { env: { ...process.env, MAX_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - started) / 1000;
    assert.ok(existsSync(report), `no report written; stderr:\n${stderr.slice(-2000)}`);
    const json = JSON.parse(stdout) as { checks: { name: string; status: string }[] };
    // One entry per test: a check on an operation, or a flow.
    const failed = [...new Set(json.checks.filter((check) => check.status === 'failed').map((check) => check.name))];
    const checks = [...new Set(json.checks.map((check) => check.name))];
    return {
      code,
      stdout,
      stderr,
      report: readFileSync(report, 'utf8'),
      failed,
      checks,
      seconds,
      peakKb: Number(readFileSync(rssFile, 'utf8')),
    };
  }
});
