import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The package also ships the sandbox and `verify` (with jose, mocha, fast-check), but an app
 * that imports the client must load only what the client needs: openapi-fetch, and ajv's
 * runtime for the compiled validators.
 */
const CLIENT_RUNTIME = new Set(['openapi-fetch', 'ajv', 'ajv-formats']);

function bareImportsReachableFrom(entry: string): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      // Type-only imports vanish at run time.
      if (new RegExp(`import\\s+type\\s[^;]*['"]${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`).test(source)) continue;
      if (fileName.startsWith('.')) queue.push(resolve(dirname(file), fileName));
      else if (!fileName.startsWith('node:'))
        found.set(
          fileName
            .split('/')
            .slice(0, fileName.startsWith('@') ? 2 : 1)
            .join('/'),
          file,
        );
    }
  }
  return found;
}

describe('client entry point', () => {
  it('loads no package but openapi-fetch and ajv (no sandbox or verify dependencies)', () => {
    const imports = bareImportsReachableFrom('src/index.ts');
    const extra = [...imports].filter(([name]) => !CLIENT_RUNTIME.has(name));
    assert.deepEqual(extra, [], 'imported by the client entry');
    assert.ok(imports.has('openapi-fetch'));
  });
});
