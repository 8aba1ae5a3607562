/**
 * One implementation, its transports: the same generated request sequences sent to a sandbox
 * over node:http, to another through its Fetch handler, and to a third through msw (msw/node
 * intercepting the global fetch, as in an app's tests) get the same statuses, headers that
 * matter and bodies.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import fc from 'fast-check';
import { setupServer, type SetupServer } from 'msw/node';
import ts from 'typescript';
import { createSandbox, REGULAR_USER, startSandbox, TEST_USER, type RunningSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { sandboxHandlers, type SandboxHandlers } from '../../src/sandbox/msw.ts';

const RUNS = Number(process.env.FC_PARITY_RUNS ?? 500);
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const FETCH_BASE_URL = 'https://api.coord.co/v1/access/parking';
/** Taken before msw patches the global fetch, so that the node:http leg goes over the network. */
const networkFetch = globalThis.fetch;

interface Step {
  /** Minutes the shared clock moves before the request. */
  waitMinutes: number;
  user: 'tester' | 'regular' | 'none' | 'garbage';
  /** The body's media type: JSON unless it says otherwise. */
  contentType: string;
  method: string;
  path: string;
  body?: string;
}

// Weighted towards what exists, so that sequences reach the state rules (409s, 403s), not only 400s and 404s.
const location = fc.constantFrom('lot-1', 'lot-1', 'gate-7', 'gate-7', 'nowhere', 'lot%2D1', 'bad~id');
const sessionId = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 3 }).map(String), weight: 4 },
  { arbitrary: fc.constantFrom('0', '007', 'x'), weight: 1 },
);
const json = (value: unknown) => JSON.stringify(value);
const request: fc.Arbitrary<Omit<Step, 'waitMinutes' | 'user' | 'contentType'>> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        location,
        fc.constantFrom(undefined, undefined, '{}', json({ license_plate: 'AB 123' }), json({ colour: 'red' }), '{"', ' '.repeat(70_000)),
      )
      .map(([l, body]) => ({ method: 'POST', path: `/${l}/session`, body })),
  },
  { weight: 1, arbitrary: location.map((l) => ({ method: 'GET', path: `/${l}/session` })) },
  { weight: 2, arbitrary: fc.tuple(location, sessionId).map(([l, id]) => ({ method: 'GET', path: `/${l}/session/${id}` })) },
  { weight: 2, arbitrary: fc.tuple(location, sessionId).map(([l, id]) => ({ method: 'PUT', path: `/${l}/session/${id}/end` })) },
  {
    weight: 2,
    arbitrary: fc.tuple(location, sessionId, fc.integer({ min: -1, max: 1500 })).map(([l, id, minutes]) => ({
      method: 'POST',
      path: `/testing/${l}/${id}/simulate_redemption`,
      body: json({ duration_m: minutes }),
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(location, fc.constantFrom('qr', 'code128', 'pdf'))
      .map(([l, format]) => ({ method: 'POST', path: '/barcode', body: json({ location_id: l, format }) })),
  },
  { weight: 1, arbitrary: fc.constant({ method: 'GET', path: '/session' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { method: 'DELETE', path: '/session' },
      { method: 'GET', path: '/session/' },
      { method: 'PATCH', path: '/lot-1/session/1' },
      { method: 'GET', path: '/elsewhere' },
      { method: 'HEAD', path: '/lot-1/session' },
      { method: 'OPTIONS', path: '/session' },
    ),
  },
);
const step: fc.Arbitrary<Step> = fc
  .record({
    waitMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120 })),
    user: fc.constantFrom('tester', 'tester', 'tester', 'tester', 'regular', 'regular', 'none', 'garbage'),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain'),
    request,
  })
  .map(({ request: r, ...rest }) => ({ ...rest, ...r }));

interface Leg {
  sandbox: Pick<Sandbox, 'mintToken' | 'accessKey'>;
  baseUrl: string;
  transport: (request: Request) => Promise<Response>;
}

interface Observed {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}

