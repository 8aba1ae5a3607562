import { parseVerifyOptions, VERIFY_USAGE } from '../verify/options.ts';
import { runVerify } from '../verify/run-verify.ts';

export { VERIFY_USAGE };

export async function verifyCommand(argv: string[]): Promise<number> {
  const { exitCode } = await runVerify(parseVerifyOptions(argv));
  return exitCode;
}
