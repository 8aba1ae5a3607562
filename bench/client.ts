/**
 * npm run bench:client — what the client costs next to bare openapi-fetch:
 *   1. in a browser bundle (minified, gzipped);
 *   2. in CPU per get_session, with an in-memory fetch: no network, so the figure holds still
 *      (client.raw too, with no target: what the plugin costs over the domain API);
 *   3. per get_session against a loopback server in a worker thread, as an app sees it;
 *   4. validating a 10 000-session list, next to JSON.parse of it.
 * Times are ratios within this one run, each the median of round-by-round ratios; the
 * interquartile range of those ratios is printed beside it. The client timed is the package as
 * built (`npm run bench:client` builds it first): what users run, not tsx's transform of src/.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi.ts';
import { operations } from '../src/contract/operations.ts';
import { BUDGETS, BUNDLES, bundleSize, type BundleName } from './bundle-size.ts';
import { startFixedServer } from './fixed-server.ts';
import { measureRounds, median, ratioTo, type RoundMedians } from './rounds.ts';

const SESSION = {
  id: 7,
  user_id: '4f6f3c1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f',
  location_id: 'lot-42',
  start_time: '2026-11-24T09:00:00.000Z',
};
const ACCESS_KEY = 'bench-access-key-0123456789';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const path = { location_id: 'lot-42', session_id: 7 };
// Short rotated rounds, many of them: the machine's drift lands on every variant alike, and the
// median of many round-by-round ratios holds still where a ratio of two long medians swung ±10%.
const ROUNDS = { rounds: Number(process.env.BENCH_ROUNDS ?? 61), roundMs: Number(process.env.BENCH_ROUND_MS ?? 150) };
const verdicts: [string, boolean][] = [];
const built = new URL('../packages/coord-parking/dist/src/', import.meta.url);
const { createCoordParkingClient } = (await import(new URL('index.js', built).href)) as typeof import('../src/index.ts');
const { responseValidation } = (await import(new URL('validation.js', built).href)) as typeof import('../src/validation.ts');
const { rawClient } = (await import(new URL('raw.js', built).href)) as typeof import('../src/raw.ts');

console.log(
  `bench:client ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${ROUNDS.rounds} rounds of ${ROUNDS.roundMs} ms`,
);

// 1. Bundle sizes.
const sizes = [];
for (const name of Object.keys(BUNDLES) as BundleName[]) {
  const { minified, gzipped } = await bundleSize(name);
  const budget = BUDGETS[name];
  sizes.push({ bundle: name, 'minified B': minified, 'gzipped B': gzipped, budget: budget ? `≤ ${budget}` : '' });
  if (budget) verdicts.push([`${name} ≤ ${budget / 1000} KB gzipped (${gzipped} B)`, gzipped <= budget]);
}
console.log('\nBrowser bundle (esbuild, minified, gzip -9)');
console.table(sizes);

/** Three clients over one fetch: bare openapi-fetch with the same credentials, and coord-parking without and with validation. */
function clientsOver(fetch: typeof globalThis.fetch, baseUrl: string) {
  const bare = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${TOKEN}` }, fetch });
  const off = createCoordParkingClient({ baseUrl, accessKey: ACCESS_KEY, userToken: TOKEN, fetch });
  const strict = createCoordParkingClient({
    baseUrl,
    accessKey: ACCESS_KEY,
    userToken: TOKEN,
    fetch,
    validateResponses: responseValidation('strict'),
  });
  return {
    'bare openapi-fetch': async () => {
      await bare.GET('/{location_id}/session/{session_id}', { params: { path, query: { access_key: ACCESS_KEY } as never } });
    },
    'coord-parking, validation off': async () => {
      await off.sessions.get('lot-42', 7);
    },
    'coord-parking, strict': async () => {
      await strict.sessions.get('lot-42', 7);
    },
  };
}

function report(title: string, perRound: RoundMedians, baseline: string, targets: Record<string, number>) {
  console.log(`\n${title}`);
  console.table(
    Object.keys(perRound).map((variant) => {
      const ratio = ratioTo(perRound, variant, baseline);
      return {
        variant,
        'median µs': (median(perRound[variant]!) * 1000).toFixed(1),
        [`× ${baseline}`]: ratio.median.toFixed(3),
        'IQR of round ratios': `${ratio.low.toFixed(3)}–${ratio.high.toFixed(3)}`,
        target: targets[variant] ? `≤ ${targets[variant].toFixed(2)}` : '',
      };
    }),
  );
  for (const [variant, target] of Object.entries(targets)) {
    const ratio = ratioTo(perRound, variant, baseline).median;
    verdicts.push([`${title.split(':')[0]}: ${variant} ≤ ${target.toFixed(2)}× ${baseline} (${ratio.toFixed(3)})`, ratio <= target]);
  }
}

// 2. CPU only: a fetch that answers from memory, the same body every time.
const body = JSON.stringify(SESSION);
const inMemory: typeof globalThis.fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
// client.raw too, for what the plugin costs: openapi-fetch's own work, then the same transport.
const raw = createCoordParkingClient({
  baseUrl: 'http://coord.invalid/v1/access/parking',
  accessKey: ACCESS_KEY,
  userToken: TOKEN,
  fetch: inMemory,
  plugins: [rawClient],
}).raw;
const cpu = await measureRounds(
  {
    ...clientsOver(inMemory, 'http://coord.invalid/v1/access/parking'),
    'coord-parking raw, validation off': async () => {
      await raw.GET('/{location_id}/session/{session_id}', { params: { path } });
    },
  },
  ROUNDS,
);
report('CPU: get_session with an in-memory fetch', cpu, 'bare openapi-fetch', {
  'coord-parking, validation off': 1.2,
  'coord-parking, strict': 1.3,
});

// 3. Loopback: a real HTTP exchange with a server in a worker thread.
const server = await startFixedServer(SESSION);
const baseUrl = `${server.origin}/v1/access/parking`;
const url = `${baseUrl}/lot-42/session/7?access_key=${ACCESS_KEY}`;
const loopback = await measureRounds(
  {
    'raw fetch': async () => {
      await (await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
    },
    ...clientsOver((input, init) => fetch(input, init), baseUrl),
  },
  ROUNDS,
);
await server.close();
report('Loopback: get_session against a server in a worker thread', loopback, 'bare openapi-fetch', {
  'coord-parking, validation off': 1.05,
  'coord-parking, strict': 1.1,
});

// 4. Validating a large list with the compiled validators, next to parsing it.
const list = Array.from({ length: 10_000 }, (_, i) => ({
  ...SESSION,
  id: i + 1,
  end_time: '2026-11-24T10:00:00.000Z',
  billing_info: { cost: { amount: 300, currency: 'USD' } },
}));
const listBody = JSON.stringify(list);
const validateList = operations.get_user_sessions.responses['200'].validate;
const parsed = JSON.parse(listBody);
if (!validateList(parsed)) throw new Error('the benchmark list is not valid');
const lists = await measureRounds(
  {
    'JSON.parse 10 000 sessions': () => JSON.parse(listBody),
    'validate 10 000 sessions': () => validateList(parsed),
  },
  { rounds: 7, roundMs: 400 },
);
const parseMs = median(lists['JSON.parse 10 000 sessions']!);
const validateMs = median(lists['validate 10 000 sessions']!);
console.log(
  `\n10 000-session list (${(listBody.length / 1e6).toFixed(1)} MB): JSON.parse ${parseMs.toFixed(2)} ms, ` +
    `validate ${validateMs.toFixed(2)} ms, validate/parse ${(validateMs / parseMs).toFixed(3)}`,
);
verdicts.push(['validating the list costs less than parsing it', validateMs < parseMs]);

console.log('');
for (const [target, met] of verdicts) console.log(`${met ? 'met   ' : 'MISSED'}  ${target}`);
