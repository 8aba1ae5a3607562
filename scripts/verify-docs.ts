/**
 * `npm run verify-docs`: writes what the option table of `coord-parking verify` says where users
 * read it: the JSON Schemas of the config file and of the JSON report (whose source is
 * src/verify/report/json-report-schema.ts), shipped in the package, and the README's tables (between
 * marker comments). test/verify/option-table.test.ts fails when either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_SCHEMA_FILE } from '../src/verify/option-schema.ts';
import { REPORT_SCHEMA_FILE } from '../src/verify/report/json-report-schema.ts';
import { readmeWithTables, REPORT_SCHEMA_TEXT, SCHEMA_TEXT } from './verify-docs/render.ts';

writeFileSync(CONFIG_SCHEMA_FILE, SCHEMA_TEXT);
writeFileSync(REPORT_SCHEMA_FILE, REPORT_SCHEMA_TEXT);
writeFileSync('README.md', readmeWithTables(readFileSync('README.md', 'utf8')));
console.log(`verify-docs: wrote ${CONFIG_SCHEMA_FILE}, ${REPORT_SCHEMA_FILE} and the README's verify tables`);
