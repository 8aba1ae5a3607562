import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../helpers/run.ts';

describe('generated/', () => {
  it('is exactly what `npm run generate` writes from spec/openapi.yaml', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'coord-gen-'));
    try {
      const { status, stderr } = runScript('scripts/generate.ts', ['--out', scratch]);
      assert.equal(status, 0, stderr);
      assert.deepEqual(readdirSync(scratch).sort(), readdirSync('generated').sort());
      for (const file of readdirSync(scratch)) {
        assert.ok(
          readFileSync(join(scratch, file), 'utf8') === readFileSync(join('generated', file), 'utf8'),
          `generated/${file} is stale: run \`npm run generate\` and commit the result`,
        );
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
