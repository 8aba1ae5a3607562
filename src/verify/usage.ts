import { EXIT_CODES } from './exit-codes.ts';
import { CONFIG_FLAG, VERIFY_OPTIONS, type OptionEntry } from './option-table.ts';

/** What every command accepts besides its own options. */
export const COMMON_FLAGS: readonly OptionEntry[] = [
  { flag: 'help', short: 'h', schema: { type: 'boolean' }, description: 'print this help' },
  { flag: 'version', schema: { type: 'boolean' }, description: 'print the package name and version' },
];

/** `-H, --header "NAME: VALUE"`, `--[no-]bail`, `--[no-]list, --dry-run`. */
export function flagText(entry: OptionEntry): string {
  const negatable = entry.schema.type === 'boolean' && !COMMON_FLAGS.includes(entry);
  const long = `--${negatable ? '[no-]' : ''}${entry.flag}`;
  return `${entry.short ? `-${entry.short}, ` : ''}${long}${entry.alias ? `, --${entry.alias}` : ''}${entry.placeholder ? ` ${entry.placeholder}` : ''}`;
}

/** `(default 25)`; switches are off unless given, which goes without saying. */
function shownDefault(entry: OptionEntry): string {
  const value = entry.schema.default;
  return value === undefined || value === false ? '' : ` (default ${String(value)})`;
}

const WIDTH = 100;

/** Two columns, the second wrapped at WIDTH. */
function columns(rows: [string, string][]): string[] {
  const left = Math.max(...rows.map(([flag]) => flag.length)) + 4;
  return rows.flatMap(([flag, text]) => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && left + line.length + word.length + 1 > WIDTH) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines.map((part, i) => `${(i === 0 ? `  ${flag}` : '').padEnd(left)}${part}`);
  });
}

export const VERIFY_USAGE = [
  'coord-parking verify [options]',
  '',
  'Checks a server against the contract (spec/openapi.yaml) and prints operations × checks.',
  '',
  ...columns(
    [...Object.values(VERIFY_OPTIONS), CONFIG_FLAG, ...COMMON_FLAGS].map((entry) => [
      flagText(entry),
      `${entry.description}${shownDefault(entry)}${entry.env ? ` [${entry.env}]` : ''}`,
    ]),
  ),
  '',
  'Each option is also a key of the config file, by its long name (base-url: …). Flags override the',
  'file; the file overrides the [COORD_…] environment variables.',
  '',
  'Exit status:',
  ...columns(Object.values(EXIT_CODES).map(({ code, meaning }) => [String(code), meaning])),
].join('\n');
