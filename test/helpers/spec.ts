import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { JsonObject } from '../../scripts/spec/json.ts';

export const SPEC_FILE = 'spec/openapi.yaml';

/** The committed contract, parsed once per test file that needs it. */
export function loadSpec(): JsonObject {
  return YAML.parse(readFileSync(SPEC_FILE, 'utf8')) as JsonObject;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export interface SpecOperation {
  path: string;
  method: string;
  operation: JsonObject;
  pathItem: JsonObject;
}

export function operationsOf(doc: JsonObject): SpecOperation[] {
  return Object.entries(doc.paths as Record<string, JsonObject>).flatMap(([path, pathItem]) =>
    HTTP_METHODS.filter((method) => pathItem[method]).map((method) => ({
      path,
      method,
      operation: pathItem[method] as JsonObject,
      pathItem,
    })),
  );
}
