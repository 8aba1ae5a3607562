import { createCoordParkingClient, CoordApiError, sessionState, waitForSessionState, type Session } from 'coord-parking';
import { responseValidation } from 'coord-parking/validation';

const coord = createCoordParkingClient({
  accessKey: process.env.COORD_ACCESS_KEY!,
  userToken: () => currentUserJwt(), // called before every request: Coord tokens expire hourly
  validateResponses: responseValidation('warn'), // report responses that break the contract, keep going
});

function showCost({ billing_info }: Session) {
  const { amount, currency } = billing_info!.cost; // minor units: 250 USD = $2.50
  console.log(`Parking cost ${(amount / 100).toFixed(2)} ${currency}`);
}

try {
  const session = await coord.sessions.create('lot-42', { license_plate: '7ABC123' });
  if (sessionState(session) === 'awaiting_redemption') {
    // A gated lot: the user scans this barcode at the gate, in and out, and the session ends there.
    showBarcode(session.redemption_info!.barcode.data);
    showCost(await waitForSessionState(coord, 'lot-42', session.id, 'ended', { intervalMs: 10_000, timeoutMs: 24 * 3_600_000 }));
  } else {
    // The session started at once; end it when the user leaves.
    await userLeaves();
    showCost(await coord.sessions.end('lot-42', session.id));
  }
} catch (error) {
  if (error instanceof CoordApiError && error.status === 409) console.log('Already parked here:', error.detail);
  else throw error;
}

declare function currentUserJwt(): Promise<string>;
declare function showBarcode(data: string): void;
declare function userLeaves(): Promise<void>;
