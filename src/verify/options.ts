import { parseArgs, type ParseArgsConfig } from 'node:util';
import { findConfigFile, readConfigFile } from './config-file.ts';
import { parseHeaders } from './headers.ts';
import { optionProblems } from './option-schema.ts';
import { CONFIG_FLAG, VERIFY_OPTIONS, type OptionEntry, type VerifyOptions } from './option-table.ts';
import { ConfigFileError, UsageError } from './errors.ts';

export type { VerifyOptions };
export { UsageError };
export { VERIFY_USAGE } from './usage.ts';
export { secretsOf } from './option-table.ts';

type Field = keyof VerifyOptions;
const FIELDS = Object.keys(VERIFY_OPTIONS) as Field[];
const ENTRIES = Object.values(VERIFY_OPTIONS);

/** The values one source gives, keyed by long flag name (the config file's keys), and how a message names where one came from. */
interface Layer {
  values: Record<string, unknown>;
  where(key: string, item?: number): string;
  /** The error a bad value in this source raises: the config file's carries no usage. */
  Error: typeof UsageError;
}

/**
 * The options of one run: flags override the config file (`--config`, or one found in the working
 * directory), which overrides the COORD_* variables; then the defaults. Every check of the options
 * is here or in the schema the option table makes, and a bad value is a UsageError (exit 2).
 */
export function parseVerifyOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): VerifyOptions {
  const { layer: flags, config } = flagLayer(argv);
  const configPath = findConfigFile(config);
  const layers = [flags, ...(configPath ? [fileLayer(configPath, env)] : []), envLayer(env)];
  for (const layer of layers) assertValid(layer);

  const from = (field: Field) => layers.find((layer) => layer.values[VERIFY_OPTIONS[field].flag] !== undefined);
  const value = (field: Field) => from(field)?.values[VERIFY_OPTIONS[field].flag] ?? VERIFY_OPTIONS[field].schema.default;
  const refuse = (field: Field, problem: string): never => {
    const layer = from(field)!;
    throw new layer.Error(`${layer.where(VERIFY_OPTIONS[field].flag)} ${problem}`);
  };
  // Every value has passed its schema, so each field holds the type VerifyOptions gives it.
  const options = Object.fromEntries(FIELDS.map((field) => [field, value(field)])) as unknown as VerifyOptions;

  options.baseUrl = options.baseUrl?.replace(/\/+$/, '');
  options.target ??= options.baseUrl ? 'url' : 'sandbox';
  options.seed ??= Math.floor(Math.random() * 2 ** 31);
  const reports = options.reports ?? [];
  const twice = reports.find((path, index) => reports.indexOf(path) !== index);
  if (twice !== undefined) refuse('reports', `names ${twice} twice`);
  const headers = parseHeaders((value('headers') as string[] | undefined) ?? []);
  if ('problem' in headers) refuse('headers', headers.problem);
  else options.headers = headers.headers;

  // A token given as expired must be: one that is still valid would make the expiry check fail the server unfairly.
  const expiresAt = options.expiredToken === undefined ? undefined : jwtExpiry(options.expiredToken);
  if (expiresAt !== undefined && expiresAt > Date.now())
    // An `exp` past what a Date holds has no ISO form, and is not expired either.
    refuse(
      'expiredToken',
      `has not expired yet (exp ${Number.isFinite(new Date(expiresAt).getTime()) ? new Date(expiresAt).toISOString() : expiresAt / 1000})`,
    );

  if (options.target === 'url') {
    const missing = (['baseUrl', 'accessKey', 'token', 'location'] as const).filter((field) => !options[field]);
    if (missing.length > 0) {
      const names = missing.map((field) => `--${VERIFY_OPTIONS[field].flag} (${VERIFY_OPTIONS[field].env})`);
      throw new UsageError(`--target url needs ${names.join(', ')}; each may also be a key of the config file`);
    }
    if (!URL.canParse(options.baseUrl!)) refuse('baseUrl', 'is not a URL');
    // fetch refuses such URLs, and every line that names the target would print the password.
    else if (/^[^/]+:\/\/[^/]*@/.test(options.baseUrl!))
      refuse('baseUrl', 'must not hold credentials (user:password@); a gateway header goes in -H');
  }
  return options;
}

