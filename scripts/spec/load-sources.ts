import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { SpecBuildError } from './errors.ts';
import { isObject, type JsonObject } from './json.ts';

export interface SourceDoc {
  file: string;
  doc: JsonObject;
}

/**
 * Reads every raw Swagger 2.0 document in `dir`, in file-name order so the merge is deterministic.
 * The scraped files are YAML streams framed by `---` lines, so the empty documents around the one
 * real document are dropped.
 */
export function loadSources(dir: string): SourceDoc[] {
  const files = readdirSync(dir).filter((name) => !name.startsWith('.')).sort();
  if (files.length === 0) throw new SpecBuildError(`${dir}: no source documents found`);
  return files.map((name) => ({ file: join(dir, name), doc: parseSwagger(join(dir, name)) }));
}

function parseSwagger(file: string): JsonObject {
  const stream = YAML.parseAllDocuments(readFileSync(file, 'utf8'), { prettyErrors: true });
  const docs = Array.isArray(stream) ? stream : [stream];
  for (const doc of docs) {
    const [first] = doc.errors;
    if (first) throw new SpecBuildError(`${file}: malformed YAML: ${first.message}`);
  }
  const contents = docs.map((doc) => doc.toJS() as JsonObject | null).filter((value) => value !== null);
  if (contents.length !== 1) {
    throw new SpecBuildError(`${file}: expected exactly one YAML document, found ${contents.length}`);
  }
  const [doc] = contents as [JsonObject];
  if (!isObject(doc) || doc.swagger !== '2.0') {
    throw new SpecBuildError(`${file}: not a Swagger 2.0 document (no "swagger: \\"2.0\\"" at the top)`);
  }
  if (!isObject(doc.paths)) throw new SpecBuildError(`${file}: has no "paths" object`);
  return doc;
}
