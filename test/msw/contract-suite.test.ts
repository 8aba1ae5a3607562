/**
 * The contract suite against the sandbox served by msw, in process: verify's `url` target at
 * the client's default base URL, which msw/node intercepts (the suite's drivers, raw HTTP and
 * the typed client, both go through node:http, which msw/node intercepts as it does fetch). Every check runs as over node:http, the
 * generated and hostile traffic included, and every stateful flow must pass, not be skipped.
 */
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { CONTRACT_CHECKS } from '../../contract-tests/index.ts';
import { mountChecks } from '../../src/verify/mount.ts';
import { parseVerifyOptions } from '../../src/verify/options.ts';
import { Results } from '../../src/verify/results.ts';
import { createRun, type RunContext } from '../../src/verify/run-context.ts';
import { openTarget } from '../../src/verify/target.ts';
import { sandboxHandlers } from '../../src/sandbox/msw.ts';

describe('msw: the contract suite through the msw transport', function () {
  this.timeout(120_000);
  const server = setupServer();
  let run: RunContext | undefined;
  before(async () => {
    const sandbox = await sandboxHandlers({ onInternalError: (error) => console.error(error) });
    server.use(...sandbox.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    const options = parseVerifyOptions(
      [
        ['--base-url', sandbox.baseUrl],
        ['--access-key', sandbox.accessKey],
        ['--token', sandbox.testUserToken],
        ['--non-test-token', sandbox.userToken],
        ['--location', sandbox.locationId],
        ['--gated-location', sandbox.gatedLocationId],
      ].flat(),
      {},
    );
    const target = await openTarget(options);
    run = createRun(options, target, new Results(CONTRACT_CHECKS), new AbortController().signal);
  });
  after(async () => {
    await run?.target.close();
    server.close();
  });

  describe('suite', function () {
    mountChecks(this, CONTRACT_CHECKS, () => run!);
  });

  describe('outcome', () => {
    it('every stateful flow ran through msw and passed, with raw HTTP and with the client', () => {
      const { results, exchanger } = run!;
      for (const flow of CONTRACT_CHECKS.filter((check) => check.per === 'flow')) {
        const entries = results.entries.filter((entry) => entry.check === flow.name);
        assert.deepEqual(
          entries.map((entry) => entry.status),
          ['passed'],
          `${flow.name}: ${entries.map((entry) => entry.note ?? entry.failures.map((f) => f.message).join('; ')).join(' ')}`,
        );
      }
      assert.ok(
        exchanger.exchanges.every((exchange) => exchange.request.url.startsWith('https://api.coord.co/v1/access/parking')),
        'every request went to the default base URL, where only msw answers',
      );
      assert.equal(results.entries.filter((entry) => entry.status === 'failed').length, 0);
    });
  });
});
