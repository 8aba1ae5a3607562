import assert from 'node:assert/strict';
import fc from 'fast-check';
import { operationRoutes } from '../../generated/operation-routes.ts';
import { createCoordParkingClient, CoordInputError, type CoordParkingClient } from '../../src/index.ts';
import { rawClient } from '../../src/raw.ts';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Each operation with path parameters, called through the domain API with given ids. */
const CALLS: Record<string, (client: CoordParkingClient, locationId: string, sessionId: number) => Promise<unknown>> = {
  get_location_sessions: (c, location) => c.sessions.listAtLocation(location),
  post_session: (c, location) => c.sessions.create(location),
  get_session: (c, location, session) => c.sessions.get(location, session),
  end_session: (c, location, session) => c.sessions.end(location, session),
  fake_redemption: (c, location, session) => c.testing.simulateRedemption(location, session, { durationMinutes: 5 }),
};

/**
 * The domain API fills path templates itself rather than bundling openapi-fetch's serializers;
 * for any id it must write the URL that openapi-fetch (client.raw) writes for the same call.
 */
describe('client: path parameters', () => {
  const urls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    urls.push(String(input));
    return new Response('{}', { headers: { 'content-type': 'application/json' } });
  };
  const coord = createCoordParkingClient({
    baseUrl: 'https://api.coord.co/v1/access/parking',
    accessKey: 'sk_test_0000000000',
    fetch,
    plugins: [rawClient],
  });
  // Any text an app may hold as an id, reserved and non-ASCII characters included; the client refuses only what no URL can carry.
  const locationId = fc.string({ unit: 'binary', minLength: 1 }).filter((id) => id.trim() !== '' && id !== '.' && id !== '..');
  const sessionId = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

  for (const [operationId, call] of Object.entries(CALLS)) {
    it(`${operationId}: the same URL as openapi-fetch's, for any ids (seed ${SEED})`, async () => {
      const [method, template] = operationRoutes[operationId as keyof typeof operationRoutes];
      await fc.assert(
        fc.asyncProperty(locationId, sessionId, async (location, session) => {
          urls.length = 0;
          await call(coord, location, session);
          const path = { location_id: location, session_id: session };
          await coord.raw.request(method.toLowerCase() as never, template as never, { params: { path } } as never);
          assert.equal(urls.length, 2);
          assert.equal(urls[0], urls[1]);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  it('refuses an id holding a lone surrogate with a CoordInputError, sending nothing (encoding it would throw a bare URIError)', async () => {
    urls.length = 0;
    for (const id of ['lot-\uD800', '\uDC00', 'a\uDBFF\uDBFF']) {
      await assert.rejects(coord.sessions.get(id, 1), (error) => error instanceof CoordInputError && error.argument === 'locationId');
    }
    await assert.rejects(coord.barcodes.create({ location_id: 'lot-\uD800' }), CoordInputError);
    assert.deepEqual(urls, []);
    await coord.sessions.get('lot-\u{1F17F}', 1);
    assert.match(urls[0]!, /\/lot-%F0%9F%85%BF\/session\/1\?/);
  });
});
