import { Redactor } from 'coord-parking/redactor';
import { parseVerifyOptions, secretsOf, VERIFY_USAGE, type VerifyOptions } from '../verify/options.ts';
import type { Check } from '../verify/check.ts';

export { VERIFY_USAGE };

/** The CLI composes the two: the runner (src/verify) and the suite it runs (contract-tests). */
export async function verifyCommand(argv: string[]): Promise<number> {
  const options = parseVerifyOptions(argv);
  try {
    // Loaded once the options are sound: --help, --version and usage errors stay instant.
    const { CONTRACT_CHECKS } = await import('../../contract-tests/index.ts');
    if (options.list) return await list(options, CONTRACT_CHECKS);
    const { runVerify } = await import('../verify/run-verify.ts');
    return (await runVerify(options, { checks: CONTRACT_CHECKS })).exitCode;
  } catch (error) {
    // Whatever failed, its message is printed: it must not carry a credential or a header's value.
    if (error instanceof Error) error.message = new Redactor(secretsOf(options)).text(error.message);
    throw error;
  }
}

/** `--list` (`--dry-run`): what would run and what it would make, from the options alone; nothing is opened or sent. */
async function list(options: VerifyOptions, checks: readonly Check[]): Promise<number> {
  const [{ planRun }, { capabilitiesFor }, { locationsFor }, { planText }] = await Promise.all([
    import('../verify/selection.ts'),
    import('../verify/capabilities.ts'),
    import('../verify/target.ts'),
    import('../verify/report/plan-text.ts'),
  ]);
  const plan = planRun(checks, options);
  const target = `${options.target}${options.target === 'url' ? ` (${options.baseUrl})` : ''}${options.viaPrism ? ' via Prism' : ''}`;
  process.stdout.write(planText(plan, { checks, capabilities: capabilitiesFor(options), target, ...locationsFor(options) }));
  return 0;
}
