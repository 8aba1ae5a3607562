import assert from 'node:assert/strict';
import { bundleSize } from '../../bench/bundle-size.ts';

/**
 * What an app's browser bundle holds: sizes are deterministic, so the bench's budgets that the
 * client meets are held here too (the bench prints them all, with openapi-fetch's beside them).
 */
describe('client in a browser bundle', () => {
  it('createCoordParkingClient bundles none of the compiled validators', async () => {
    const { code } = await bundleSize('createCoordParkingClient alone');
    for (const trace of ['urn:coord-parking:contract', 'instancePath', 'must have required property']) {
      assert.ok(!code.includes(trace), `the client's bundle holds "${trace}"`);
    }
    const validating = await bundleSize('createCoordParkingClient + responseValidation');
    assert.ok(validating.code.includes('must have required property'), 'the validation entry brings them');
  });

  it('everything the root entry exports stays within 12 KB gzipped', async () => {
    const { gzipped } = await bundleSize('everything the root entry exports');
    assert.ok(gzipped <= 12_000, `${gzipped} B`);
  });
});