describe('sandbox: node:http, the Fetch handler and msw are one implementation', function () {
  this.timeout(300_000);
  const START = Date.parse('2026-11-24T09:00:00.000Z');
  let clock = START;
  const options = {
    secret: 'parity-secret-0123456789',
    accessKey: 'sk_parity_0123456789',
    now: () => new Date(clock),
    // Low enough that sequences meet 429s; the shared clock refills both alike.
    rateLimit: { requests: 4, windowMs: 3_600_000 },
  };
  let overHttp: RunningSandbox;
  let inProcess: Sandbox;
  let throughMsw: SandboxHandlers;
  let server: SetupServer;
  /** Where each sandbox is reached, and how. */
  let legs: Record<'http' | 'fetchHandler' | 'msw', Leg>;
  before(async () => {
    [overHttp, inProcess, throughMsw] = await Promise.all([startSandbox(options), createSandbox(options), sandboxHandlers(options)]);
    server = setupServer(...throughMsw.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    legs = {
      http: { sandbox: overHttp, baseUrl: overHttp.baseUrl, transport: (request) => networkFetch(request) },
      fetchHandler: { sandbox: inProcess, baseUrl: FETCH_BASE_URL, transport: (request) => inProcess.fetch(request) },
      msw: { sandbox: throughMsw, baseUrl: throughMsw.baseUrl, transport: (request) => fetch(request) },
    };
  });
  after(async () => {
    server.close();
    await overHttp.close();
  });

  // Minted per request, as apps refresh theirs: the clock moves past a token's hour. One secret
  // and one clock make all three sandboxes mint the very same token.
  const tokenOf = (sandbox: Pick<Sandbox, 'mintToken'>, user: Step['user']) =>
    ({
      tester: () => sandbox.mintToken(TEST_USER),
      regular: () => sandbox.mintToken(REGULAR_USER),
      none: () => undefined,
      garbage: () => 'a.b.c',
    })[user]();

  async function observe(response: Response): Promise<Observed> {
    const headers = Object.fromEntries(
      ['content-type', 'allow', 'www-authenticate', 'retry-after', 'x-content-type-options', 'cache-control'].map((name) => [
        name,
        response.headers.get(name),
      ]),
    );
    // Barcodes are random per sandbox; everything else must match to the byte.
    return { status: response.status, headers, body: (await response.text()).replace(/"data":"CRD-[^"]*"/g, '"data":"CRD-…"') };
  }

  async function send({ sandbox, baseUrl, transport }: Leg, { method, path, body, user, contentType }: Step) {
    const token = await tokenOf(sandbox, user);
    const init: RequestInit = {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      body,
    };
    return observe(await transport(new Request(`${baseUrl}${path}?access_key=${sandbox.accessKey}`, init)));
  }

  it(`${RUNS} generated request sequences answer alike (seed ${SEED}; replay with FC_SEED=${SEED})`, async () => {
    console.log(`      fast-check seed ${SEED}, ${RUNS} sequences`);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
        const { http, fetchHandler, msw } = legs;
        overHttp.reset();
        inProcess.reset();
        throughMsw.reset();
        clock = START;
        for (const [index, s] of steps.entries()) {
          clock += s.waitMinutes * 60_000;
          const expected = await send(http, s);
          const where = `step ${index}: ${s.method} ${s.path} as ${s.user}`;
          assert.deepEqual(await send(fetchHandler, s), expected, `${where}, Fetch handler`);
          assert.deepEqual(await send(msw, s), expected, `${where}, msw`);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('one secret and one clock mint the same tokens on all three (so the sequences above compare like with like)', async () => {
    const token = await overHttp.mintToken(TEST_USER);
    assert.equal(await inProcess.mintToken(TEST_USER), token);
    assert.equal(await throughMsw.mintToken(TEST_USER), token);
  });
});

describe('sandbox: the in-process sandbox runs in a browser', () => {
  it('imports no node: module, and uses neither Buffer nor process, from createSandbox and sandboxHandlers down', () => {
    const files = new Map([...sourcesReachableFrom('src/sandbox/sandbox.ts'), ...sourcesReachableFrom('src/sandbox/msw.ts')]);
    assert.ok(files.size > 5, 'the import graph was walked');
    for (const [file, source] of files) {
      const imports = ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
      assert.deepEqual(
        imports.filter((name) => name.startsWith('node:')),
        [],
        file,
      );
      assert.doesNotMatch(source.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ''), /\bBuffer\.|\bprocess\./, file);
    }
  });
});

/** Every source file a module reaches through relative imports (value imports only). */
function sourcesReachableFrom(entry: string): Map<string, string> {
  const found = new Map<string, string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (found.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    found.set(file, source);
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      const typeOnly = new RegExp(`import\\s+type\\s[^;]*['"]${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`).test(source);
      if (fileName.startsWith('.') && !typeOnly) queue.push(resolve(dirname(file), fileName));
    }
  }
  return found;
}
