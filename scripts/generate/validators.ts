import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { _ } from 'ajv';
import type { JsonObject, Json } from '../spec/json.ts';
import { isObject } from '../spec/json.ts';
import { derefOnce } from '../spec/refs.ts';
import { isRfc3339DateTime } from '../../src/contract/date-time.ts';
import type { OperationEntry } from './operation-table.ts';

const CONTRACT_ID = 'urn:coord-parking:contract';

/**
 * Compiles every schema the contract uses on the wire into one ESM module of ajv standalone
 * validators (JSON Schema 2020-12, the dialect of OpenAPI 3.1), named `<operationId>_<status>`,
 * `<operationId>_body` and `<operationId>_parameters`.
 *
 * The component schemas are registered once under CONTRACT_ID with their `#/components/schemas/`
 * refs pointed at `$defs`, so every validator shares the same compiled code for a schema.
 */
export function compileValidators(spec: JsonObject, table: Record<string, OperationEntry>): string {
  const ajv = new Ajv2020.default({
    allErrors: true,
    strict: true,
    // Shared schemas (Session, Problem, …) compile to one function each instead of a copy per use.
    inlineRefs: false,
    // ajv inlines the formats that are regexes (uuid, uri-reference); those that are functions are
    // looked up in `contractFormats`, which the output defines from this project's own code, so
    // that the client needs neither ajv nor ajv-formats at run time.
    code: { source: true, esm: true, formats: _`contractFormats` },
  });
  addFormats.default(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
  const components = spec.components as JsonObject;
  ajv.addSchema({ $id: CONTRACT_ID, $defs: pointRefsAtDefs(components.schemas as Json) as JsonObject });

  const exports: Record<string, string> = {};
  const add = (name: string, schema: Json) => {
    if (exports[name]) return;
    ajv.addSchema({ ...(pointRefsAtDefs(schema) as JsonObject), $id: `${CONTRACT_ID}:${name}` });
    exports[name] = `${CONTRACT_ID}:${name}`;
  };
  const deref = (node: Json) => derefOnce(spec, node);

  for (const entry of Object.values(table)) {
    const item = (spec.paths as JsonObject)[entry.path] as JsonObject;
    const op = item[entry.method] as JsonObject;
    const declared = [...((item.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])].map(deref);
    if (entry.parametersValidator) {
      add(entry.parametersValidator, {
        type: 'object',
        required: declared.filter((p) => p.required === true).map((p) => p.name as string),
        properties: Object.fromEntries(declared.map((p) => [p.name as string, p.schema as Json])),
      });
    }
    if (entry.body) {
      const content = deref(op.requestBody as Json).content as JsonObject;
      add(entry.body.validator, (content[entry.body.contentType] as JsonObject).schema as Json);
    }
    for (const [status, response] of Object.entries(entry.responses)) {
      const content = deref((op.responses as JsonObject)[status] as Json).content as JsonObject;
      add(response.validator, (content[response.contentType] as JsonObject).schema as Json);
    }
  }
  const code = standaloneCode.default(ajv, exports).replace(/^"use strict";/, '');
  return (
    '// @ts-nocheck -- ajv standalone output, typed where it is used (generated/contract.ts).\n' +
    'import { isRfc3339DateTime } from "../src/contract/date-time.ts";\n' +
    `const contractFormats = { ${checkFunctionFormats(code)}: { type: "string", validate: isRfc3339DateTime } };\n` +
    requiresToImports(code) +
    '\n'
  );
}

/** The one format given as a function, date-time; any other would need code of its own here. */
function checkFunctionFormats(code: string): string {
  const used = new Set([...code.matchAll(/contractFormats\[("[^"]+")\]/g)].map((match) => match[1]!));
  const others = [...used].filter((format) => format !== '"date-time"');
  if (others.length > 0) throw new Error(`formats ${others.join(', ')} need a validator in scripts/generate/validators.ts`);
  return '"date-time"';
}

/**
 * ajv's ESM output still `require()`s its small runtime helpers (ucs2length for string
 * lengths). ESM has no require, and Node and bundlers disagree on a CommonJS default import, so
 * each helper's source is inlined instead. A helper that needs modules of its own fails here.
 */
function requiresToImports(code: string): string {
  const modules = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]!))];
  const inlined = modules.map((module, index) => {
    const helper = (createRequire(import.meta.url)(module) as { default?: unknown }).default;
    const source = typeof helper === 'function' ? helper.toString() : '';
    if (!source || source.includes('require(')) throw new Error(`cannot inline ajv runtime helper ${module}`);
    return `const runtime${index} = { default: ${source} };\n`;
  });
  return inlined.join('') + code.replace(/require\("([^"]+)"\)/g, (_, module: string) => `runtime${modules.indexOf(module)}`);
}

function pointRefsAtDefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(pointRefsAtDefs);
  if (!isObject(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string'
        ? value.replace('#/components/schemas/', `${CONTRACT_ID}#/$defs/`)
        : pointRefsAtDefs(value),
    ]),
  );
}
