/**
 * npm run bench:sandbox — get_session through the sandbox under load, against a bare node:http
 * server answering one fixed JSON body (the ceiling for any Node server on this machine); the
 * same sandbox reached through its Fetch handler (a Request and a Response built per request,
 * as a literal Fetch core behind node:http would); and get_session with 100 000 stored sessions
 * against 10 (lookups must not grow with the store).
 *
 * autocannon runs in a worker thread; the servers take turns on the main thread, in rotated
 * order over several rounds, and each figure is the median of its rounds: the machine is shared.
 */
import autocannon from 'autocannon';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, REGULAR_USER, TEST_USER, type Sandbox } from '../src/sandbox/index.ts';
import { createSandboxServer, DEFAULT_TIME_LIMITS } from '../src/sandbox/node-server.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 20;
const USERS = 100;
const SESSIONS_PER_USER = 1_000;

/** A sandbox holding `perUser` ended sessions for each of `users` users, created through its own handler (no sockets). */
async function sandboxWith(users: number, perUser: number): Promise<{ sandbox: Sandbox; path: string; token: string }> {
  const sandbox = await createSandbox({ accessKey: 'sk_bench_0123456789abcdef', onInternalError: (error) => console.error(error) });
  const call = async (method: string, target: string, token: string) => {
    const request = { method, target, header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : undefined) };
    const noBody = { readBody: async () => ({ kind: 'complete', bytes: new Uint8Array() }) as const, discardBody() {} };
    const response = await sandbox.handle({ ...request, ...noBody });
    if (response.status !== 200) throw new Error(`${method} ${target}: ${response.status} ${response.body}`);
    return JSON.parse(response.body) as { id: number };
  };
  const query = `?access_key=${sandbox.accessKey}`;
  for (let u = 0; u < users; u++) {
    const user = u === 0 ? TEST_USER : { ...REGULAR_USER, id: `be7c0000-0000-4000-8000-${String(u).padStart(12, '0')}` };
    const token = await sandbox.mintToken(user);
    for (let i = 0; i < perUser; i++) {
      const { id } = await call('POST', `${sandbox.basePath}/lot-1/session${query}`, token);
      await call('PUT', `${sandbox.basePath}/lot-1/session/${id}/end${query}`, token);
    }
  }
  // The test user's middle session, so neither end of any structure is favoured.
  const id = Math.max(1, Math.floor(perUser / 2));
  return { sandbox, path: `${sandbox.basePath}/lot-1/session/${id}${query}`, token: sandbox.testUserToken };
}

function bareServer(): Server {
  const body = JSON.stringify({ id: 1, user_id: TEST_USER.id, location_id: 'lot-1', start_time: new Date().toISOString() });
  return createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
}

/** node:http → a Fetch Request → the sandbox's Fetch handler → a Response → node:http. */
function viaFetchHandler(sandbox: Sandbox): Server {
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const response = await sandbox.fetch(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers }));
    const body = await response.text();
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': Buffer.byteLength(body) }).end(body);
  });
}

async function load(server: Server, path: string, headers: Record<string, string> = {}): Promise<number> {
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
  return result.requests.average;
}

const small = await sandboxWith(1, 10);
const large = await sandboxWith(USERS, SESSIONS_PER_USER);
if (large.sandbox.sessionCount() !== USERS * SESSIONS_PER_USER) throw new Error(`stored ${large.sandbox.sessionCount()} sessions`);
const serve = (sandbox: Sandbox) => createSandboxServer(sandbox.handle, DEFAULT_TIME_LIMITS, (error) => console.error(error));
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

const RUNS: Record<string, () => Promise<number>> = {
  'bare node:http, fixed JSON': () => load(bareServer(), '/'),
  'sandbox, 10 sessions': () => load(serve(small.sandbox), small.path, auth(small.token)),
  'sandbox, 100 000 sessions': () => load(serve(large.sandbox), large.path, auth(large.token)),
  'sandbox via Fetch Request/Response, 10 sessions': () => load(viaFetchHandler(small.sandbox), small.path, auth(small.token)),
};
const names = Object.keys(RUNS);
const perRound: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const name of names.map((_, i) => names[(i + round) % names.length]!)) perRound[name]!.push(await RUNS[name]!());
}
const rps = Object.fromEntries(names.map((name) => [name, median(perRound[name]!)]));
const bare = rps['bare node:http, fixed JSON']!;

console.log(
  `\nget_session under load: ${CONNECTIONS} connections, ${DURATION_S} s per run, median of ${ROUNDS} rounds (${new Date().toISOString().slice(0, 10)}, node ${process.version})`,
);
console.table(names.map((name) => ({ server: name, 'req/s': Math.round(rps[name]!), '× bare': (rps[name]! / bare).toFixed(3) })));
const throughput = rps['sandbox, 10 sessions']! / bare;
// autocannon's latencies are whole milliseconds at this speed, so the mean time per request
// at a fixed concurrency (connections / throughput) is the finer measure of latency here.
const latencyRatio = rps['sandbox, 10 sessions']! / rps['sandbox, 100 000 sessions']!;
console.log(`throughput sandbox / bare: ${throughput.toFixed(3)} (target ≥ 0.5)`);
console.log(`latency 100 000 / 10 sessions: ${latencyRatio.toFixed(3)} (target ≤ 1.2)`);
console.log(`${throughput >= 0.5 ? 'met   ' : 'MISSED'}  sandbox throughput ≥ 0.5× bare node:http`);
console.log(`${latencyRatio <= 1.2 ? 'met   ' : 'MISSED'}  get_session latency with 100 000 sessions ≤ 1.2× with 10`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
