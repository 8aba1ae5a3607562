import { isDeepStrictEqual } from 'node:util';
import { SpecBuildError } from './errors.ts';
import { isObject, type JsonObject } from './json.ts';
import type { SourceDoc } from './load-sources.ts';

/**
 * Merges the raw documents into one: the first (by file name) supplies the top level, and every
 * operation and definition of the others is added. The same operation or definition in two files
 * must be identical; a difference is a conflict a person has to resolve, so it fails the build.
 */
export function merge(sources: SourceDoc[]): JsonObject {
  const [base, ...rest] = sources;
  if (!base) throw new SpecBuildError('no source documents to merge');
  const merged = structuredClone(base.doc);
  const origin = new Map<string, string>();
  const paths = merged.paths as JsonObject;
  forEachOperation(paths, (key) => origin.set(key, base.file));

  for (const { file, doc } of rest) {
    for (const [path, pathItem] of Object.entries(doc.paths as JsonObject)) {
      if (!isObject(pathItem)) continue;
      const target = isObject(paths[path]) ? paths[path] : (paths[path] = {});
      for (const [method, operation] of Object.entries(pathItem)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (target[method] !== undefined && !isDeepStrictEqual(target[method], operation)) {
          throw new SpecBuildError(`${file}: operation ${key} differs from the one in ${origin.get(key)}`);
        }
        target[method] = structuredClone(operation);
        if (!origin.has(key)) origin.set(key, file);
      }
    }
    for (const [name, schema] of Object.entries(isObject(doc.definitions) ? doc.definitions : {})) {
      const definitions = isObject(merged.definitions) ? merged.definitions : (merged.definitions = {});
      if (definitions[name] !== undefined && !isDeepStrictEqual(definitions[name], schema)) {
        throw new SpecBuildError(`${file}: definition "${name}" differs from the one already merged`);
      }
      definitions[name] = structuredClone(schema);
    }
  }
  return merged;
}

function forEachOperation(paths: JsonObject, visit: (key: string) => void): void {
  for (const [path, pathItem] of Object.entries(paths)) {
    if (isObject(pathItem)) for (const method of Object.keys(pathItem)) visit(`${method.toUpperCase()} ${path}`);
  }
}
