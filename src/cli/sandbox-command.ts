import { parseArgs } from 'node:util';
import { UsageError } from '../verify/errors.ts';

export const SANDBOX_USAGE = `coord-parking sandbox [--port N] [--host 127.0.0.1] [--secret S] [--access-key K] [--json]

Serves a stateful Coord Parking API on loopback until SIGINT or SIGTERM.
  --json        print one JSON line {baseUrl, accessKey, testUserToken, userToken, locationId, gatedLocationId}
  --secret S    sign user tokens with S (or COORD_SANDBOX_SECRET), so tokens survive a restart
  -h, --help    print this help
  --version     print the package name and version`;

export async function sandboxCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      secret: { type: 'string' },
      'access-key': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be 0..65535, got ${values.port}`);
  // Listen for the signals before announcing the server: whoever reads the announcement may
  // signal at once, and a signal with no listener yet kills the process uncleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // Loaded only to serve: --help and --version stay instant.
  const { startSandbox } = await import('../sandbox/index.ts');
  const sandbox = await startSandbox({ port, host: values.host, secret: values.secret, accessKey: values['access-key'] });
  const { baseUrl, accessKey, testUserToken, userToken, locationId, gatedLocationId } = sandbox;
  if (values.json) {
    console.log(JSON.stringify({ baseUrl, accessKey, testUserToken, userToken, locationId, gatedLocationId }));
  } else {
    console.log(`Coord Parking sandbox listening on ${baseUrl}

  access key          ${accessKey}
  test user token     ${testUserToken}
  regular user token  ${userToken}
  direct location     ${locationId}   (sessions start at once)
  gated location      ${gatedLocationId}  (sessions wait for a barcode scan)

Try it:
  curl -s -X POST '${baseUrl}/${locationId}/session?access_key=${accessKey}' \\
    -H 'Authorization: Bearer ${testUserToken}'

Stop with Ctrl-C.`);
  }
  await stopped;
  await sandbox.close();
  return 0;
}
