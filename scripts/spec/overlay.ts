import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { openapiOverlay } from 'openapi-format';
import { SpecBuildError } from './errors.ts';
import { isObject, type JsonObject } from './json.ts';

/**
 * Applies the cleanup overlay (OpenAPI Overlay 1.0) with openapi-format. Stricter than the
 * library on two points, because the overlay is the reviewable record of every cleanup: each
 * action must say why (`description`), and each must change something — an action that matches
 * nothing is stale and fails the build instead of being skipped.
 */
export async function applyOverlay(doc: JsonObject, overlayFile: string): Promise<JsonObject> {
  const parsed = YAML.parseDocument(readFileSync(overlayFile, 'utf8'), { prettyErrors: true });
  const [yamlError] = parsed.errors;
  if (yamlError) throw new SpecBuildError(`${overlayFile}: malformed YAML: ${yamlError.message}`);
  const overlay = parsed.toJS() as JsonObject;
  if (!isObject(overlay) || !Array.isArray(overlay.actions)) {
    throw new SpecBuildError(`${overlayFile}: not an overlay document (no "actions" list)`);
  }
  overlay.actions.forEach((action, index) => {
    if (!isObject(action) || typeof action.description !== 'string' || action.description.trim() === '') {
      throw new SpecBuildError(`${overlayFile}: action #${index + 1} has no description saying why`);
    }
  });

  const { data, resultData } = await openapiOverlay(structuredClone(doc), {
    overlaySet: overlay as { actions: [] },
  });
  const unused = (resultData.unusedActions ?? []) as JsonObject[];
  if (unused.length > 0) {
    const targets = unused.map((action) => `  ${String(action.target)}`).join('\n');
    throw new SpecBuildError(`${overlayFile}: ${unused.length} action(s) matched nothing:\n${targets}`);
  }
  return data as JsonObject;
}
