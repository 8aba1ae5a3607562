#!/usr/bin/env node
import { EXIT_CODES } from '../verify/exit-codes.ts';
import { CannotRunError, ConfigFileError, UsageError } from '../verify/errors.ts';
import { packageVersion } from '../verify/package-info.ts';
import { sandboxCommand, SANDBOX_USAGE } from './sandbox-command.ts';
import { verifyCommand, VERIFY_USAGE } from './verify-command.ts';

/** `coord-parking <command>`: each command parses its own arguments and returns an exit code. */
const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = {
  verify: { run: verifyCommand, usage: VERIFY_USAGE },
  sandbox: { run: sandboxCommand, usage: SANDBOX_USAGE },
};

const USAGE = `Usage:
${Object.values(COMMANDS)
  .map(({ usage }) => `  ${usage.split('\n')[0]}`)
  .join('\n')}
  coord-parking [command] -h, --help
  coord-parking [command] --version

More: coord-parking <command> --help`;

/** Whether the arguments ask for one of the flags every command takes (options stop at `--`). */
function asks(argv: string[], ...flags: string[]): boolean {
  const end = argv.indexOf('--');
  return argv.slice(0, end < 0 ? undefined : end).some((arg) => flags.includes(arg));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  const args = command ? rest : argv;
  if (asks(args, '-h', '--help')) {
    console.log(command?.usage ?? USAGE);
    return EXIT_CODES.held.code;
  }
  if (asks(args, '--version')) {
    console.log(packageVersion());
    return EXIT_CODES.held.code;
  }
  if (!command) {
    console.error(name === undefined ? USAGE : `Unknown command "${name}".\n\n${USAGE}`);
    return EXIT_CODES.usage.code;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // parseArgs reports unknown or malformed options with a TypeError carrying an ERR_PARSE_ARGS code.
    // Not every error's code is a string (a DOMException's is a number).
    const { code } = error as { code?: unknown };
    if (error instanceof ConfigFileError) {
      console.error(error.message);
      return EXIT_CODES.usage.code;
    }
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${(error as Error).message}\n\n${command.usage}`);
      return EXIT_CODES.usage.code;
    }
    // Never a stack trace: one line, and exit 3, which CI reads as "no verdict on the contract".
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof CannotRunError ? '' : 'unexpected error: ';
    console.error(`coord-parking ${name}: ${kind}${message.split('\n')[0]}`);
    return EXIT_CODES.cannotRun.code;
  }
}

// A reader that goes away (`verify | head`) is no reason to stop mid-run: the run still cleans
// up after itself, and its exit code still says the verdict. Writes to nobody are dropped.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

process.exitCode = await main(process.argv.slice(2));
