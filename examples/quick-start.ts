import { createCoordParkingClient, CoordApiError, sessionState, waitForSessionState } from 'coord-parking';

const coord = createCoordParkingClient({
  accessKey: process.env.COORD_ACCESS_KEY!,
  userToken: async () => fetchUserJwt(), // called before every request: tokens expire hourly
  validateResponses: 'warn',
});

try {
  const session = await coord.sessions.create('lot-42', { license_plate: '7ABC123' });
  if (sessionState(session) === 'awaiting_redemption') {
    showBarcode(session.redemption_info!.barcode.data);
    await waitForSessionState(coord, 'lot-42', session.id, 'active', { timeoutMs: 15 * 60_000 });
  }
  const ended = await coord.sessions.end('lot-42', session.id);
  console.log(`Parked for ${ended.billing_info!.cost.amount} ${ended.billing_info!.cost.currency} minor units`);
} catch (error) {
  if (error instanceof CoordApiError && error.status === 409) console.log('Already parked here:', error.detail);
  else throw error;
}

declare function fetchUserJwt(): Promise<string>;
declare function showBarcode(data: string): void;
