import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isObject, walk, type Json, type JsonObject } from '../../scripts/spec/json.ts';
import { derefOnce } from '../../scripts/spec/refs.ts';
import { loadSpec } from '../helpers/spec.ts';

/**
 * Every example in the contract — media types', parameters' and headers' — must be valid against
 * the schema beside it. Compiled here straight from the YAML with ajv (2020-12), independently
 * of the generated validators, so the two check each other.
 */
describe('examples in spec/openapi.yaml', () => {
  const spec = loadSpec();
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const SPEC_ID = 'https://coord-parking.test/openapi.json';
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  const compile = (schema: Json) =>
    ajv.compile(isObject(schema) && typeof schema.$ref === 'string' ? { $ref: SPEC_ID + schema.$ref } : (schema as JsonObject));

  const found: { at: string; schema: Json; value: Json }[] = [];
  for (const [node, at] of walk(spec)) {
    if (!isObject(node) || !isObject(node.schema)) continue;
    if ('example' in node) found.push({ at: `${at}/example`, schema: node.schema, value: node.example! });
    for (const [name, example] of Object.entries(isObject(node.examples) ? node.examples : {})) {
      const resolved = derefOnce(spec, example);
      found.push({ at: `${at}/examples/${name}`, schema: node.schema, value: resolved.value! });
    }
  }

  it('has an example for every response and request body', () => {
    for (const [node, at] of walk(spec)) {
      if (isObject(node) && isObject(node.content) && /\/(responses\/[^/]+|requestBody)$/.test(at)) {
        for (const [type, media] of Object.entries(node.content)) {
          assert.ok(isObject(media) && isObject(media.examples), `${at} ${type} has examples`);
        }
      }
    }
    assert.ok(found.length >= 20, `found ${found.length} examples`);
  });

  it('keeps the JSON samples of the raw docs as examples', () => {
    const fromDocs = found.filter(({ at }) => at.endsWith('/examples/fromDocs'));
    assert.equal(fromDocs.length, 5, 'the five operations whose descriptions held a sample');
  });

  it('every example is valid against its schema', () => {
    for (const { at, schema, value } of found) {
      const validate = compile(schema);
      assert.ok(validate(value), `${at}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  it('checks each object or list example for real: a broken copy fails', () => {
    for (const { at, schema, value } of found) {
      if (value === null || typeof value !== 'object' || Object.keys(value).length === 0) continue;
      const broken = Array.isArray(value) ? [42] : { unexpected: true };
      assert.equal(compile(schema)(broken), false, `${at}: a broken copy passed`);
    }
  });
});
