#!/usr/bin/env node
import { UsageError as VerifyUsageError } from '../verify/options.ts';
import { sandboxCommand, SANDBOX_USAGE, UsageError } from './sandbox-command.ts';
import { verifyCommand, VERIFY_USAGE } from './verify-command.ts';

/** `coord-parking <command>`: each command parses its own arguments and returns an exit code. */
const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = {
  verify: { run: verifyCommand, usage: VERIFY_USAGE },
  sandbox: { run: sandboxCommand, usage: SANDBOX_USAGE },
};

const USAGE = `Usage:\n${Object.values(COMMANDS)
  .map(({ usage }) => `  ${usage.split('\n')[0]}`)
  .join('\n')}\n\nMore: coord-parking <command> --help`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (name === '--help') {
    console.log(USAGE);
    return 0;
  }
  if (!command) {
    console.error(name === undefined ? USAGE : `Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // parseArgs reports unknown or malformed options with a TypeError carrying an ERR_PARSE_ARGS code.
    const code = (error as { code?: string }).code ?? '';
    if (error instanceof UsageError || error instanceof VerifyUsageError || code.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${command.usage}`);
      return 2;
    }
    // Anything else is one line for the person reading the CI log, not a stack trace.
    console.error(`coord-parking ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
