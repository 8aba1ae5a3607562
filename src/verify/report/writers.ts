import { extname } from 'node:path';
import { htmlReport } from './html.ts';
import { jsonReport } from './json.ts';
import { junitReport } from './junit.ts';
import { markdownReport } from './markdown.ts';
import type { RunRecord } from './run-record.ts';

/** Each report format, by the extension that names it (`--report FILE.ext`). */
export const REPORT_WRITERS: Record<string, (record: RunRecord) => string> = {
  '.html': htmlReport,
  '.md': markdownReport,
  '.xml': junitReport,
  '.json': jsonReport,
};

/** What `--reporter` puts on stdout besides mocha's own `spec`: the same writers as the files. */
export const STDOUT_WRITERS: Record<'junit' | 'json', (record: RunRecord) => string> = { junit: junitReport, json: jsonReport };

export function reportFor(path: string, record: RunRecord): string {
  const write = REPORT_WRITERS[extname(path).toLowerCase()];
  if (!write) throw new Error(`no report format for ${path}`);
  return write(record);
}
