/**
 * `npm run spec`: derives spec/openapi.yaml from the raw Swagger docs in spec/source/ and the
 * cleanup overlay. The output is written (atomically) only when every step succeeded, so a bad
 * input never leaves a half-written or stale-but-touched contract behind.
 *
 * Options (for tests and for trying a change to the sources): --source DIR, --overlay FILE, --out FILE.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deriveSpec } from './spec/derive.ts';
import { SpecBuildError } from './spec/errors.ts';

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: 'spec/source' },
    overlay: { type: 'string', default: 'spec/cleanup.overlay.yaml' },
    out: { type: 'string', default: 'spec/openapi.yaml' },
  },
});

try {
  const yaml = await deriveSpec({ sourceDir: values.source, overlayFile: values.overlay });
  const temporary = `${values.out}.${process.pid}.tmp`;
  writeFileSync(temporary, yaml);
  renameSync(temporary, values.out);
  console.log(`spec: wrote ${values.out}`);
} catch (error) {
  const message = error instanceof SpecBuildError ? error.message : (error as Error).stack;
  console.error(`spec: failed, ${values.out} left untouched.\n${message}`);
  process.exitCode = 1;
}
