/**
 * Preloaded (`--import`) into a child process under test: on exit, writes the process's peak
 * resident memory in kilobytes to the file MAX_RSS_FILE names.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
