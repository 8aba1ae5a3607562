/**
 * npm run bench:sandbox — get_session through the sandbox under load, against a bare node:http
 * server answering one fixed JSON body (the ceiling for any Node server on this machine); the
 * same sandbox reached through its Fetch handler (a Request and a Response built per request,
 * as a literal Fetch core behind node:http would); and get_session with 100 000 stored sessions
 * against 10 (lookups must not grow with the store).
 *
 * Each server runs in its own process (bench/sandbox-server.ts), and takes turns under
 * autocannon in rotated order over several rounds; each figure is the median of its rounds.
 * Two measures: requests per second, and the server's CPU time per request. On a machine shared
 * with other work the first swings with their load; the second hardly does, and it is what
 * throughput would be on an idle machine (the servers are single-threaded, so throughput at
 * saturation is 1 / CPU time per request). The targets are judged on CPU time.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { SERVER_KINDS, type ServerKind, type Target } from './sandbox-server.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONNECTIONS = 20;
const LABELS: Record<ServerKind, string> = {
  bare: 'bare node:http, fixed JSON',
  'sandbox-10': 'sandbox, 10 sessions',
  'sandbox-100000': 'sandbox, 100 000 sessions',
  'fetch-handler-10': 'sandbox via Fetch Request/Response, 10 sessions',
};

async function startServer(kind: ServerKind): Promise<{ child: ChildProcess; target: Target }> {
  const child = fork(new URL('./sandbox-server.ts', import.meta.url), [kind], { execArgv: ['--import', 'tsx'] });
  const [{ target }] = (await once(child, 'message')) as [{ target: Target }];
  return { child, target };
}

async function measure({ child, target }: { child: ChildProcess; target: Target }) {
  child.send('measure');
  await once(child, 'message');
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    headers: target.headers,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
  child.send('measure');
  const [{ cpuMicros }] = (await once(child, 'message')) as [{ cpuMicros: number }];
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx and ${result.errors} errors on ${target.path}`);
  return { rps: result.requests.average, cpuMicrosPerRequest: cpuMicros / result.requests.total };
}

const servers = Object.fromEntries(await Promise.all(SERVER_KINDS.map(async (kind) => [kind, await startServer(kind)] as const))) as Record<
  ServerKind,
  Awaited<ReturnType<typeof startServer>>
>;
const rounds: Record<ServerKind, { rps: number; cpuMicrosPerRequest: number }[]> = Object.fromEntries(
  SERVER_KINDS.map((kind) => [kind, []]),
) as never;
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of SERVER_KINDS.map((_, i) => SERVER_KINDS[(i + round) % SERVER_KINDS.length]!)) {
    rounds[kind].push(await measure(servers[kind]));
  }
}
for (const { child } of Object.values(servers)) child.send('exit');

const rps = (kind: ServerKind) => median(rounds[kind].map((r) => r.rps));
const cpu = (kind: ServerKind) => median(rounds[kind].map((r) => r.cpuMicrosPerRequest));
console.log(
  `\nget_session under load: ${CONNECTIONS} connections, ${DURATION_S} s per run, median of ${ROUNDS} rounds (${new Date().toISOString().slice(0, 10)}, node ${process.version})`,
);
console.table(
  SERVER_KINDS.map((kind) => ({
    server: LABELS[kind],
    'req/s': Math.round(rps(kind)),
    '× bare': (rps(kind) / rps('bare')).toFixed(3),
    'CPU µs/req': cpu(kind).toFixed(1),
    'throughput by CPU, × bare': (cpu('bare') / cpu(kind)).toFixed(3),
  })),
);
const throughput = cpu('bare') / cpu('sandbox-10');
const latencyRatio = cpu('sandbox-100000') / cpu('sandbox-10');
console.log(
  `throughput sandbox / bare, by CPU time per request: ${throughput.toFixed(3)} (target ≥ 0.5); by req/s: ${(rps('sandbox-10') / rps('bare')).toFixed(3)}`,
);
console.log(
  `latency 100 000 / 10 sessions, by CPU time per request: ${latencyRatio.toFixed(3)} (target ≤ 1.2); by req/s: ${(rps('sandbox-10') / rps('sandbox-100000')).toFixed(3)}`,
);
console.log(`${throughput >= 0.5 ? 'met   ' : 'MISSED'}  sandbox throughput ≥ 0.5× bare node:http`);
console.log(`${latencyRatio <= 1.2 ? 'met   ' : 'MISSED'}  get_session latency with 100 000 sessions ≤ 1.2× with 10`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
