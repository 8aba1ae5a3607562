/**
 * What the option table of `coord-parking verify` (src/verify/option-table.ts) says, rendered for
 * where users read it: the README's tables of options, environment variables and exit codes, and
 * the JSON Schemas of the config file and of the JSON report, as shipped.
 */
import { EXIT_CODES } from '../../src/verify/exit-codes.ts';
import { configSchema } from '../../src/verify/option-schema.ts';
import { REPORT_SCHEMA } from '../../src/verify/report/json-report-schema.ts';
import { CONFIG_FLAG, VERIFY_OPTIONS, type OptionEntry } from '../../src/verify/option-table.ts';
import { COMMON_FLAGS, flagText } from '../../src/verify/usage.ts';

/** Variables verify reads that are not options: they say how to print, not what to run. */
const OTHER_VARIABLES: [name: string, meaning: string][] = [
  ['NO_COLOR', 'any non-empty value: no colour (https://no-color.org)'],
  [
    'FORCE_COLOR',
    'colour even when the output is not a terminal (`0` turns it off); wins over NO_COLOR, as in Node. `--no-color` wins over both',
  ],
];

const cell = (text: string) => text.replaceAll('|', '\\|');
const code = (text: string) => `\`${cell(text)}\``;

function defaultOf(entry: OptionEntry): string {
  const value = entry.schema.default;
  return value === undefined ? '' : code(String(value));
}

function optionsTable(): string {
  const rows = [...Object.values(VERIFY_OPTIONS), CONFIG_FLAG, ...COMMON_FLAGS].map((entry) => {
    const inFile = Object.values(VERIFY_OPTIONS).includes(entry);
    const key = !inFile ? '—' : code(entry.schema.type === 'array' ? `${entry.flag}: [...]` : entry.flag);
    return `| ${code(flagText(entry))} | ${key} | ${entry.env ? code(entry.env) : ''} | ${defaultOf(entry)} | ${cell(entry.description)} |`;
  });
  return ['| flag | config key | environment | default | what it does |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function environmentTable(): string {
  const rows = [
    ...Object.values(VERIFY_OPTIONS)
      .filter((entry) => entry.env)
      .map((entry) => `| ${code(entry.env!)} | ${code(`--${entry.flag}`)}: ${cell(entry.description)} |`),
    ...OTHER_VARIABLES.map(([name, meaning]) => `| ${code(name)} | ${cell(meaning)} |`),
  ];
  return ['| variable | meaning |', '| --- | --- |', ...rows].join('\n');
}

function exitCodesTable(): string {
  const rows = Object.values(EXIT_CODES).map(({ code: status, meaning }) => `| ${status} | ${cell(meaning)} |`);
  return ['| exit status | meaning |', '| --- | --- |', ...rows].join('\n');
}

export const README_TABLES: Record<string, () => string> = {
  'verify-options': optionsTable,
  'verify-environment': environmentTable,
  'verify-exit-codes': exitCodesTable,
};

/** The README with each `<!-- name:start -->…<!-- name:end -->` block replaced by its table. */
export function readmeWithTables(readme: string): string {
  return Object.entries(README_TABLES).reduce((text, [name, table]) => {
    const start = `<!-- ${name}:start (npm run verify-docs) -->\n`;
    const end = `\n<!-- ${name}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end, from);
    if (from < 0 || to < 0) throw new Error(`README.md has no ${name} block`);
    return `${text.slice(0, from + start.length)}${table()}${text.slice(to)}`;
  }, readme);
}

export const SCHEMA_TEXT = `${JSON.stringify(configSchema(), null, 2)}\n`;

/** The JSON report's schema as shipped. */
export const REPORT_SCHEMA_TEXT = `${JSON.stringify(REPORT_SCHEMA, null, 2)}\n`;
