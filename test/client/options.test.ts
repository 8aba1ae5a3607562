import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../src/client/retry-after.ts';
import {
  createCoordParkingClient,
  CoordInputError,
  DEFAULT_RETRY,
  waitForSessionState,
  type CoordParkingClientOptions,
} from '../../src/index.ts';

const VALID = { accessKey: 'sk_test_0000000000', baseUrl: 'http://127.0.0.1:9/v1/access/parking' };

/** Each bad option, and the argument the CoordInputError must name. */
const BAD_OPTIONS: [string, Record<string, unknown>, string][] = [
  ['no options at all', { accessKey: undefined }, 'options.accessKey'],
  ['an implausibly short access key', { accessKey: 'short' }, 'options.accessKey'],
  ['a blank access key', { accessKey: '          ' }, 'options.accessKey'],
  ['a relative base URL', { baseUrl: '/v1/access/parking' }, 'options.baseUrl'],
  ['a base URL of another scheme', { baseUrl: 'ftp://api.coord.co/v1' }, 'options.baseUrl'],
  ['timeoutMs beyond what timers hold (it fired after ~1 ms)', { timeoutMs: 2 ** 31 }, 'options.timeoutMs'],
  ['timeoutMs of 0', { timeoutMs: 0 }, 'options.timeoutMs'],
  ['a fractional timeoutMs', { timeoutMs: 1.5 }, 'options.timeoutMs'],
  ['timeoutMs as a string', { timeoutMs: '1000' }, 'options.timeoutMs'],
  ['timeoutMs NaN', { timeoutMs: Number.NaN }, 'options.timeoutMs'],
  ['a userToken that is neither string nor function', { userToken: 42 }, 'options.userToken'],
  ['a fetch that is not a function', { fetch: 'fetch' }, 'options.fetch'],
  ['a userAgent with a line break', { userAgent: 'app/1.0\r\nX-Injected: 1' }, 'options.userAgent'],
  ['maxResponseBytes of 0', { maxResponseBytes: 0 }, 'options.maxResponseBytes'],
  ["validateResponses: 'strict' (it takes responseValidation('strict'))", { validateResponses: 'strict' }, 'options.validateResponses'],
  ['plugins that are not functions', { plugins: [{ raw: true }] }, 'options.plugins'],
  ['a misspelt option', { timeout: 5_000 }, 'options.timeout'],
  ['retry: true', { retry: true }, 'options.retry'],
  ['retry.methods not an array (was a bare TypeError)', { retry: { methods: 'GET' } }, 'options.retry.methods'],
  ['retry.methods with a non-string', { retry: { methods: ['get', 1] } }, 'options.retry.methods'],
  ['a negative retry.limit', { retry: { limit: -1 } }, 'options.retry.limit'],
  ['retry.statusCodes out of range', { retry: { statusCodes: [700] } }, 'options.retry.statusCodes'],
  ['retry.maxRetryAfter beyond what timers hold', { retry: { maxRetryAfter: Infinity } }, 'options.retry.maxRetryAfter'],
  ['retry.delay not a function', { retry: { delay: 300 } }, 'options.retry.delay'],
  ['retry.jitter a number', { retry: { jitter: 0.5 } }, 'options.retry.jitter'],
  ['a retry option of another library', { retry: { baseDelayMs: 300 } }, 'options.retry.baseDelayMs'],
];

describe('client options, checked at creation', () => {
  for (const [name, options, argument] of BAD_OPTIONS) {
    it(`refuses ${name}: CoordInputError naming ${argument}`, () => {
      assert.throws(
        () => createCoordParkingClient({ ...VALID, ...options } as CoordParkingClientOptions),
        (error: unknown) => error instanceof CoordInputError && error.argument === argument && error.message.startsWith(argument),
      );
    });
  }

  it('refuses a missing options object with a CoordInputError, not a TypeError', () => {
    assert.throws(() => createCoordParkingClient(undefined as never), CoordInputError);
  });

  it('takes every valid option, and undefined as "the default"', () => {
    createCoordParkingClient({
      ...VALID,
      userToken: () => undefined,
      fetch: globalThis.fetch,
      timeoutMs: 2 ** 31 - 1,
      userAgent: 'app/1.0',
      maxResponseBytes: 1,
      validateResponses: undefined,
      retry: {
        limit: 0,
        methods: ['GET', 'put'],
        statusCodes: [503],
        afterStatusCodes: [],
        maxRetryAfter: 0,
        backoffLimit: Infinity,
        delay: () => 1,
        jitter: (d) => d,
      },
    });
    createCoordParkingClient({ ...VALID, retry: { limit: undefined } });
  });

  it('freezes the exported defaults, so no app can change them for every client', () => {
    assert.ok(Object.isFrozen(DEFAULT_RETRY));
    assert.throws(() => (DEFAULT_RETRY.methods as string[]).push('POST'), TypeError);
    assert.throws(() => (DEFAULT_RETRY.statusCodes as number[]).push(500), TypeError);
    assert.throws(() => Object.assign(DEFAULT_RETRY, { limit: 10 }), TypeError);
    assert.deepEqual(DEFAULT_RETRY.methods, ['get']);
  });

  it('refuses waitForSessionState time limits that timers cannot hold', async () => {
    const client = createCoordParkingClient(VALID);
    for (const options of [{ timeoutMs: 2 ** 31 }, { intervalMs: -1 }, { intervalMs: 0.5 }]) {
      await assert.rejects(waitForSessionState(client, 'lot-1', 1, 'ended', options), CoordInputError);
    }
  });
});

describe('Retry-After (RFC 9110)', () => {
  const now = Date.parse('2026-11-24T10:00:00Z');
  const TABLE: [string, number | undefined][] = [
    ['120', 120_000],
    ['0', 0],
    ['  7  ', 7_000],
    ['99999999999999999999', 2 ** 31 * 1000],
    ['Tue, 24 Nov 2026 10:00:30 GMT', 30_000],
    ['Tuesday, 24-Nov-26 10:00:30 GMT', 30_000],
    ['Tue Nov 24 10:00:30 2026', 30_000],
    ['Tue, 24 Nov 2026 09:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    ['', undefined],
    ['later', undefined],
    ['Tue, 24 Nov 2026 10:00:30 UTC', undefined],
    ['Tue, 24 Nov 2026 25:00:30 GMT', undefined],
    ['Tue, 24 Nov 26 10:00:30 GMT', undefined],
    ['2026-11-24T10:00:30Z', undefined],
  ];
  for (const [value, expected] of TABLE) {
    it(`${JSON.stringify(value)} → ${expected}`, () => assert.equal(parseRetryAfter(value, now), expected));
  }
});
