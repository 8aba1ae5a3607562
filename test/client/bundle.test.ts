import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUDGETS, bundle, bundleSize } from '../../bench/bundle-size.ts';

/**
 * What an app's browser bundle holds: sizes are deterministic, so the bench's budgets are held
 * here too (the bench prints them all, with openapi-fetch's beside them).
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

  it('createCoordParkingClient bundles none of openapi-fetch: client.raw brings it', async () => {
    // Traces of openapi-fetch's request builder: its middleware check and its parameter styles.
    const traces = ['Middleware must be an object', 'deepObject'];
    const { code } = await bundleSize('createCoordParkingClient alone');
    for (const trace of traces) assert.ok(!code.includes(trace), `the client's bundle holds "${trace}"`);
    const raw = await bundleSize('createCoordParkingClient + rawClient');
    for (const trace of traces) assert.ok(raw.code.includes(trace), `the raw entry's bundle lacks "${trace}"`);
  });

  for (const [name, budget] of Object.entries(BUDGETS) as [keyof typeof BUDGETS, number][]) {
    it(`${name} stays within ${budget / 1000} KB gzipped`, async () => {
      const { gzipped } = await bundleSize(name);
      assert.ok(gzipped <= budget, `${gzipped} B`);
    });
  }

  it('keeps its error names once minified (a minifier renames classes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coord-parking-bundle-'));
    try {
      const file = join(dir, 'bundle.mjs');
      writeFileSync(file, await bundle(`export * from './src/index.ts'; export { Redactor } from './src/errors/redactor.ts';`));
      const bundled = (await import(pathToFileURL(file).href)) as typeof import('../../src/index.ts') &
        typeof import('../../src/errors/redactor.ts');
      const redactor = new bundled.Redactor();
      const context = { operationId: 'get_session', method: 'GET', url: 'https://api.coord.co/v1/access/parking/lot-1/session/7' };
      const errors = [
        new bundled.CoordApiError({ status: 404, body: undefined, context }, redactor),
        new bundled.CoordNetworkError({ cause: new Error('reset'), context }, redactor),
        new bundled.CoordTimeoutError({ timeoutMs: 10, context }, redactor),
        new bundled.CoordValidationError({ status: 200, violations: [], context }, redactor),
        new bundled.CoordResponseError({ status: 200, contentType: undefined, reason: 'an empty body', context }, redactor),
        new bundled.CoordInputError({ argument: 'sessionId', problem: 'must be a positive safe integer' }),
      ];
      const classes = ['CoordApiError', 'CoordNetworkError', 'CoordTimeoutError', 'CoordValidationError', 'CoordResponseError'];
      assert.deepEqual(
        errors.map((error) => [
          error.name,
          String(error).split(':')[0],
          error.stack!.split(':')[0],
          JSON.parse(JSON.stringify(error)).name,
        ]),
        [...classes, 'CoordInputError'].map((name) => [name, name, name, name]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
