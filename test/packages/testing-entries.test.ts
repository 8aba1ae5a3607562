import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { packagesReachableFrom } from '../helpers/imports.ts';

/**
 * What each entry of coord-parking-testing loads. msw is the optional peer of `./msw` alone: an
 * app that tests over a port, or runs `coord-parking verify`, never needs it installed (the
 * pack-and-install test shows both without it). And `./msw` runs in a browser's page too.
 */
const manifest = JSON.parse(readFileSync('packages/coord-parking-testing/package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
const ENTRIES = { './sandbox': 'src/sandbox/index.ts', './msw': 'src/sandbox/msw.ts', bin: 'src/cli/main.ts' };

describe('testing package entry points', () => {
  for (const [entry, source] of Object.entries(ENTRIES).filter(([entry]) => entry !== './msw')) {
    it(`${entry} (${source}) never loads msw`, () => {
      const imports = packagesReachableFrom(source);
      assert.ok(imports.has('coord-parking'), 'the import graph was walked');
      assert.equal(imports.get('msw'), undefined);
    });
  }

  it('./msw loads msw, which is an optional peer, and no node: module', () => {
    const imports = packagesReachableFrom(ENTRIES['./msw']);
    assert.ok(imports.has('msw'));
    assert.ok(manifest.peerDependencies.msw);
    assert.equal(manifest.peerDependenciesMeta.msw?.optional, true);
    assert.deepEqual(
      [...imports.keys()].filter((name) => name.startsWith('node:')),
      [],
    );
  });

  it('every package an entry loads is a dependency or a peer of coord-parking-testing', () => {
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    for (const source of Object.values(ENTRIES)) {
      const undeclared = [...packagesReachableFrom(source)].filter(([name]) => !name.startsWith('node:') && !declared.has(name));
      assert.deepEqual(undeclared, [], `loaded from ${source}`);
    }
  });
});
