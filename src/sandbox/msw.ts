/**
 * `coord-parking-testing/msw`: the sandbox as Mock Service Worker handlers, for app tests with
 * no port: in Node (`msw/node` intercepts fetch, http and XMLHttpRequest) and in a browser (msw's
 * service worker hands each request to the page, where the sandbox keeps its state).
 *
 * The handlers own their base URL: that origin, at the base path and below. Every request there
 * is the sandbox's to answer, an unknown path included (its 404 problem, as over node:http and
 * as the live API would): none passes through to the network, where it would carry an access
 * key and a user token to a real server. Requests elsewhere, on the same origin too, are left to
 * msw's `onUnhandledRequest`, for which the returned `onUnhandledRequest` is made. msw is this
 * entry's peer dependency, and no other entry imports it.
 */
import { http, type HttpHandler } from 'msw';
import { DEFAULT_BASE_URL } from 'coord-parking';
import { Redactor } from 'coord-parking/redactor';
import { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.ts';

export interface SandboxHandlersOptions extends Omit<SandboxOptions, 'basePath'> {
  /** Where the sandbox answers, with or without a trailing slash. Default: the client's, https://api.coord.co/v1/access/parking. */
  baseUrl?: string;
}

export interface SandboxHandlers extends Pick<
  Sandbox,
  'accessKey' | 'testUserToken' | 'userToken' | 'locationId' | 'gatedLocationId' | 'limits' | 'mintToken' | 'sessionCount' | 'reset'
> {
  /** For `setupServer(...handlers)`, `setupWorker(...handlers)` or `server.use(...handlers)`. */
  handlers: HttpHandler[];
  /** The base URL answered, without a trailing slash: give it to the client when it is not the default. */
  baseUrl: string;
  /**
   * For msw's `onUnhandledRequest`: msw's own `'error'` and `'warn'` print the whole URL and body,
   * and an app that sends its Coord requests to another base URL puts its access key in that URL.
   * This prints the method and the URL with `access_key` masked, never the body, and fails the request.
   */
  onUnhandledRequest: (request: Request) => void;
}

/**
 * A sandbox in process and msw handlers that serve it. Its state lives as long as the returned
 * object: `server.resetHandlers()` keeps it (it only drops handlers added with `server.use`);
 * `reset()` forgets every session and rate-limit count, and the credentials stay valid.
 */
export async function sandboxHandlers(options: SandboxHandlersOptions = {}): Promise<SandboxHandlers> {
  const { baseUrl: given = DEFAULT_BASE_URL, ...sandboxOptions } = options;
  const scope = scopeOf(given);
  const sandbox = await createSandbox({ ...sandboxOptions, basePath: scope.basePath });
  const handler = http.all(
    ({ request }) => scope.owns(new URL(request.url)),
    ({ request }) => sandbox.fetch(request),
  );
  return {
    handlers: [handler],
    baseUrl: `${scope.origin}${scope.basePath}`,
    onUnhandledRequest: (request) => {
      const message = `[coord-parking] no msw handler for ${request.method} ${new Redactor().url(request.url)} (the sandbox answers at ${scope.origin}${scope.basePath})`;
      console.error(message);
      // msw answers the request with this error, as a 500: the app's call fails, as it must.
      throw new Error(message);
    },
    accessKey: sandbox.accessKey,
    testUserToken: sandbox.testUserToken,
    userToken: sandbox.userToken,
    locationId: sandbox.locationId,
    gatedLocationId: sandbox.gatedLocationId,
    limits: sandbox.limits,
    mintToken: sandbox.mintToken,
    sessionCount: sandbox.sessionCount,
    reset: sandbox.reset,
  };
}

/** The origin and the path (trailing slashes dropped) that a base URL covers, as the client reads it. */
function scopeOf(baseUrl: string): { origin: string; basePath: string; owns(url: URL): boolean } {
  let base: URL | undefined;
  try {
    base = new URL(baseUrl);
  } catch {}
  // The value is not repeated in the error: a URL may carry credentials.
  if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:'))
    throw new TypeError('sandboxHandlers: baseUrl must be an absolute http(s) URL');
  if (base.search || base.hash || base.username || base.password)
    throw new TypeError('sandboxHandlers: baseUrl must have no query, fragment or credentials');
  const basePath = base.pathname.replace(/\/+$/, '');
  return {
    origin: base.origin,
    basePath,
    owns: (url) => url.origin === base.origin && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)),
  };
}

export { REGULAR_USER, TEST_USER, type SandboxOptions } from './sandbox.ts';
export { DEFAULT_LOCATIONS, priceOf, type Location } from './locations.ts';
export { DEFAULT_LIMITS, type SessionLimits } from './store.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export type { SandboxUser } from './tokens.ts';