function flagLayer(argv: string[]): { layer: Layer; config: string | undefined } {
  const all = [...ENTRIES, CONFIG_FLAG];
  const config: ParseArgsConfig['options'] = Object.fromEntries(
    all.flatMap((entry) => {
      const parsed = {
        type: entry.schema.type === 'boolean' ? ('boolean' as const) : ('string' as const),
        multiple: entry.schema.type === 'array',
      };
      return [[entry.flag, { ...parsed, ...(entry.short ? { short: entry.short } : {}) }], ...(entry.alias ? [[entry.alias, parsed]] : [])];
    }),
  );
  // allowNegative: --no-bail, --no-color turn off what a config file turned on.
  const { values } = parseArgs({ args: argv, options: config, allowNegative: true, strict: true }) as {
    values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  };
  const given = (entry: OptionEntry): unknown => {
    const named = [values[entry.flag], ...(entry.alias ? [values[entry.alias]] : [])].filter((value) => value !== undefined);
    if (entry.schema.type !== 'array') return named[0];
    if (named.length === 0) return undefined;
    const items = (named as string[][]).flat();
    // `--checks a,b --checks c`: Schemathesis' comma lists, and the flag repeated, alike.
    return entry.commaSeparated ? items.flatMap((item) => item.split(',').map((part) => part.trim())).filter(Boolean) : items;
  };
  return {
    layer: {
      values: Object.fromEntries(ENTRIES.map((entry) => [entry.flag, fromText(entry, given(entry))])),
      where: (key, item) => {
        const short = all.find((entry) => entry.flag === key)?.short;
        return `${short ? `-${short}/` : ''}--${key}${item === undefined ? '' : ` #${item}`}`;
      },
      Error: UsageError,
    },
    config: values[CONFIG_FLAG.flag] as string | undefined,
  };
}

function fileLayer(path: string, env: NodeJS.ProcessEnv): Layer {
  const file = readConfigFile(path, env);
  return {
    values: file.values,
    where: (key, item) => `${file.where(key)}${item === undefined ? '' : ` #${item}`}`,
    Error: ConfigFileError,
  };
}

function envLayer(env: NodeJS.ProcessEnv): Layer {
  // An empty variable counts as unset: CI systems export unset secrets as empty strings.
  const text = (entry: OptionEntry) => (entry.env && env[entry.env] !== '' ? env[entry.env] : undefined);
  return {
    values: Object.fromEntries(ENTRIES.map((entry) => [entry.flag, fromText(entry, text(entry))])),
    where: (key) => ENTRIES.find((entry) => entry.flag === key)!.env!,
    Error: UsageError,
  };
}

/** Integers typed as text become numbers; anything else is left for the schema to judge. */
function fromText(entry: OptionEntry, value: unknown): unknown {
  return entry.schema.type === 'integer' && typeof value === 'string' && /^[+-]?\d+$/.test(value) ? Number(value) : value;
}

/** Every problem of one source at once, each naming where it is, none quoting a value. */
function assertValid(layer: Layer): void {
  const given = Object.fromEntries(Object.entries(layer.values).filter(([, value]) => value !== undefined));
  const order = Object.keys(given);
  const problems = optionProblems(given)
    // In the order the source gives them: top to bottom for a file.
    .sort((a, b) => order.indexOf(a.key ?? '') - order.indexOf(b.key ?? ''))
    .map(({ key, item, problem }) => `${key === undefined ? '' : layer.where(key, item)} ${problem}`);
  if (problems.length > 0) throw new layer.Error(problems.join('\n'));
}

/** A JWT's `exp` in milliseconds, read without verifying it; undefined when it has none or is no JWT. */
function jwtExpiry(token: string): number | undefined {
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
