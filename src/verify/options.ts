import { parseArgs } from 'node:util';

export interface VerifyOptions {
  target: 'sandbox' | 'mock' | 'url';
  baseUrl?: string;
  accessKey?: string;
  /** A test user's token. */
  token?: string;
  nonTestToken?: string;
  /** The test user's token once expired, for the expiry check against a server of one's own. */
  expiredToken?: string;
  location?: string;
  gatedLocation?: string;
  viaPrism: boolean;
  reporter: 'spec' | 'junit' | 'json';
  /** Where to write a report: `.md` or `.html`. */
  report?: string;
  seed: number;
  /** Generated requests per operation and check. */
  runs: number;
  bail: boolean;
  /** Per request, in every driver, body included. */
  requestTimeoutMs: number;
  /** A larger response body is a failure, never read further. */
  maxResponseBytes: number;
  /** The whole run, in milliseconds; what is left when it is over is not covered. `undefined`: no limit. */
  maxTimeMs?: number;
}

export const VERIFY_USAGE = `coord-parking verify [--target sandbox|mock|url] [options]

Checks a server against the contract (spec/openapi.yaml) and prints operations × checks.
  --target T           sandbox (default: starts the embedded one), mock (Prism's mock), url (any server)
  --base-url U         the server's base URL, e.g. https://staging.example/v1/access/parking  (COORD_BASE_URL; implies url)
  --access-key K       (COORD_ACCESS_KEY)
  --token T            a test user's JWT (COORD_USER_TOKEN)
  --non-test-token T   a regular user's JWT: enables the 403 and two-user checks (COORD_NON_TEST_USER_TOKEN)
  --expired-token T    the test user's JWT once expired: enables the expiry check (COORD_EXPIRED_USER_TOKEN)
  --location L         a location whose sessions start at once (COORD_LOCATION_ID)
  --gated-location L   a location that issues barcodes (COORD_GATED_LOCATION_ID)
  --via-prism          also put Prism's validation proxy in front and fail on what it reports
  --reporter R         spec (default), junit or json, on stdout; the matrix then goes to stderr
  --report FILE        also write the results as FILE.md or FILE.html
  --seed N             replay generated data; --runs N per operation and check (default 25)
  --bail               stop at the first failing check
  --request-timeout-ms N   per request, body included (default 10000)
  --max-response-bytes N   a larger response body fails, unread (default 1048576)
  --max-time S         stop after S seconds; what did not run is reported not covered
Redirects are never followed. Exit status 0 if and only if every check held.`;

export class UsageError extends Error {}

const ENV: Record<string, keyof VerifyOptions> = {
  COORD_BASE_URL: 'baseUrl',
  COORD_ACCESS_KEY: 'accessKey',
  COORD_USER_TOKEN: 'token',
  COORD_NON_TEST_USER_TOKEN: 'nonTestToken',
  COORD_EXPIRED_USER_TOKEN: 'expiredToken',
  COORD_LOCATION_ID: 'location',
  COORD_GATED_LOCATION_ID: 'gatedLocation',
};

/** Flags first, then the environment; every default and every check of the options is here. */
export function parseVerifyOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): VerifyOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string' },
      'base-url': { type: 'string' },
      'access-key': { type: 'string' },
      token: { type: 'string' },
      'non-test-token': { type: 'string' },
      'expired-token': { type: 'string' },
      location: { type: 'string' },
      'gated-location': { type: 'string' },
      'via-prism': { type: 'boolean', default: false },
      reporter: { type: 'string', default: 'spec' },
      report: { type: 'string' },
      seed: { type: 'string' },
      runs: { type: 'string', default: '25' },
      bail: { type: 'boolean', default: false },
      'request-timeout-ms': { type: 'string', default: '10000' },
      'max-response-bytes': { type: 'string', default: String(1024 * 1024) },
      'max-time': { type: 'string' },
    },
  });
  const fromEnv = (name: string) => (env[name] === '' ? undefined : env[name]);
  const pick = (flag: string | undefined, variable: string) => flag ?? fromEnv(variable);
  const options: VerifyOptions = {
    target: (values.target ?? (pick(values['base-url'], 'COORD_BASE_URL') ? 'url' : 'sandbox')) as VerifyOptions['target'],
    baseUrl: pick(values['base-url'], 'COORD_BASE_URL')?.replace(/\/+$/, ''),
    accessKey: pick(values['access-key'], 'COORD_ACCESS_KEY'),
    token: pick(values.token, 'COORD_USER_TOKEN'),
    nonTestToken: pick(values['non-test-token'], 'COORD_NON_TEST_USER_TOKEN'),
    expiredToken: pick(values['expired-token'], 'COORD_EXPIRED_USER_TOKEN'),
    location: pick(values.location, 'COORD_LOCATION_ID'),
    gatedLocation: pick(values['gated-location'], 'COORD_GATED_LOCATION_ID'),
    viaPrism: values['via-prism'],
    reporter: values.reporter as VerifyOptions['reporter'],
    report: values.report,
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed),
    runs: Number(values.runs),
    bail: values.bail,
    requestTimeoutMs: Number(values['request-timeout-ms']),
    maxResponseBytes: Number(values['max-response-bytes']),
    maxTimeMs: values['max-time'] === undefined ? undefined : Number(values['max-time']) * 1000,
  };
  if (!['sandbox', 'mock', 'url'].includes(options.target))
    throw new UsageError(`--target must be sandbox, mock or url, not ${options.target}`);
  if (!['spec', 'junit', 'json'].includes(options.reporter))
    throw new UsageError(`--reporter must be spec, junit or json, not ${options.reporter}`);
  if (options.report && !/\.(md|html)$/.test(options.report)) throw new UsageError('--report must name a .md or .html file');
  if (!Number.isInteger(options.seed)) throw new UsageError('--seed must be an integer');
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new UsageError('--runs must be a positive integer');
  if (!(options.requestTimeoutMs > 0)) throw new UsageError('--request-timeout-ms must be a positive number');
  if (!Number.isInteger(options.maxResponseBytes) || options.maxResponseBytes < 1)
    throw new UsageError('--max-response-bytes must be a positive integer');
  if (options.maxTimeMs !== undefined && !(options.maxTimeMs > 0)) throw new UsageError('--max-time must be a positive number of seconds');
  const expiresAt = options.expiredToken === undefined ? undefined : jwtExpiry(options.expiredToken);
  if (expiresAt !== undefined && expiresAt > Date.now())
    throw new UsageError(`--expired-token has not expired yet (exp ${new Date(expiresAt).toISOString()})`);
  if (options.target === 'url') {
    const missing = (['baseUrl', 'accessKey', 'token', 'location'] as const).filter((key) => !options[key]);
    if (missing.length > 0) {
      const names = missing.map(
        (key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} (${Object.keys(ENV).find((name) => ENV[name] === key)})`,
      );
      throw new UsageError(`--target url needs ${names.join(', ')}`);
    }
    try {
      new URL(options.baseUrl!);
    } catch {
      throw new UsageError(`--base-url is not a URL: ${options.baseUrl}`);
    }
  }
  return options;
}

/** A JWT's `exp` in milliseconds, read without verifying it; undefined when it has none or is no JWT. */
function jwtExpiry(token: string): number | undefined {
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
