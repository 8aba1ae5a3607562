import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Exchanger } from '../../src/verify/exchange.ts';
import { openTarget, type Target } from '../../src/verify/target.ts';
import { parseVerifyOptions } from '../../src/verify/options.ts';

describe('verify: the reproducing curl', () => {
  let target: Target;
  before(async () => (target = await openTarget(parseVerifyOptions(['--target', 'sandbox'], {}))));
  after(() => target.close());

  it('names credentials as $COORD_ variables, and replays the request to the same answer in bash', async () => {
    const exchanger = new Exchanger(target, { timeoutMs: 5_000, maxResponseBytes: 1024 * 1024, runSignal: new AbortController().signal });
    const exchange = await exchanger.send({
      operationId: 'post_session',
      method: 'POST',
      path: `/${target.locationId}/session`,
      json: { license_plate: 'AB-12', note: 'a "quoted" $HOME `cmd` \\ back' },
    });
    assert.equal(exchange.response?.status, 400, 'an unknown field: a 400 that names it');
    for (const secret of [target.accessKey, target.token]) assert.ok(!exchange.curl.includes(secret));
    assert.match(exchange.curl, /access_key=\$\{COORD_ACCESS_KEY\}/);
    assert.match(exchange.curl, /Bearer \$\{COORD_USER_TOKEN\}/);

    // Asynchronously: the sandbox answering it runs in this process.
    const env = { ...process.env, COORD_ACCESS_KEY: target.accessKey, COORD_USER_TOKEN: target.token };
    const { stdout } = await promisify(execFile)('bash', ['-c', `${exchange.curl} -w '\n%{http_code}'`], { env, timeout: 10_000 });
    const [body, status] = stdout.split('\n');
    assert.equal(status, '400');
    assert.deepEqual(JSON.parse(body!).errors, [{ pointer: '/note', detail: 'is not allowed' }]);
  });
});
