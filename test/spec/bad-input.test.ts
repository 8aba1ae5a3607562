import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../helpers/run.ts';

const RAW_ALL = '000_38c63a7e94f25977.txt';
const RAW_END = '001_a521a090ebc7513c.txt';

/**
 * Each case breaks one input in a scratch copy of spec/source/ and expects `npm run spec` to
 * fail naming the file and the problem, leaving the output file exactly as it was.
 */
const CASES: { name: string; file: string; edit: (text: string) => string; expect: RegExp }[] = [
  {
    name: 'malformed YAML',
    file: RAW_ALL,
    edit: (text) => text.replace('paths:\n', 'paths:\n  - [unclosed\n'),
    expect: new RegExp(`${RAW_ALL}: malformed YAML`),
  },
  {
    name: 'an unknown $ref',
    file: RAW_ALL,
    edit: (text) => text.replace("$ref: '#/definitions/holder'", "$ref: '#/definitions/nowhere'"),
    expect: new RegExp(`${RAW_ALL}: unknown \\$ref "#/definitions/nowhere" at /paths/~1barcode/post/parameters/1/schema`),
  },
  {
    name: 'two docs disagreeing on one operation',
    file: RAW_END,
    edit: (text) => text.replace('operationId: end_session', 'operationId: finish_session'),
    expect: new RegExp(`${RAW_END}: operation PUT /\\{location_id\\}/session/\\{session_id\\}/end differs from the one in .*${RAW_ALL}`),
  },
  {
    name: 'a document that is not Swagger 2.0',
    file: RAW_END,
    edit: (text) => text.replace('swagger: "2.0"', 'openapi: 3.0.0'),
    expect: new RegExp(`${RAW_END}: not a Swagger 2.0 document`),
  },
];

describe('npm run spec on bad input', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'coord-spec-'));
    cpSync('spec/source', join(scratch, 'source'), { recursive: true });
    writeFileSync(join(scratch, 'openapi.yaml'), 'the previous contract\n');
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const build = (overlay = 'spec/cleanup.overlay.yaml') =>
    runScript('scripts/build-spec.ts', ['--source', join(scratch, 'source'), '--overlay', overlay, '--out', join(scratch, 'openapi.yaml')]);

  for (const { name, file, edit, expect } of CASES) {
    it(`fails on ${name}, naming the file, and leaves the output untouched`, () => {
      const path = join(scratch, 'source', file);
      writeFileSync(path, edit(readFileSync(path, 'utf8')));
      const { status, stderr } = build();
      assert.equal(status, 1, stderr);
      assert.match(stderr, expect);
      assert.equal(readFileSync(join(scratch, 'openapi.yaml'), 'utf8'), 'the previous contract\n');
    });
  }

  it('leaves the committed spec/openapi.yaml untouched (bytes and mtime) when the input is bad', () => {
    const path = join(scratch, 'source', RAW_ALL);
    writeFileSync(path, readFileSync(path, 'utf8').replace("$ref: '#/definitions/holder'", "$ref: '#/definitions/nowhere'"));
    const before = { text: readFileSync('spec/openapi.yaml', 'utf8'), mtime: statSync('spec/openapi.yaml').mtimeMs };
    const { status, stderr } = runScript('scripts/build-spec.ts', ['--source', join(scratch, 'source')]);
    assert.equal(status, 1);
    assert.match(stderr, /spec\/openapi\.yaml left untouched/);
    assert.equal(readFileSync('spec/openapi.yaml', 'utf8'), before.text);
    assert.equal(statSync('spec/openapi.yaml').mtimeMs, before.mtime);
  });

  it('fails on an overlay action that no longer matches anything', () => {
    const overlay = join(scratch, 'overlay.yaml');
    writeFileSync(
      overlay,
      readFileSync('spec/cleanup.overlay.yaml', 'utf8') +
        "  - target: $.paths['/gone'].get\n    description: Stale.\n    update: { summary: x }\n",
    );
    const { status, stderr } = build(overlay);
    assert.equal(status, 1);
    assert.match(stderr, /1 action\(s\) matched nothing:\n\s+\$\.paths\['\/gone'\]\.get/);
    assert.equal(readFileSync(join(scratch, 'openapi.yaml'), 'utf8'), 'the previous contract\n');
  });

  it('succeeds on the real sources and writes the committed contract', () => {
    const { status, stderr } = build();
    assert.equal(status, 0, stderr);
    assert.equal(readFileSync(join(scratch, 'openapi.yaml'), 'utf8'), readFileSync('spec/openapi.yaml', 'utf8'));
  });
});
