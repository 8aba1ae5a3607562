import { SpecBuildError } from './errors.ts';
import { isObject, type JsonObject } from './json.ts';
import { danglingRefs } from './refs.ts';
import type { SourceDoc } from './load-sources.ts';

/**
 * Repairs are the few edits without which swagger2openapi refuses a raw document. They are kept
 * minimal and mechanical: the real fixes (schemas, parameters, descriptions) are reasoned
 * actions in spec/cleanup.overlay.yaml. Anything not listed here fails the build, naming the
 * file, so a new defect in the sources is seen rather than silently patched.
 */
interface Repair {
  name: string;
  why: string;
  apply(doc: JsonObject, file: string): void;
}

/** Dangling references known to be in the scraped docs, each stubbed so conversion can run. */
const KNOWN_DANGLING_REFS: Record<string, string> = {
  '#/definitions/holder':
    'the request bodies of create_barcode and fake_redemption; the overlay gives each its real schema',
};

export const REPAIRS: Repair[] = [
  {
    name: 'stub-known-dangling-refs',
    why: 'A $ref to a missing definition makes the converter throw; known ones get a stub, unknown ones fail.',
    apply(doc, file) {
      for (const { ref, at } of danglingRefs(doc)) {
        const stubFor = KNOWN_DANGLING_REFS[ref];
        if (stubFor === undefined) throw new SpecBuildError(`${file}: unknown $ref "${ref}" at ${at}`);
        const name = ref.slice('#/definitions/'.length);
        const definitions = isObject(doc.definitions) ? doc.definitions : (doc.definitions = {});
        definitions[name] = { type: 'object', description: `Stub for a dangling $ref (${stubFor}).` };
      }
    },
  },
  {
    name: 'type-untyped-parameters',
    why: 'Swagger 2.0 requires a type on every non-body parameter; the scraped ones have none.',
    apply(doc) {
      for (const pathItem of Object.values(doc.paths as JsonObject)) {
        if (!isObject(pathItem)) continue;
        for (const operation of Object.values(pathItem)) {
          if (!isObject(operation) || !Array.isArray(operation.parameters)) continue;
          for (const parameter of operation.parameters) {
            if (isObject(parameter) && parameter.in !== 'body' && parameter.type === undefined) {
              parameter.type = 'string';
            }
          }
        }
      }
    },
  },
];

export function repair(source: SourceDoc): SourceDoc {
  const doc = structuredClone(source.doc);
  for (const step of REPAIRS) step.apply(doc, source.file);
  return { file: source.file, doc };
}
