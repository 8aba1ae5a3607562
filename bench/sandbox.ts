/**
 * npm run bench:sandbox — get_session through the sandbox, against a bare node:http server
 * answering one fixed JSON body (the ceiling for any Node server on this machine); and
 * get_session latency with 100 000 stored sessions against 10 (lookups must not grow with the
 * store). autocannon runs in a worker thread; the servers take turns on the main thread.
 */
import autocannon from 'autocannon';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LOCATIONS } from '../src/sandbox/locations.ts';
import { createSandboxServer } from '../src/sandbox/server.ts';
import { SessionStore } from '../src/sandbox/store.ts';
import { TokenAuthority } from '../src/sandbox/tokens.ts';
import { TEST_USER } from '../src/sandbox/index.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = 20;
const ACCESS_KEY = 'sk_bench_0123456789abcdef';

/** A sandbox server whose store is filled directly, so 100 000 sessions take no HTTP round trips. */
async function sandboxWith(sessions: number) {
  const now = () => new Date();
  const tokens = new TokenAuthority('bench-secret-0123456789', now);
  const store = new SessionStore();
  const [direct] = DEFAULT_LOCATIONS;
  for (let i = 0; i < sessions; i++) {
    const session = store.create({ user_id: TEST_USER.id, location_id: direct!.id, start_time: now().toISOString() });
    session.end_time = now().toISOString();
    store.close(session);
  }
  const server = createSandboxServer({
    basePath: '/v1/access/parking',
    accessKey: Buffer.from(ACCESS_KEY),
    tokens,
    rateLimiter: undefined,
    store,
    locations: new Map(DEFAULT_LOCATIONS.map((l) => [l.id, l])),
    now,
    onInternalError: (error) => console.error(error),
  });
  // The session looked up is the middle one, so neither end of any structure is favoured.
  const id = Math.max(1, Math.floor(sessions / 2));
  return { server, path: `/v1/access/parking/${direct!.id}/session/${id}?access_key=${ACCESS_KEY}`, token: await tokens.mint(TEST_USER) };
}

function bareServer(): Server {
  const body = JSON.stringify({ id: 1, user_id: TEST_USER.id, location_id: 'lot-1', start_time: new Date().toISOString() });
  return createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
}

async function load(server: Server, path: string, headers: Record<string, string> = {}) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    headers,
    connections: CONNECTIONS,
    duration: DURATION_S,
    workers: 1,
  });
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx and ${result.errors} errors on ${path}`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const bare = await load(bareServer(), '/');
const small = await sandboxWith(10);
const withTen = await load(small.server, small.path, { authorization: `Bearer ${small.token}` });
const large = await sandboxWith(100_000);
const withLots = await load(large.server, large.path, { authorization: `Bearer ${large.token}` });

console.log(
  `\nget_session under load: ${CONNECTIONS} connections, ${DURATION_S} s each (${new Date().toISOString().slice(0, 10)}, node ${process.version})`,
);
console.table([
  { server: 'bare node:http, fixed JSON', 'req/s': Math.round(bare.rps), 'p50 ms': bare.p50, 'p99 ms': bare.p99 },
  { server: 'sandbox, 10 sessions', 'req/s': Math.round(withTen.rps), 'p50 ms': withTen.p50, 'p99 ms': withTen.p99 },
  { server: 'sandbox, 100 000 sessions', 'req/s': Math.round(withLots.rps), 'p50 ms': withLots.p50, 'p99 ms': withLots.p99 },
]);
const throughput = withTen.rps / bare.rps;
// autocannon's latencies are whole milliseconds at this speed, so the mean time per request
// at a fixed concurrency (connections / throughput) is the finer measure of latency here.
const latencyRatio = withTen.rps / withLots.rps;
console.log(`throughput sandbox / bare: ${throughput.toFixed(3)} (target ≥ 0.5)`);
console.log(`latency 100 000 / 10 sessions: ${latencyRatio.toFixed(3)} (target ≤ 1.2)`);
console.log(`${throughput >= 0.5 ? 'met   ' : 'MISSED'}  sandbox throughput ≥ 0.5× bare node:http`);
console.log(`${latencyRatio <= 1.2 ? 'met   ' : 'MISSED'}  get_session latency with 100 000 sessions ≤ 1.2× with 10`);
