import { CONTRACT_CHECKS } from '../../contract-tests/index.ts';
import { parseVerifyOptions, VERIFY_USAGE } from '../verify/options.ts';
import { runVerify } from '../verify/run-verify.ts';

export { VERIFY_USAGE };

/** The CLI composes the two: the runner (src/verify) and the suite it runs (contract-tests). */
export async function verifyCommand(argv: string[]): Promise<number> {
  const { exitCode } = await runVerify(parseVerifyOptions(argv), { checks: CONTRACT_CHECKS });
  return exitCode;
}
