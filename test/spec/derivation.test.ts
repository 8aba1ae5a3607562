import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { deriveSpec } from '../../scripts/spec/derive.ts';
import { isObject, walk, type JsonObject } from '../../scripts/spec/json.ts';
import { loadSources } from '../../scripts/spec/load-sources.ts';
import { danglingRefs, derefOnce } from '../../scripts/spec/refs.ts';
import { loadSpec, operationsOf, SPEC_FILE } from '../helpers/spec.ts';

/** The seven operations the contract promises, as the contract issue lists them. */
const EXPECTED_OPERATIONS = [
  ['get_location_sessions', 'get', '/{location_id}/session'],
  ['post_session', 'post', '/{location_id}/session'],
  ['get_session', 'get', '/{location_id}/session/{session_id}'],
  ['end_session', 'put', '/{location_id}/session/{session_id}/end'],
  ['create_barcode', 'post', '/barcode'],
  ['get_user_sessions', 'get', '/session'],
  ['fake_redemption', 'post', '/testing/{location_id}/{session_id}/simulate_redemption'],
];

describe('spec/openapi.yaml, derived from spec/source/', () => {
  const spec = loadSpec();
  const operations = operationsOf(spec);
  const deref = (node: unknown) => derefOnce(spec, node);

  it('is exactly what `npm run spec` writes (no drift, deterministic)', async () => {
    const derived = await deriveSpec({ sourceDir: 'spec/source', overlayFile: 'spec/cleanup.overlay.yaml' });
    assert.equal(derived, readFileSync(SPEC_FILE, 'utf8'), 'run `npm run spec` and commit the result');
    assert.equal(await deriveSpec({ sourceDir: 'spec/source', overlayFile: 'spec/cleanup.overlay.yaml' }), derived);
  });

  it('reads the same to YAML 1.1 tools (no example turned into a date or a boolean)', () => {
    const text = readFileSync(SPEC_FILE, 'utf8');
    assert.deepEqual(YAML.parse(text, { version: '1.1' }), YAML.parse(text, { version: '1.2' }));
  });

  it('is OpenAPI 3.1', () => {
    assert.equal(spec.openapi, '3.1.0');
  });

  it('keeps every operation of the raw docs with the same method, path and operationId', () => {
    const raw = loadSources('spec/source').flatMap(({ file, doc }) =>
      Object.entries(doc.paths as Record<string, JsonObject>).flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({ file, path, method, id: (op as JsonObject).operationId })),
      ),
    );
    assert.ok(raw.length >= 8, 'both raw documents were read');
    for (const { file, path, method, id } of raw) {
      const found = operations.find((op) => op.path === path && op.method === method);
      assert.ok(found, `${method.toUpperCase()} ${path} from ${file} is missing`);
      assert.equal(found.operation.operationId, id);
    }
  });

  it('holds the seven operations of the contract and no other', () => {
    const actual = operations.map(({ operation, method, path }) => [operation.operationId, method, path]);
    assert.deepEqual(new Set(actual.map(String)), new Set(EXPECTED_OPERATIONS.map(String)));
    assert.equal(actual.length, EXPECTED_OPERATIONS.length);
  });

  it('has no "No Name" parameter and no dangling $ref', () => {
    for (const [node, at] of walk(spec)) {
      assert.ok(!(isObject(node) && node.name === 'No Name'), `"No Name" parameter at ${at}`);
    }
    assert.deepEqual(danglingRefs(spec), []);
  });

  it('declares every path template parameter, as a required path parameter', () => {
    for (const { path, pathItem, operation, method } of operations) {
      const declared = [...((pathItem.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])]
        .map(deref)
        .filter((p) => p.in === 'path');
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      assert.deepEqual(declared.map((p) => p.name).sort(), templated.sort(), `${method} ${path}`);
      for (const p of declared) assert.equal(p.required, true, `${method} ${path} ${String(p.name)}`);
    }
  });

  it('carries no scrape debris, serves https only, and uses the three real tags', () => {
    for (const [node, at] of walk(spec)) {
      if (!isObject(node)) continue;
      for (const key of ['x-streamrank', 'x-api-path-slug', 'x-collection-name', 'x-complete']) {
        assert.ok(!(key in node), `${key} at ${at}`);
      }
    }
    const servers = spec.servers as JsonObject[];
    assert.ok(servers.length > 0 && servers.every((s) => String(s.url).startsWith('https://')));
    for (const { operation } of operations) {
      assert.equal((operation.tags as string[]).length, 1);
      assert.ok(['Sessions', 'Barcodes', 'Testing'].includes((operation.tags as string[])[0]!));
    }
    assert.ok(!String((spec.info as JsonObject).title).includes('Simulate'), 'title is not an operation summary');
  });

  it('requires both credentials, as security schemes, on every operation', () => {
    const schemes = (spec.components as JsonObject).securitySchemes as JsonObject;
    assert.deepEqual(schemes.AccessKey, { ...(schemes.AccessKey as JsonObject), type: 'apiKey', in: 'query', name: 'access_key' });
    assert.equal((schemes.UserToken as JsonObject).scheme, 'bearer');
    for (const { operation } of operations) {
      const requirements = (operation.security ?? spec.security) as JsonObject[];
      assert.ok(requirements.length > 0);
      for (const requirement of requirements) assert.deepEqual(Object.keys(requirement).sort(), ['AccessKey', 'UserToken']);
      const params = ((operation.parameters as unknown[]) ?? []).map(deref);
      assert.ok(!params.some((p) => p.name === 'access_key'), 'access_key is a security scheme, not a parameter');
    }
  });

  it('gives every operation a success with a schema, problem details for errors, and Retry-After on 429', () => {
    for (const { operation, method, path } of operations) {
      const responses = operation.responses as Record<string, unknown>;
      for (const [status, response] of Object.entries(responses)) {
        const { content, headers } = deref(response);
        const types = Object.keys(content as JsonObject);
        const where = `${method} ${path} ${status}`;
        assert.deepEqual(types, [status === '200' ? 'application/json' : 'application/problem+json'], where);
        assert.ok(((content as JsonObject)[types[0]!] as JsonObject).schema, `${where} has a schema`);
        if (status === '429') assert.ok((headers as JsonObject)['Retry-After'], `${where} Retry-After`);
      }
      for (const status of ['200', '401', '429']) assert.ok(responses[status], `${method} ${path} documents ${status}`);
    }
  });
});
