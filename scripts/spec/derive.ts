import { openapiSort, getDefaultSortSet } from 'openapi-format';
import YAML from 'yaml';
import { convertToOpenApi31 } from './convert.ts';
import { SpecBuildError } from './errors.ts';
import type { JsonObject } from './json.ts';
import { loadSources } from './load-sources.ts';
import { merge } from './merge.ts';
import { applyOverlay } from './overlay.ts';
import { danglingRefs } from './refs.ts';
import { repair } from './repair.ts';

export interface DeriveInputs {
  sourceDir: string;
  overlayFile: string;
}

/** The whole derivation, raw Swagger docs → the contract's YAML text. Pure: it writes nothing. */
export async function deriveSpec({ sourceDir, overlayFile }: DeriveInputs): Promise<string> {
  const merged = merge(loadSources(sourceDir).map(repair));
  const cleaned = await applyOverlay(await convertToOpenApi31(merged), overlayFile);
  assertSound(cleaned, overlayFile);
  // openapi-format's default order (openapi, info, servers, paths, …; operationId before
  // parameters before responses) makes the file read top-down and keeps diffs stable.
  const { data: sorted } = await openapiSort(cleaned, { sortSet: await getDefaultSortSet() });
  // Written so that YAML 1.1 readers (js-yaml and many tools) read it the same as 1.2 ones: a
  // timestamp-looking example such as 2018-04-12T00:14:20.292Z is quoted, or they would make it a Date.
  return YAML.stringify(sorted, { aliasDuplicateObjects: false, lineWidth: 0, version: '1.1' });
}

function assertSound(doc: JsonObject, overlayFile: string): void {
  if (doc.openapi !== '3.1.0') throw new SpecBuildError(`result is OpenAPI ${String(doc.openapi)}, not 3.1.0`);
  const dangling = danglingRefs(doc);
  if (dangling.length > 0) {
    const list = dangling.map(({ ref, at }) => `  ${ref} at ${at}`).join('\n');
    throw new SpecBuildError(`${overlayFile}: the result has dangling $refs:\n${list}`);
  }
}
