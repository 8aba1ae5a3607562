import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LOCATIONS, type Location } from './locations.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { createSandboxServer } from './server.ts';
import { SessionStore } from './store.ts';
import { TokenAuthority, type SandboxUser } from './tokens.ts';

export const SANDBOX_BASE_PATH = '/v1/access/parking';
/** The two users every sandbox has. Fixed ids, so that tokens minted with a fixed secret survive a restart. */
export const TEST_USER: SandboxUser = { id: '7e57e57e-0000-4000-8000-000000000001', test: true };
export const REGULAR_USER: SandboxUser = { id: '7e57e57e-0000-4000-8000-000000000002', test: false };

export interface SandboxOptions {
  /** Default 0: a free port. */
  port?: number;
  host?: string;
  /** Signs user tokens. Default: random per start; fix it (or COORD_SANDBOX_SECRET) to keep tokens valid across restarts. */
  secret?: string;
  /** Default: random per start. */
  accessKey?: string;
  locations?: Location[];
  /** Drives every timestamp (and token expiry); tests move it. */
  now?: () => Date;
  rateLimit?: RateLimitOptions;
  onInternalError?: (error: unknown) => void;
}

export interface RunningSandbox {
  /** Includes /v1/access/parking, like the live API's. */
  baseUrl: string;
  accessKey: string;
  /** A test user's token: may simulate redemptions. */
  testUserToken: string;
  /** A regular user's token. */
  userToken: string;
  /** A direct location: sessions start at once. */
  locationId: string;
  /** A gated location: sessions come back with a barcode. */
  gatedLocationId: string;
  /** Another token for any user, e.g. a second user, or one that expires soon. */
  mintToken(user: SandboxUser, lifetimeSeconds?: number): Promise<string>;
  sessionCount(): number;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const now = options.now ?? (() => new Date());
  const locations = options.locations ?? DEFAULT_LOCATIONS;
  const accessKey = options.accessKey ?? `sk_sandbox_${randomBytes(12).toString('hex')}`;
  const tokens = new TokenAuthority(options.secret ?? process.env.COORD_SANDBOX_SECRET, now);
  const store = new SessionStore();
  const server = createSandboxServer({
    basePath: SANDBOX_BASE_PATH,
    accessKey: Buffer.from(accessKey),
    tokens,
    rateLimiter: options.rateLimit ? new RateLimiter(options.rateLimit, () => now().getTime()) : undefined,
    store,
    locations: new Map(locations.map((location) => [location.id, location])),
    now,
    onInternalError: options.onInternalError ?? ((error) => console.error('sandbox: internal error', error)),
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    baseUrl: `http://${urlHost}:${port}${SANDBOX_BASE_PATH}`,
    accessKey,
    testUserToken: await tokens.mint(TEST_USER),
    userToken: await tokens.mint(REGULAR_USER),
    locationId: locations.find((l) => l.kind === 'direct')?.id ?? '',
    gatedLocationId: locations.find((l) => l.kind === 'gated')?.id ?? '',
    mintToken: (user, lifetimeSeconds) => tokens.mint(user, lifetimeSeconds),
    sessionCount: () => store.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type { Location, RateLimitOptions, SandboxUser };
export { DEFAULT_LOCATIONS, priceOf } from './locations.ts';
