/**
 * The README's client example, examples/quick-start.ts exactly as the README shows it, run
 * against the sandbox through msw/node: the client keeps its default base URL
 * (https://api.coord.co/v1/access/parking), no port is opened, and any request msw did not
 * hand to the sandbox would fail the run (this machine cannot reach api.coord.co either).
 *
 * The example declares what an app provides (the user's token, the barcode on screen, the user
 * leaving); this test defines them as globals before importing it, once per path it takes.
 */
import assert from 'node:assert/strict';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { createCoordParkingClient } from '../../src/index.ts';
import { sandboxHandlers, TEST_USER, type Location, type SandboxHandlers } from '../../src/sandbox/msw.ts';

const LOT = 'lot-42';

/** What the example calls but does not define. */
interface AppGlobals {
  currentUserJwt(): Promise<string>;
  showBarcode(data: string): void;
  userLeaves(): Promise<void>;
}
const app = globalThis as unknown as Partial<AppGlobals>;

describe('msw: the README client example against the sandbox in process', () => {
  let clock = Date.parse('2026-11-24T09:00:00.000Z');
  const server = setupServer();
  const printed: string[] = [];
  const warned: string[] = [];
  const { log, warn } = console;
  let runs = 0;
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  after(() => server.close());
  afterEach(() => {
    Object.assign(console, { log, warn });
    delete process.env.COORD_ACCESS_KEY;
    for (const name of ['currentUserJwt', 'showBarcode', 'userLeaves'] as const) delete app[name];
    server.resetHandlers();
  });

  /** A sandbox whose one location is the example's lot-42, of this kind, and the app's globals for its test user. */
  async function sandboxWith(kind: Location['kind']): Promise<SandboxHandlers> {
    const sandbox = await sandboxHandlers({
      now: () => new Date(clock),
      locations: [{ id: LOT, kind, ratePerStartedHour: 300, currency: 'USD' }],
    });
    server.use(...sandbox.handlers);
    process.env.COORD_ACCESS_KEY = sandbox.accessKey;
    app.currentUserJwt = () => sandbox.mintToken(TEST_USER);
    printed.length = 0;
    warned.length = 0;
    Object.assign(console, {
      log: (...parts: unknown[]) => printed.push(parts.join(' ')),
      warn: (...parts: unknown[]) => warned.push(parts.join(' ')),
    });
    return sandbox;
  }

  /** Evaluates the example afresh (a new module URL each time). */
  const runExample = () => import(`../../examples/quick-start.ts?run=${++runs}`);

  it('a direct lot: the session starts at once, ends when the user leaves, and the cost is shown', async () => {
    const sandbox = await sandboxWith('direct');
    app.userLeaves = async () => void (clock += 61 * 60_000);
    await runExample();
    assert.deepEqual(printed, ['Parking cost 6.00 USD']);
    assert.deepEqual(warned, [], 'every response met the contract');
    assert.equal(sandbox.sessionCount(), 1);
  });

  it('a gated lot: the barcode is shown, the gate scans it, the wait ends with the cost', async () => {
    const sandbox = await sandboxWith('gated');
    const barcodes: string[] = [];
    app.showBarcode = (data) => void barcodes.push(data);
    // The user drives in and out while the app polls: the gate's scan lands before the first
    // poll, which the sandbox then answers (a resolver that returns nothing hands the request on).
    const gate = createCoordParkingClient({ accessKey: sandbox.accessKey, userToken: () => sandbox.mintToken(TEST_USER) });
    server.use(
      http.get(
        `${sandbox.baseUrl}/${LOT}/session/:sessionId`,
        async ({ params }) => void (await gate.testing.simulateRedemption(LOT, Number(params.sessionId), { durationMinutes: 100 })),
        { once: true },
      ),
    );
    await runExample();
    assert.equal(barcodes.length, 1);
    assert.match(barcodes[0]!, /^CRD-/);
    assert.deepEqual(printed, ['Parking cost 6.00 USD']);
    assert.deepEqual(warned, []);
  });

  it('already parked there: the 409 is caught and its detail shown', async () => {
    const sandbox = await sandboxWith('direct');
    await createCoordParkingClient({ accessKey: sandbox.accessKey, userToken: sandbox.testUserToken }).sessions.create(LOT);
    await runExample();
    assert.deepEqual(printed, ['Already parked here: You already have an open session (1) at location lot-42.']);
  });
});
