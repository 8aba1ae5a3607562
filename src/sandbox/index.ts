import type { AddressInfo } from 'node:net';
import { createSandboxServer, DEFAULT_TIME_LIMITS, type TimeLimits } from './node-server.ts';
import { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.ts';

export interface StartSandboxOptions extends SandboxOptions, Partial<TimeLimits> {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningSandbox extends Sandbox {
  /** Includes the base path (/v1/access/parking), like the live API's. */
  baseUrl: string;
  timeLimits: Readonly<TimeLimits>;
  close(): Promise<void>;
}

/** The sandbox on a TCP port: createSandbox() behind node:http. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const onInternalError = options.onInternalError ?? ((error: unknown) => console.error('sandbox: internal error', error));
  const sandbox = await createSandbox({ ...options, secret: options.secret ?? process.env.COORD_SANDBOX_SECRET, onInternalError });
  const timeLimits: TimeLimits = {
    headersTimeoutMs: options.headersTimeoutMs ?? DEFAULT_TIME_LIMITS.headersTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_TIME_LIMITS.requestTimeoutMs,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULT_TIME_LIMITS.keepAliveTimeoutMs,
  };
  const server = createSandboxServer(sandbox.handle, timeLimits, onInternalError);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    ...sandbox,
    baseUrl: `http://${urlHost}:${port}${sandbox.basePath}`,
    timeLimits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { createSandbox, REGULAR_USER, SANDBOX_BASE_PATH, TEST_USER, type Sandbox, type SandboxOptions } from './sandbox.ts';
export { DEFAULT_TIME_LIMITS, type TimeLimits } from './node-server.ts';
export { DEFAULT_LIMITS, type SessionLimits } from './store.ts';
export { DEFAULT_LOCATIONS, priceOf, type Location } from './locations.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export type { SandboxUser } from './tokens.ts';
export type { SandboxRequest, SandboxResponse, BodyRead } from './exchange.ts';
export type { SandboxHandler } from './core.ts';
