import { spawnSync } from 'node:child_process';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's TypeScript scripts as a user would, in its own process. */
export function runScript(script: string, args: string[] = []): RunResult {
  const { status, stdout, stderr } = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status, stdout, stderr };
}
