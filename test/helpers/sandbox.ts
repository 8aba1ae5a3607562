import { createCoordParkingClient, type CoordParkingClient } from '../../src/index.ts';
import { REGULAR_USER, startSandbox, TEST_USER, type RunningSandbox, type StartSandboxOptions } from '../../src/sandbox/index.ts';
import type { UserTokenSource } from '../../src/client/options.ts';
import { rawClient, type RawClient } from '../../src/raw.ts';
import { responseValidation } from '../../src/validation.ts';

/** A client with `raw` too, for requests the domain API would refuse to send. */
export type SandboxClient = CoordParkingClient & { raw: RawClient };

export interface SandboxFixture {
  sandbox: RunningSandbox;
  /** The test user's client, validating every response strictly. */
  tester: SandboxClient;
  /** The regular user's client, validating every response strictly. */
  regular: SandboxClient;
  clientFor(token: UserTokenSource | undefined, accessKey?: string): SandboxClient;
}

/**
 * A sandbox with strict clients for its two users; retries off so each call is one request.
 * The clients mint a fresh token per request, as apps refresh theirs, so tests may move the
 * sandbox's clock past a token's hour.
 */
export async function startSandboxFixture(options: StartSandboxOptions = {}): Promise<SandboxFixture> {
  const sandbox = await startSandbox({ onInternalError: (error) => console.error(error), ...options });
  const clientFor = (token: UserTokenSource | undefined, accessKey = sandbox.accessKey) =>
    createCoordParkingClient({
      baseUrl: sandbox.baseUrl,
      accessKey,
      userToken: token,
      validateResponses: responseValidation('strict'),
      retry: false,
      plugins: [rawClient],
    });
  return {
    sandbox,
    tester: clientFor(() => sandbox.mintToken(TEST_USER)),
    regular: clientFor(() => sandbox.mintToken(REGULAR_USER)),
    clientFor,
  };
}
