import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The packages a module loads at run time, through its relative imports, each with the first
 * file found importing it: bare specifiers by package name (`msw/node` → `msw`), `node:` modules
 * as written. Type-only imports vanish at run time and are left out.
 */
export function packagesReachableFrom(entry: string): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (new RegExp(`import\\s+type\\s[^;]*['"]${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`).test(source)) continue;
      if (fileName.startsWith('.')) queue.push(resolve(dirname(file), fileName));
      else if (!found.has(packageName(fileName))) found.set(packageName(fileName), file);
    }
  }
  return found;
}

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}
