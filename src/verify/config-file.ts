import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigFileError } from './errors.ts';

/** Looked for in the working directory when `--config` names none. */
export const CONFIG_FILE_NAMES = ['coord-parking.config.yaml', 'coord-parking.config.yml', 'coord-parking.config.json'] as const;

const UNREADABLE: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
};

/** A config file's values, keyed as in the file, with `${VAR}` references already expanded. */
export interface ConfigFile {
  values: Record<string, unknown>;
  /** `file:line: key`, for a message about that key. */
  where(key: string): string;
}

/** The file `--config` names, else the one in the working directory, else none. */
export function findConfigFile(named: string | undefined): string | undefined {
  if (named !== undefined) return named;
  const found = CONFIG_FILE_NAMES.filter((name) => existsSync(name));
  if (found.length > 1) throw new ConfigFileError(`found ${found.join(' and ')}: keep one, or choose with --config`);
  return found[0];
}

/**
 * Reads a YAML or JSON config file (by extension; anything but `.json` is YAML 1.2). Errors give
 * the file, the line where known and the key, but never a value nor a line of the file: either
 * may hold a secret.
 */
export function readConfigFile(path: string, env: NodeJS.ProcessEnv): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigFileError(`${path}: cannot read the config file: ${UNREADABLE[code] ?? code}`);
  }
  // Loaded here, when there is a file to read: most runs have none, and startup time counts.
  const { isMap, isScalar, LineCounter, parseDocument } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  // Parsed as YAML even when JSON (a subset of YAML 1.2), for the line numbers of keys.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? '' : `:${lineCounter.linePos(offset).line}`);
  const where = (key: string) => {
    const pair = isMap(document.contents)
      ? document.contents.items.find((item) => isScalar(item.key) && item.key.value === key)
      : undefined;
    return `${path}${lineAt(isScalar(pair?.key) ? pair.key.range?.[0] : undefined)}: ${key}`;
  };

  let parsed: unknown;
  if (path.endsWith('.json')) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      // V8's message quotes the text around the fault: keep only its position.
      const position = /at position (\d+)/.exec((error as Error).message)?.[1];
      throw new ConfigFileError(`${path}${lineAt(position === undefined ? undefined : Number(position))}: not valid JSON`);
    }
  } else {
    const [first] = document.errors;
    // The parser's code, not its message: some messages quote the text at fault.
    if (first) throw new ConfigFileError(`${path}${lineAt(first.pos[0])}: not valid YAML (${first.code})`);
    try {
      parsed = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias bomb: the parser refuses to expand it, and its message names no value.
      throw new ConfigFileError(`${path}: not usable YAML (${(error as Error).message})`);
    }
  }
  // An empty file sets nothing.
  parsed ??= {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigFileError(`${path}: must be a mapping of option names to values`);
  }

  // No prototype: a `__proto__` key is then a key like any other, refused as unknown, and cannot
  // slip values past the checks as the object's prototype.
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const expanded = expandAll(value, env);
    if ('problem' in expanded) throw new ConfigFileError(`${where(key)} ${expanded.problem}`);
    // `token: ${TOKEN:-}` is how a file says "if set": a reference that came out empty gives nothing.
    if (expanded.value === '' && value !== '') continue;
    values[key] = expanded.value;
  }
  return { values, where };
}

function expandAll(value: unknown, env: NodeJS.ProcessEnv): { value: unknown } | { problem: string } {
  if (typeof value === 'string') return expandVariables(value, env);
  if (!Array.isArray(value)) return { value };
  const items: unknown[] = [];
  for (const item of value) {
    const expanded = expandAll(item, env);
    if ('problem' in expanded) return expanded;
    items.push(expanded.value);
  }
  return { value: items };
}

/**
 * `${NAME}` is the variable's value, and an error when it is unset or empty (a CI secret that was
 * never configured arrives empty: better a clear error than a run with no credential);
 * `${NAME:-default}` falls back when it is unset or empty; `$${` is a literal `${`. A problem
 * names the variable, never a value.
 */
export function expandVariables(text: string, env: NodeJS.ProcessEnv): { value: string } | { problem: string } {
  let problem: string | undefined;
  const value = text.replace(/\$(\$?)\{([^}]*)(\}?)/g, (whole, escaped: string, inside: string, closed: string) => {
    if (escaped) return whole.slice(1);
    const reference = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(inside);
    if (!closed || !reference || reference[2]?.includes('${')) {
      problem ??= 'has a "${" that is not ${NAME} or ${NAME:-default} (write $${ for a literal "${")';
      return '';
    }
    const [, name, fallback] = reference as unknown as [string, string, string | undefined];
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    problem ??= `needs the environment variable ${name}, which is ${set === undefined ? 'not set' : 'empty'}`;
    return '';
  });
  return problem === undefined ? { value } : { problem };
}
