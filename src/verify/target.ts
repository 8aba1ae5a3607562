import { startPrism, type RunningPrism } from '../prism/start-prism.ts';
import { startSandbox, TEST_USER } from '../sandbox/index.ts';
import type { Capability } from './capabilities.ts';
import type { VerifyOptions } from './options.ts';

/** The server under test, however it was reached, with the credentials to use on it. */
export interface Target {
  kind: VerifyOptions['target'];
  /** What a report calls it, e.g. "embedded sandbox". */
  description: string;
  /** Where requests go: the target, or Prism's validation proxy in front of it. */
  baseUrl: string;
  /** The target itself, for requests that must not pass through Prism. */
  directBaseUrl: string;
  accessKey: string;
  /** A test user's token (may simulate redemptions). */
  token: string;
  /** A regular user's token, when one is configured: enables the 403 and the two-user checks. */
  nonTestToken: string | undefined;
  /** The test user's token as it is once expired: the same user and issuer, only past its `exp`. */
  expiredToken: string | undefined;
  locationId: string;
  gatedLocationId: string | undefined;
  /** What the checks may rely on; derived here, once, from how the target was reached. */
  capabilities: ReadonlySet<Capability>;
  /** The user's extra headers (`-H`), sent on every request; their values are secrets. */
  headers: [name: string, value: string][];
  close(): Promise<void>;
}

/** Starts (or connects to) the target the options name, with Prism in front if asked. */
export async function openTarget(options: VerifyOptions): Promise<Target> {
  const target: Target = { ...(await TARGETS[options.target](options)), headers: options.headers ?? [] };
  if (!options.viaPrism) return target;
  let proxy: RunningPrism;
  try {
    // Without --validate-request=false the proxy answers invalid requests itself instead of
    // forwarding them, and the target's own rejection would never be tested.
    proxy = await startPrism({ mode: 'proxy', upstream: target.directBaseUrl, flags: ['--validate-request=false'] });
  } catch (error) {
    await target.close();
    throw error;
  }
  return {
    ...target,
    description: `${target.description}, through Prism's validation proxy`,
    baseUrl: proxy.baseUrl,
    capabilities: new Set([...target.capabilities, 'prism proxy']),
    close: async () => {
      await proxy.close();
      await target.close();
    },
  };
}

/** What a target offers, from the credentials and locations it was given. */
function capabilitiesOf(target: Omit<Target, 'capabilities' | 'headers'>, behaves: boolean): Set<Capability> {
  const capabilities = new Set<Capability>();
  if (behaves) capabilities.add('behaviour');
  if (target.nonTestToken) capabilities.add('second user');
  if (target.gatedLocationId) capabilities.add('gated location');
  if (target.expiredToken) capabilities.add('expired token');
  return capabilities;
}

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

const TARGETS: Record<VerifyOptions['target'], (options: VerifyOptions) => Promise<Omit<Target, 'headers'>>> = {
  async sandbox() {
    // The sandbox's clock, set back while it mints the test user's token two hours ago: a token
    // like the valid one in every respect but that its hour is over.
    let clockOffsetMs = 0;
    const sandbox = await startSandbox({ onInternalError: () => {}, now: () => new Date(Date.now() + clockOffsetMs) });
    clockOffsetMs = -2 * TOKEN_LIFETIME_MS;
    const minting = sandbox.mintToken(TEST_USER);
    clockOffsetMs = 0;
    const target = {
      kind: 'sandbox' as const,
      description: `embedded sandbox at ${sandbox.baseUrl}`,
      baseUrl: sandbox.baseUrl,
      directBaseUrl: sandbox.baseUrl,
      accessKey: sandbox.accessKey,
      token: sandbox.testUserToken,
      nonTestToken: sandbox.userToken,
      expiredToken: await minting,
      locationId: sandbox.locationId,
      gatedLocationId: sandbox.gatedLocationId,
      close: () => sandbox.close(),
    };
    return { ...target, capabilities: capabilitiesOf(target, true) };
  },

  async mock() {
    const prism = await startPrism({ mode: 'mock' });
    const target = {
      kind: 'mock' as const,
      description: `Prism mock of spec/openapi.yaml at ${prism.baseUrl}`,
      baseUrl: prism.baseUrl,
      directBaseUrl: prism.baseUrl,
      // Prism checks that credentials are present, not what they are.
      accessKey: 'mock-access-key',
      token: 'mock.user.token',
      nonTestToken: undefined,
      expiredToken: undefined,
      locationId: 'lot-42',
      gatedLocationId: 'gate-7',
      close: () => prism.close(),
    };
    // Prism's mock answers from the contract's examples: it keeps nothing and checks no value.
    return { ...target, capabilities: capabilitiesOf(target, false) };
  },

  async url(options) {
    await assertReachable(options.baseUrl!, options.requestTimeoutMs);
    const target = {
      kind: 'url' as const,
      description: options.baseUrl!,
      baseUrl: options.baseUrl!,
      directBaseUrl: options.baseUrl!,
      accessKey: options.accessKey!,
      token: options.token!,
      nonTestToken: options.nonTestToken,
      expiredToken: options.expiredToken,
      locationId: options.location!,
      gatedLocationId: options.gatedLocation,
      close: async () => {},
    };
    return { ...target, capabilities: capabilitiesOf(target, true) };
  },
};

/** One request before the run, so that an unreachable server is one clear error rather than every check failing. */
async function assertReachable(baseUrl: string, timeoutMs: number): Promise<void> {
  try {
    // Never followed: a redirect would carry nothing secret here, but nothing else is either.
    const response = await fetch(baseUrl, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String((error as Error).cause ?? error);
    throw new Error(`cannot reach ${baseUrl}: ${cause}`);
  }
}
