import type { CoordParkingClient } from '../../src/index.ts';

/** Each operation through the domain API, with the request it must produce. */
export const CALLS: {
  operationId: string;
  method: string;
  path: string;
  invoke: (client: CoordParkingClient) => Promise<unknown>;
}[] = [
  { operationId: 'get_location_sessions', method: 'GET', path: '/lot-1/session', invoke: (c) => c.sessions.listAtLocation('lot-1') },
  {
    operationId: 'post_session',
    method: 'POST',
    path: '/lot-1/session',
    invoke: (c) => c.sessions.create('lot-1', { license_plate: 'AB 123' }),
  },
  { operationId: 'get_session', method: 'GET', path: '/lot-1/session/7', invoke: (c) => c.sessions.get('lot-1', 7) },
  { operationId: 'end_session', method: 'PUT', path: '/lot-1/session/7/end', invoke: (c) => c.sessions.end('lot-1', 7) },
  { operationId: 'create_barcode', method: 'POST', path: '/barcode', invoke: (c) => c.barcodes.create({ location_id: 'lot-1' }) },
  { operationId: 'get_user_sessions', method: 'GET', path: '/session', invoke: (c) => c.sessions.listMine() },
  {
    operationId: 'fake_redemption',
    method: 'POST',
    path: '/testing/lot-1/7/simulate_redemption',
    invoke: (c) => c.testing.simulateRedemption('lot-1', 7, { durationMinutes: 30 }),
  },
];
