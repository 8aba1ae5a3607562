import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { CONFIG_SCHEMA_FILE, CONFIG_SCHEMA_ID } from '../../src/verify/option-schema.ts';
import { CONFIG_FLAG, VERIFY_OPTIONS } from '../../src/verify/option-table.ts';
import { COMMON_FLAGS } from '../../src/verify/usage.ts';
import { readmeWithTables, REPORT_SCHEMA_TEXT, SCHEMA_TEXT } from '../../scripts/verify-docs/render.ts';
import { REPORT_SCHEMA_FILE } from '../../src/verify/report/json-report-schema.ts';

describe('the option table of coord-parking verify, and what is made from it', () => {
  const entries = [...Object.values(VERIFY_OPTIONS), CONFIG_FLAG, ...COMMON_FLAGS];

  it('names each flag, short alias and environment variable once', () => {
    for (const key of ['flag', 'short', 'env'] as const) {
      const names = entries.map((entry) => entry[key]).filter((name) => name !== undefined);
      assert.deepEqual(names, [...new Set(names)], `a ${key} is used twice`);
    }
    // -h for help and -H for a header, as curl and Schemathesis have them; no other short alias yet.
    assert.deepEqual(
      entries
        .filter((entry) => entry.short)
        .map((entry) => `${entry.short}:${entry.flag}`)
        .sort(),
      ['H:header', 'h:help'],
    );
  });

  it('ships the config schema exactly as the table makes it (npm run verify-docs)', () => {
    assert.ok(readFileSync(CONFIG_SCHEMA_FILE, 'utf8') === SCHEMA_TEXT, `${CONFIG_SCHEMA_FILE} is stale: run \`npm run verify-docs\``);
    const schema = JSON.parse(SCHEMA_TEXT);
    assert.equal(schema.$id, CONFIG_SCHEMA_ID);
    assert.deepEqual(Object.keys(schema.properties), ['$schema', ...Object.values(VERIFY_OPTIONS).map((entry) => entry.flag)]);
    const packaged = JSON.parse(readFileSync('packages/coord-parking-testing/package.json', 'utf8')) as { files: string[] };
    assert.ok(packaged.files.includes('schemas'), 'the schema is in the package');
  });

  it('ships the JSON report schema exactly as its source says, exported by the package (npm run verify-docs)', () => {
    assert.ok(
      readFileSync(REPORT_SCHEMA_FILE, 'utf8') === REPORT_SCHEMA_TEXT,
      `${REPORT_SCHEMA_FILE} is stale: run \`npm run verify-docs\``,
    );
    const packaged = JSON.parse(readFileSync('packages/coord-parking-testing/package.json', 'utf8')) as { exports: Record<string, string> };
    assert.equal(packaged.exports['./schemas/verify-report.schema.json'], './schemas/verify-report.schema.json');
  });

  it('ships a schema that strict ajv compiles as draft-07, apart from the editors’ patternErrorMessage', () => {
    const ajv = new Ajv({ strict: true });
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    const validate = ajv.compile(JSON.parse(SCHEMA_TEXT));
    assert.equal(validate({ runs: 3, header: ['X-A: b'], 'via-prism': true }), true);
    assert.equal(validate({ runs: '3' }), false);
    assert.equal(validate({ header: ['Authorization Bearer x'] }), false);
    assert.equal(validate({ baseUrl: 'http://x' }), false);
  });

  it('gives the README its tables of options, environment variables and exit codes (npm run verify-docs)', () => {
    const readme = readFileSync('README.md', 'utf8');
    assert.ok(readmeWithTables(readme) === readme, 'README.md tables are stale: run `npm run verify-docs`');
    for (const entry of Object.values(VERIFY_OPTIONS)) assert.ok(readme.includes(`| \`${entry.flag}`), `README lacks ${entry.flag}`);
  });
});
