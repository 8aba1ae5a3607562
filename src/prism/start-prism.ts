import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The contract the client package ships (in this repository, spec/openapi.yaml itself). */
export const SPEC_PATH = fileURLToPath(import.meta.resolve('coord-parking/openapi.yaml'));

export interface PrismOptions {
  /** `mock` answers from the spec's examples; `proxy` forwards to `upstream` and reports violations. */
  mode: 'mock' | 'proxy';
  upstream?: string;
  /** Extra CLI flags, e.g. `--errors`. */
  flags?: string[];
  startupTimeoutMs?: number;
}

export interface RunningPrism {
  /** Prism serves the spec's paths at its root, without the server's `/v1/access/parking`. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts Stoplight Prism (a dev dependency) on a free loopback port and waits until it answers. */
export async function startPrism({ mode, upstream, flags = [], startupTimeoutMs = 30_000 }: PrismOptions): Promise<RunningPrism> {
  const bin = prismBin();
  const port = await freePort();
  const args = [bin, mode, SPEC_PATH, ...(mode === 'proxy' ? [upstream!] : []), '--host', '127.0.0.1', '--port', String(port), ...flags];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilListening(child, port, startupTimeoutMs, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { baseUrl, close: () => stop(child) };
}

/** Prism's entry script; throws with the install command when Prism (an optional peer) is not installed. */
export function prismBin(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  } catch {
    throw new Error('Prism is not installed: npm install --save-dev @stoplight/prism-cli');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilListening(child: ChildProcess, port: number, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode}:\n${output()}`);
    if (/Prism is listening/.test(output())) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Prism did not start on port ${port} within ${timeoutMs} ms:\n${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
