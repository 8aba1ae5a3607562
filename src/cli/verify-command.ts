import { Redactor } from 'coord-parking/redactor';
import { parseVerifyOptions, secretsOf, VERIFY_USAGE } from '../verify/options.ts';

export { VERIFY_USAGE };

/** The CLI composes the two: the runner (src/verify) and the suite it runs (contract-tests). */
export async function verifyCommand(argv: string[]): Promise<number> {
  const options = parseVerifyOptions(argv);
  try {
    // Loaded once the options are sound: --help, --version and usage errors stay instant.
    const [{ runVerify }, { CONTRACT_CHECKS }] = await Promise.all([
      import('../verify/run-verify.ts'),
      import('../../contract-tests/index.ts'),
    ]);
    return (await runVerify(options, { checks: CONTRACT_CHECKS })).exitCode;
  } catch (error) {
    // Whatever failed, its message is printed: it must not carry a credential or a header's value.
    if (error instanceof Error) error.message = new Redactor(secretsOf(options)).text(error.message);
    throw error;
  }
}
