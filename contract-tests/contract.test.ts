/**
 * The contract suite as a plain mocha test file: `npx mocha contract-tests` checks the target
 * that the COORD_* variables name (by default the embedded sandbox), as `coord-parking verify`
 * does, without the matrix. `npm test` runs it against the sandbox.
 */
import { mountChecks } from '../src/verify/mount.ts';
import { parseVerifyOptions } from '../src/verify/options.ts';
import { Results } from '../src/verify/results.ts';
import { createRun, deadline, type RunContext } from '../src/verify/run-context.ts';
import { openTarget } from '../src/verify/target.ts';
import { CONTRACT_CHECKS } from './index.ts';

describe('contract suite (mocha, target from COORD_* variables)', function () {
  this.timeout(120_000);
  const options = parseVerifyOptions([], process.env);
  let run: RunContext | undefined;
  before(async () => {
    const target = await openTarget(options);
    run = createRun(
      options,
      target,
      new Results(CONTRACT_CHECKS),
      deadline(options.maxTime === undefined ? undefined : options.maxTime * 1000),
    );
  });
  after(() => run?.target.close());
  mountChecks(this, CONTRACT_CHECKS, () => run!);
});
