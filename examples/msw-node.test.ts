import assert from 'node:assert/strict';
import { CoordApiError, createCoordParkingClient, sessionState } from 'coord-parking';
import { sandboxHandlers, TEST_USER } from 'coord-parking-testing/msw';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

// The sandbox behind msw, in this process: no port, and the client keeps its default base URL.
const sandbox = await sandboxHandlers();
const server = setupServer(...sandbox.handlers);
const coord = createCoordParkingClient({ accessKey: sandbox.accessKey, userToken: () => sandbox.mintToken(TEST_USER) });

describe('parking at a gated lot', () => {
  before(() => server.listen({ onUnhandledRequest: sandbox.onUnhandledRequest })); // fails a request sent elsewhere, key masked
  afterEach(() => {
    server.resetHandlers(); // drops what a test added with server.use(); the sandbox keeps its state
    sandbox.reset(); // forgets every session: each test starts with none
  });
  after(() => server.close());

  it('bills the visit once the barcode is scanned at the gate', async () => {
    const session = await coord.sessions.create(sandbox.gatedLocationId);
    assert.equal(sessionState(session), 'awaiting_redemption');
    const ended = await coord.testing.simulateRedemption(sandbox.gatedLocationId, session.id, { durationMinutes: 90 });
    assert.deepEqual(ended.billing_info?.cost, { amount: 600, currency: 'USD' });
  });

  it('meets an outage: one operation overridden, the rest still the sandbox', async () => {
    server.use(http.post(`${sandbox.baseUrl}/:locationId/session`, () => new HttpResponse(null, { status: 503 })));
    await assert.rejects(coord.sessions.create(sandbox.locationId), (error) => error instanceof CoordApiError && error.status === 503);
    assert.deepEqual(await coord.sessions.listMine(), []);
  });
});
