import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The client package's one runtime dependency is openapi-fetch: the compiled validators carry
 * what they need of ajv's runtime inline. A bare import of anything else from the client's
 * sources would be missing from a user's install (the pack-and-install test shows it end to end).
 */
const CLIENT_RUNTIME = new Set(['openapi-fetch']);

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

describe('client package entry points', () => {
  for (const entry of ['src/index.ts', 'src/contract/index.ts', 'src/errors/redactor.ts']) {
    it(`${entry} loads no package but openapi-fetch`, () => {
      const imports = bareImportsReachableFrom(entry);
      const extra = [...imports].filter(([name]) => !CLIENT_RUNTIME.has(name));
      assert.deepEqual(extra, [], `imported from ${entry}`);
    });
  }
});
