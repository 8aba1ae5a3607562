/**
 * The sandbox in process, with no port: its state (sessions, clock, tokens, limits) and one
 * handler for every request. Runs in Node and in browsers (no node: modules), so the msw
 * transport can serve it from a service worker; startSandbox() puts node:http in front of it.
 */
import { createSandboxCore, type SandboxHandler } from './core.ts';
import { toFetchHandler } from './fetch-handler.ts';
import { DEFAULT_LOCATIONS, type Location } from './locations.ts';
import { randomHex } from './random.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { SessionStore, type SessionLimits } from './store.ts';
import { TokenAuthority, type SandboxUser } from './tokens.ts';

export const SANDBOX_BASE_PATH = '/v1/access/parking';
/** The two users every sandbox has. Fixed ids, so that tokens minted with a fixed secret survive a restart. */
export const TEST_USER: SandboxUser = { id: '7e57e57e-0000-4000-8000-000000000001', test: true };
export const REGULAR_USER: SandboxUser = { id: '7e57e57e-0000-4000-8000-000000000002', test: false };

export interface SandboxOptions {
  /** Signs user tokens, 8 or more characters. Default: random per sandbox; fix it to keep tokens valid across restarts. */
  secret?: string;
  /** 8 or more characters. Default: random per sandbox. */
  accessKey?: string;
  locations?: Location[];
  /** Drives every timestamp (and token expiry); tests move it. */
  now?: () => Date;
  rateLimit?: RateLimitOptions;
  /** Bounds on open and stored sessions; each defaults as in DEFAULT_LIMITS. */
  limits?: Partial<SessionLimits>;
  /** The path below which the operations live. Default /v1/access/parking, like the live API's. */
  basePath?: string;
  /** Called with any failure the sandbox did not expect (a sandbox bug); the client gets a 500 problem. */
  onInternalError?: (error: unknown) => void;
}

export interface Sandbox {
  basePath: string;
  accessKey: string;
  /** A test user's token: may simulate redemptions. */
  testUserToken: string;
  /** A regular user's token. */
  userToken: string;
  /** A direct location: sessions start at once. */
  locationId: string;
  /** A gated location: sessions come back with a barcode. */
  gatedLocationId: string;
  limits: Readonly<SessionLimits>;
  /** The sandbox as a Fetch API handler (msw's resolvers return what it returns). */
  fetch(request: Request): Promise<Response>;
  /** The same handler on the core's own request shape, for transports that skip Request objects. */
  handle: SandboxHandler;
  /** Another token for any user, e.g. a second user, or one that expires soon. */
  mintToken(user: SandboxUser, lifetimeSeconds?: number): Promise<string>;
  sessionCount(): number;
  /** Forgets every session and rate-limit count (ids start at 1 again); credentials stay valid. */
  reset(): void;
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? (() => new Date());
  const locations = options.locations ?? DEFAULT_LOCATIONS;
  const accessKey = options.accessKey ?? `sk_sandbox_${randomHex(12)}`;
  // As the client and verify require: an empty key would let `?access_key=` in, a short one cannot be masked.
  credential('accessKey', accessKey);
  if (options.secret !== undefined) credential('secret', options.secret);
  const basePath = options.basePath ?? SANDBOX_BASE_PATH;
  const tokens = new TokenAuthority(options.secret, now);
  const store = new SessionStore(options.limits);
  const rateLimiter = options.rateLimit ? new RateLimiter(options.rateLimit, () => now().getTime()) : undefined;
  const handle = createSandboxCore({
    basePath,
    accessKey,
    tokens,
    rateLimiter,
    store,
    locations: new Map(locations.map((location) => [location.id, location])),
    now,
    onInternalError: options.onInternalError ?? ((error) => console.error('sandbox: internal error', error)),
  });
  return {
    basePath,
    accessKey,
    testUserToken: await tokens.mint(TEST_USER),
    userToken: await tokens.mint(REGULAR_USER),
    locationId: locations.find((l) => l.kind === 'direct')?.id ?? '',
    gatedLocationId: locations.find((l) => l.kind === 'gated')?.id ?? '',
    limits: store.limits,
    fetch: toFetchHandler(handle),
    handle,
    mintToken: (user, lifetimeSeconds) => tokens.mint(user, lifetimeSeconds),
    sessionCount: () => store.size,
    reset() {
      store.clear();
      rateLimiter?.clear();
    },
  };
}

/** A credential the sandbox is given: 8 or more characters, as every tool of this project requires. */
function credential(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim().length < 8) throw new RangeError(`${name} must be a string of 8 or more characters`);
}
