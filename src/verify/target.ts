import { startPrism, type RunningPrism } from '../prism/start-prism.ts';
import { startSandbox } from '../sandbox/index.ts';
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
  locationId: string;
  gatedLocationId: string | undefined;
  /** False for Prism's mock: it forgets everything, so stateful checks are skipped. */
  stateful: boolean;
  viaPrism: boolean;
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
    viaPrism: true,
    close: async () => {
      await proxy.close();
      await target.close();
    },
  };
}

const TARGETS: Record<VerifyOptions['target'], (options: VerifyOptions) => Promise<Omit<Target, 'headers'>>> = {
  async sandbox() {
    const sandbox = await startSandbox({ onInternalError: () => {} });
    return {
      kind: 'sandbox',
      description: `embedded sandbox at ${sandbox.baseUrl}`,
      baseUrl: sandbox.baseUrl,
      directBaseUrl: sandbox.baseUrl,
      accessKey: sandbox.accessKey,
      token: sandbox.testUserToken,
      nonTestToken: sandbox.userToken,
      locationId: sandbox.locationId,
      gatedLocationId: sandbox.gatedLocationId,
      stateful: true,
      viaPrism: false,
      close: () => sandbox.close(),
    };
  },

  async mock() {
    const prism = await startPrism({ mode: 'mock' });
    return {
      kind: 'mock',
      description: `Prism mock of spec/openapi.yaml at ${prism.baseUrl}`,
      baseUrl: prism.baseUrl,
      directBaseUrl: prism.baseUrl,
      // Prism checks that credentials are present, not what they are.
      accessKey: 'mock-access-key',
      token: 'mock.user.token',
      nonTestToken: undefined,
      locationId: 'lot-42',
      gatedLocationId: 'gate-7',
      stateful: false,
      viaPrism: false,
      close: () => prism.close(),
    };
  },

  async url(options) {
    await assertReachable(options.baseUrl!, options.requestTimeoutMs);
    return {
      kind: 'url',
      description: options.baseUrl!,
      baseUrl: options.baseUrl!,
      directBaseUrl: options.baseUrl!,
      accessKey: options.accessKey!,
      token: options.token!,
      nonTestToken: options.nonTestToken,
      locationId: options.location!,
      gatedLocationId: options.gatedLocation,
      stateful: true,
      viaPrism: false,
      close: async () => {},
    };
  },
};

/** One request before the run, so that an unreachable server is one clear error rather than every check failing. */
async function assertReachable(baseUrl: string, timeoutMs: number): Promise<void> {
  try {
    const response = await fetch(baseUrl, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String((error as Error).cause ?? error);
    throw new Error(`cannot reach ${baseUrl}: ${cause}`);
  }
}
