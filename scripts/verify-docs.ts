/**
 * `npm run verify-docs`: writes what the option table of `coord-parking verify` says where users
 * read it: the config file's JSON Schema, shipped in the package, and the README's tables (between
 * marker comments). test/verify/option-table.test.ts fails when either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_SCHEMA_FILE } from '../src/verify/option-schema.ts';
import { readmeWithTables, SCHEMA_TEXT } from './verify-docs/render.ts';

writeFileSync(CONFIG_SCHEMA_FILE, SCHEMA_TEXT);
writeFileSync('README.md', readmeWithTables(readFileSync('README.md', 'utf8')));
console.log(`verify-docs: wrote ${CONFIG_SCHEMA_FILE} and the README's verify tables`);
