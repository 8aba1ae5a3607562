import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A file the coord-parking-testing package ships, by its export: from the package installed, and
 * in this repository from packages/coord-parking-testing through the workspace link.
 */
export function packageFile(subpath: string): string {
  return fileURLToPath(import.meta.resolve(`coord-parking-testing/${subpath}`));
}

/** What `--version` prints: the package's name and version. */
export function packageVersion(): string {
  const { name, version } = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string; version: string };
  return `${name} ${version}`;
}
