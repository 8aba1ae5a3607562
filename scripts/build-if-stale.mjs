/**
 * `npm start` runs the coord-parking bin as built, as its users get it (and half a second sooner
 * than through tsx's loader). `npm ci` builds it (prepare); this rebuilds first whenever a source
 * is newer than the build, so an edit is never run stale.
 */
import { execSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILT = 'packages/coord-parking-testing/dist/src/cli/main.js';
const SOURCES = ['src', 'contract-tests', 'generated', 'spec/openapi.yaml', 'package-lock.json'];

/** The latest modification time of a file, or of any file below a folder. */
function newest(path) {
  const stats = statSync(path);
  return stats.isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : stats.mtimeMs;
}

const built = statSync(BUILT, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (Math.max(...SOURCES.map(newest)) > built) execSync('npm run build --silent', { stdio: 'inherit' });
