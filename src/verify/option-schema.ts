import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { closest } from './did-you-mean.ts';
import { VERIFY_OPTIONS, type OptionEntry } from './option-table.ts';
import { packageFile } from './package-info.ts';

/** The config file's schema, shipped in coord-parking-testing (editors read it too: `# yaml-language-server: $schema=…`). */
export const CONFIG_SCHEMA_ID = 'urn:coord-parking:verify-config';
/** Its path in the package, which exports it. */
export const CONFIG_SCHEMA_EXPORT = 'schemas/verify-config.schema.json';
/** Its path in this repository, where `npm run verify-docs` writes it. */
export const CONFIG_SCHEMA_FILE = `packages/coord-parking-testing/${CONFIG_SCHEMA_EXPORT}`;

const ENTRIES: readonly OptionEntry[] = Object.values(VERIFY_OPTIONS);

/**
 * The config file's JSON Schema, from the option table: one property per option, named by its
 * long flag. Draft-07, which every editor's YAML and JSON support reads. `npm run verify-docs`
 * writes it to CONFIG_SCHEMA_FILE; a test keeps the two equal.
 */
export function configSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'coord-parking verify configuration',
    description:
      'Options of `coord-parking verify`, keyed by their long flag names. Flags override this file; it overrides the COORD_* environment variables. In text values, ${VAR} and ${VAR:-default} are read from the environment.',
    type: 'object',
    properties: {
      $schema: { type: 'string', description: 'This schema, for editors.' },
      ...Object.fromEntries(ENTRIES.map((entry) => [entry.flag, { description: propertyDescription(entry), ...entry.schema }])),
    },
    additionalProperties: false,
  };
}

function propertyDescription(entry: OptionEntry): string {
  const flag = `${entry.short ? `-${entry.short}, ` : ''}--${entry.flag}`;
  return `${entry.description}. Flag: ${flag}.${entry.env ? ` Environment: ${entry.env}.` : ''}`;
}

let validator: ValidateFunction | undefined;

/** The shipped schema, compiled once: the file editors read is the one the tool checks against. */
function validate(values: Record<string, unknown>): ErrorObject[] {
  if (!validator) {
    // Loaded on first use: a run given no option at all (npm start) need not pay for it.
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    // The schema itself is checked against draft-07 by a test: skipping that here halves the compile time.
    const ajv = new Ajv({ allErrors: true, verbose: true, validateSchema: false });
    // Not a JSON Schema keyword: VS Code and yaml-language-server show it, and so do our errors.
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    ajv.addSchema(JSON.parse(readFileSync(packageFile(CONFIG_SCHEMA_EXPORT), 'utf8')));
    validator = ajv.getSchema(CONFIG_SCHEMA_ID)!;
  }
  return validator(values) ? [] : (validator.errors ?? []);
}

/** What is wrong with one key (or the whole document when `key` is undefined), never quoting a value. */
export interface OptionProblem {
  key: string | undefined;
  /** Which item of a list, counting from 1. */
  item?: number;
  problem: string;
}

/** Checks option values (config keys → values, as the file holds them) against the schema. */
export function optionProblems(values: Record<string, unknown>): OptionProblem[] {
  if (Object.keys(values).length === 0) return [];
  return validate(values).map((error) => {
    const [key, item] = error.instancePath.split('/').slice(1);
    if (error.keyword === 'additionalProperties') {
      const unknown = String(error.params.additionalProperty);
      return { key: unknown, problem: `is not an option of coord-parking verify${suggestion(unknown)}` };
    }
    return { key, item: item === undefined ? undefined : Number(item) + 1, problem: describe(error) };
  });
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of option names to values',
};

/** How each schema keyword's failure reads; none quotes the value, which may be a secret. */
const PROBLEMS: Record<string, (error: ErrorObject) => string> = {
  type: (error) => `must be ${TYPE_NAMES[String(error.params.type)] ?? String(error.params.type)}`,
  enum: (error) => `must be one of ${(error.params.allowedValues as string[]).join(', ')}`,
  minimum: (error) => `must be at least ${error.params.limit}`,
  maximum: (error) => `must be at most ${error.params.limit}`,
  minLength: (error) => (error.params.limit === 1 ? 'must not be empty' : `must be at least ${error.params.limit} characters`),
  pattern: (error) => (error.parentSchema as { patternErrorMessage?: string }).patternErrorMessage ?? 'has the wrong form',
};

function describe(error: ErrorObject): string {
  return PROBLEMS[error.keyword]?.(error) ?? error.message ?? 'is not valid';
}

/** "did you mean base-url?" for `baseUrl`, `base_url`, `bse-url` and the like. */
function suggestion(key: string): string {
  const match = closest(
    key,
    ENTRIES.map((entry) => entry.flag),
  );
  return match ? ` (did you mean ${match}?)` : '';
}
