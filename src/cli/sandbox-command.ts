import { parseArgs } from 'node:util';
import { DEFAULT_TIME_LIMITS, type TimeLimits } from '../sandbox/node-server.ts';
import { DEFAULT_LIMITS, type SessionLimits } from '../sandbox/store.ts';
import { UsageError } from '../verify/errors.ts';

/** The sandbox's numeric bounds, each one flag: what it sets, its default, and what happens past it. */
const BOUNDS: { flag: string; option: keyof SessionLimits | keyof TimeLimits; byDefault: number; past: string }[] = [
  {
    flag: 'open-sessions-per-user',
    option: 'openSessionsPerUser',
    byDefault: DEFAULT_LIMITS.openSessionsPerUser,
    past: 'a new session is 409',
  },
  { flag: 'open-sessions', option: 'openSessions', byDefault: DEFAULT_LIMITS.openSessions, past: 'a new session is 409' },
  {
    flag: 'stored-sessions-per-user',
    option: 'storedSessionsPerUser',
    byDefault: DEFAULT_LIMITS.storedSessionsPerUser,
    past: 'the longest-ended is forgotten',
  },
  { flag: 'stored-sessions', option: 'storedSessions', byDefault: DEFAULT_LIMITS.storedSessions, past: 'the longest-ended is forgotten' },
  { flag: 'headers-timeout-ms', option: 'headersTimeoutMs', byDefault: DEFAULT_TIME_LIMITS.headersTimeoutMs, past: '408' },
  {
    flag: 'request-timeout-ms',
    option: 'requestTimeoutMs',
    byDefault: DEFAULT_TIME_LIMITS.requestTimeoutMs,
    past: '408 (a body that never ends)',
  },
  {
    flag: 'keep-alive-timeout-ms',
    option: 'keepAliveTimeoutMs',
    byDefault: DEFAULT_TIME_LIMITS.keepAliveTimeoutMs,
    past: 'an idle connection closes',
  },
];

export const SANDBOX_USAGE = `coord-parking sandbox [--port N] [--host 127.0.0.1] [--secret S] [--access-key K] [--json] [bounds]

Serves a stateful Coord Parking API on loopback until SIGINT or SIGTERM.
  --json        print one JSON line {baseUrl, accessKey, testUserToken, userToken, locationId, gatedLocationId, limits, timeLimits}
  --secret S    sign user tokens with S (or COORD_SANDBOX_SECRET), so tokens survive a restart
  -h, --help    print this help
  --version     print the package name and version
Bounds (default; past it):
${BOUNDS.map(({ flag, byDefault, past }) => `  --${`${flag} N`.padEnd(28)}${String(byDefault).padStart(6)}; ${past}`).join('\n')}`;

export async function sandboxCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      secret: { type: 'string' },
      'access-key': { type: 'string' },
      json: { type: 'boolean', default: false },
      ...Object.fromEntries(BOUNDS.map(({ flag }) => [flag, { type: 'string' as const }])),
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be 0..65535, got ${values.port}`);
  const given = values as Record<string, string | boolean | undefined>;
  const bounds = Object.fromEntries(
    BOUNDS.filter(({ flag }) => given[flag] !== undefined).map(({ flag, option }) => [option, positiveInteger(flag, String(given[flag]))]),
  ) as Partial<SessionLimits & TimeLimits>;
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, ...limits } = bounds;
  // Listen for the signals before announcing the server: whoever reads the announcement may
  // signal at once, and a signal with no listener yet kills the process uncleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // Loaded only to serve: --help and --version stay instant.
  const { startSandbox } = await import('../sandbox/index.ts');
  const sandbox = await startSandbox({
    port,
    host: values.host,
    secret: values.secret,
    accessKey: values['access-key'],
    limits,
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs,
  }).catch((error: unknown) => {
    // Bounds that contradict each other (stored below open, headers longer than the request).
    throw error instanceof RangeError ? new UsageError(error.message) : error;
  });
  const { baseUrl, accessKey, testUserToken, userToken, locationId, gatedLocationId, limits: inForce, timeLimits } = sandbox;
  if (values.json) {
    console.log(JSON.stringify({ baseUrl, accessKey, testUserToken, userToken, locationId, gatedLocationId, limits: inForce, timeLimits }));
  } else {
    const all: Record<string, number> = { ...inForce, ...timeLimits };
    console.log(`Coord Parking sandbox listening on ${baseUrl}

  access key          ${accessKey}
  test user token     ${testUserToken}
  regular user token  ${userToken}
  direct location     ${locationId}   (sessions start at once)
  gated location      ${gatedLocationId}  (sessions wait for a barcode scan)

Bounds (change with the flags in --help):
${BOUNDS.map(({ flag, option, past }) => `  ${flag.padEnd(26)}${String(all[option]).padStart(7)}  ${past}`).join('\n')}

Try it:
  curl -s -X POST '${baseUrl}/${locationId}/session?access_key=${accessKey}' \\
    -H 'Authorization: Bearer ${testUserToken}'

Stop with Ctrl-C.`);
  }
  await stopped;
  await sandbox.close();
  return 0;
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`--${flag} must be a positive integer, got ${text}`);
  return value;
}
