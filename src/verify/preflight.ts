import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { prismBin } from '../prism/start-prism.ts';
import { CannotRunError } from './errors.ts';
import type { VerifyOptions } from './options.ts';
import { openTarget, type Target } from './target.ts';

/** Why a report cannot be written, by the error code opening it gave. */
const UNWRITABLE: Record<string, (path: string) => string> = {
  ENOENT: (path) => `its folder ${dirname(path)} does not exist`,
  ENOTDIR: () => 'a part of its path is not a folder',
  EISDIR: () => 'it is a folder',
  EACCES: () => 'permission denied',
  EPERM: () => 'permission denied',
  EROFS: () => 'the file system is read-only',
};

/*
 * Everything that can stop a run, checked before the first request: first every report path
 * (so that a run that cannot happen for another reason can still say so in its reports), then
 * that Prism is installed when the run needs it and that the target opens (reachable, for a
 * URL). Each throws a CannotRunError with one line to print.
 */

/** Each report can be written where it is asked for. */
export function assertReportsWritable(options: Pick<VerifyOptions, 'reports'>): void {
  for (const path of options.reports ?? []) assertWritable(path);
}

/** Prism, when the run needs it, and the target: the open target. */
export async function openChecked(options: VerifyOptions): Promise<Target> {
  if (options.target === 'mock' || options.viaPrism) {
    try {
      prismBin();
    } catch (error) {
      throw new CannotRunError(`--${options.viaPrism ? 'via-prism' : 'target mock'} needs Prism: ${firstLine(error)}`);
    }
  }
  try {
    return await openTarget(options);
  } catch (error) {
    throw new CannotRunError(firstLine(error));
  }
}

/** Opens the file as the report will (created, or appended to without truncating), then leaves it as it was. */
function assertWritable(path: string): void {
  // Opening a FIFO for writing blocks until a reader comes, past --max-time; a device is no report.
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) {
    throw new CannotRunError(`cannot write the report ${path}: ${existing.isDirectory() ? 'it is a folder' : 'it is not a regular file'}`);
  }
  const existed = existing !== undefined;
  try {
    closeSync(openSync(path, 'a'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new CannotRunError(`cannot write the report ${path}: ${UNWRITABLE[code]?.(path) ?? code}`);
  }
  if (!existed) rmSync(path);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/:$/, '');
}
