import assert from 'node:assert/strict';
import { CoordApiError } from '../../src/index.ts';
import { startSandboxFixture, type SandboxFixture } from '../helpers/sandbox.ts';

describe('sandbox: at most one open session, under concurrency', () => {
  let fx: SandboxFixture;
  before(async () => (fx = await startSandboxFixture()));
  after(() => fx.sandbox.close());

  for (const location of ['locationId', 'gatedLocationId'] as const) {
    it(`100 parallel post_session for one user at the ${location === 'locationId' ? 'direct' : 'gated'} location: one 200, 99 × 409, one listed`, async () => {
      const locationId = fx.sandbox[location];
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, () =>
          fx.tester.sessions.create(locationId).then(
            () => 200,
            (error: CoordApiError) => error.status,
          ),
        ),
      );
      assert.equal(outcomes.filter((status) => status === 200).length, 1);
      assert.equal(outcomes.filter((status) => status === 409).length, 99);
      const listed = await fx.tester.sessions.listAtLocation(locationId);
      assert.equal(listed.length, 1);
    });
  }
});
