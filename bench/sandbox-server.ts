/**
 * One server of `npm run bench:sandbox`, in its own process so that its CPU time is its own:
 * `node --import tsx bench/sandbox-server.ts <kind>`. Tells the parent (over IPC) where to send
 * load, then answers each 'measure' with the CPU time it spent since the previous one.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, REGULAR_USER, TEST_USER, type Sandbox } from '../src/sandbox/index.ts';
import { createSandboxServer, DEFAULT_TIME_LIMITS } from '../src/sandbox/node-server.ts';

export const SERVER_KINDS = ['bare', 'sandbox-10', 'sandbox-100000', 'fetch-handler-10'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];
export interface Target {
  port: number;
  path: string;
  headers: Record<string, string>;
}

/** A sandbox holding `perUser` ended sessions for each of `users` users, created through its own handler (no sockets). */
async function sandboxWith(users: number, perUser: number): Promise<{ sandbox: Sandbox; path: string }> {
  const sandbox = await createSandbox({ accessKey: 'sk_bench_0123456789abcdef', onInternalError: (error) => console.error(error) });
  const query = `?access_key=${sandbox.accessKey}`;
  const call = async (method: string, target: string, token: string) => {
    const response = await sandbox.handle({
      method,
      target,
      header: (name) => (name === 'authorization' ? `Bearer ${token}` : undefined),
      readBody: async () => ({ kind: 'complete', bytes: new Uint8Array() }),
      discardBody() {},
    });
    if (response.status !== 200) throw new Error(`${method} ${target}: ${response.status} ${response.body}`);
    return JSON.parse(response.body) as { id: number };
  };
  for (let u = 0; u < users; u++) {
    const user = u === 0 ? TEST_USER : { ...REGULAR_USER, id: `be7c0000-0000-4000-8000-${String(u).padStart(12, '0')}` };
    const token = await sandbox.mintToken(user);
    for (let i = 0; i < perUser; i++) {
      const { id } = await call('POST', `${sandbox.basePath}/lot-1/session${query}`, token);
      await call('PUT', `${sandbox.basePath}/lot-1/session/${id}/end${query}`, token);
    }
  }
  if (sandbox.sessionCount() !== users * perUser) throw new Error(`stored ${sandbox.sessionCount()} sessions`);
  // The test user's middle session, so neither end of any structure is favoured.
  return { sandbox, path: `${sandbox.basePath}/lot-1/session/${Math.max(1, Math.floor(perUser / 2))}${query}` };
}

function bareServer(): Server {
  const body = JSON.stringify({ id: 1, user_id: TEST_USER.id, location_id: 'lot-1', start_time: new Date().toISOString() });
  return createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
}

/** node:http → a Fetch Request → the sandbox's Fetch handler → a Response → node:http: a literal Fetch core. */
function viaFetchHandler(sandbox: Sandbox): Server {
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const response = await sandbox.fetch(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers }));
    const body = await response.text();
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': Buffer.byteLength(body) }).end(body);
  });
}

async function build(kind: ServerKind): Promise<{ server: Server; path: string; token?: string }> {
  if (kind === 'bare') return { server: bareServer(), path: '/' };
  const { sandbox, path } = kind === 'sandbox-100000' ? await sandboxWith(100, 1_000) : await sandboxWith(1, 10);
  const server =
    kind === 'fetch-handler-10' ? viaFetchHandler(sandbox) : createSandboxServer(sandbox.handle, DEFAULT_TIME_LIMITS, console.error);
  return { server, path, token: sandbox.testUserToken };
}

if (process.send) {
  const { server, path, token } = await build(process.argv[2] as ServerKind);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target: Target = { port: (server.address() as AddressInfo).port, path, headers: token ? { authorization: `Bearer ${token}` } : {} };
  let since = process.cpuUsage();
  process.on('message', (message) => {
    if (message === 'measure') {
      const { user, system } = process.cpuUsage(since);
      since = process.cpuUsage();
      process.send!({ cpuMicros: user + system });
    } else if (message === 'exit') {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    }
  });
  process.send({ target });
}
