import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONTRACT_CHECKS } from '../contract-tests/index.ts';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('shows examples/quick-start.ts (type-checked by `npm run typecheck`) as its client example', () => {
    const section = readme.slice(readme.indexOf('## Using the client'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    assert.equal(block, readFileSync('examples/quick-start.ts', 'utf8'));
  });

  it('shows examples/msw-node.test.ts and examples/msw-browser.ts (both type-checked, both run) under "Testing your app"', () => {
    const section = readme.slice(readme.indexOf('## Testing your app'), readme.indexOf('\n## ', readme.indexOf('## Testing your app') + 1));
    const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    assert.deepEqual(blocks, [readFileSync('examples/msw-node.test.ts', 'utf8'), readFileSync('examples/msw-browser.ts', 'utf8')]);
  });

  it('gives the two quick-start commands, and .ci/run runs the same test command', () => {
    assert.match(readme, /## Quick start\n\n {4}npm ci && npm start\n {4}npm test\n/);
    assert.match(readFileSync('.ci/run', 'utf8'), /^npm ci\nnpm test$/m);
  });

  it("names every check of the contract suite in the verify table, in the suite's order", () => {
    const table = readme.slice(readme.indexOf('| check | family | needs | what it asserts |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    assert.deepEqual(
      rows.map((row) => /^\| `(\w+)` \|/.exec(row)?.[1]),
      CONTRACT_CHECKS.map((check) => check.name),
    );
  });
});
