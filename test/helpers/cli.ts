import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The working directory (where verify looks for its config file); default the repository. */
  cwd?: string;
  /** Node options before the entry, e.g. `--require` of a preload. */
  nodeArgs?: string[];
}

/** The command that runs `coord-parking` from source, whatever the working directory: node, its tsx hook, the entry. */
export const CLI_COMMAND = [process.execPath, '--import', import.meta.resolve('tsx'), resolve('src/cli/main.ts')] as const;

/** Runs `coord-parking …` from source, as a user runs the bin, and collects what it prints. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, { cwd, nodeArgs = [] }: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const [node, ...entry] = CLI_COMMAND;
    const child = spawn(node, [...nodeArgs, ...entry, ...args], {
      cwd,
      env: { ...withoutCoordVariables(process.env), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A developer's own COORD_* variables, or colour settings, must not steer the tests. */
function withoutCoordVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('COORD_') && !['NO_COLOR', 'FORCE_COLOR'].includes(name)),
  );
}
