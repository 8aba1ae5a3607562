import assert from 'node:assert/strict';
import { packagesReachableFrom } from '../helpers/imports.ts';

/**
 * The client package's one runtime dependency is openapi-fetch: the compiled validators carry
 * what they need of ajv's runtime inline. A bare import of anything else from the client's
 * sources would be missing from a user's install (the pack-and-install test shows it end to end),
 * and a node: module would keep the client out of browsers (test/msw/browser.test.ts runs it in one).
 */
const CLIENT_RUNTIME = new Set(['openapi-fetch']);

describe('client package entry points', () => {
  for (const entry of ['src/index.ts', 'src/validation.ts', 'src/raw.ts', 'src/contract/index.ts', 'src/errors/redactor.ts']) {
    it(`${entry} loads no package but openapi-fetch`, () => {
      const imports = packagesReachableFrom(entry);
      const extra = [...imports].filter(([name]) => !CLIENT_RUNTIME.has(name));
      assert.deepEqual(extra, [], `imported from ${entry}`);
    });
  }
});
