import assert from 'node:assert/strict';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isRfc3339DateTime } from '../../src/contract/date-time.ts';

/** The contract's date-time check, next to ajv-formats' (which it replaces for speed). */
const CASES: [string, boolean][] = [
  ['2018-04-12T00:14:20.292Z', true],
  ['2018-04-12T00:14:20Z', true],
  ['2026-01-01t10:00:00z', true],
  ['2026-01-01T10:00:00+05:30', true],
  ['2026-01-01T10:00:00-00:00', true],
  ['2026-01-01T10:00:00.123456789Z', true],
  ['2024-02-29T00:00:00Z', true],
  ['2000-02-29T00:00:00Z', true],
  ['2026-01-01T23:59:60Z', true],
  ['2026-02-29T00:00:00Z', false],
  ['1900-02-29T00:00:00Z', false],
  ['2026-04-31T00:00:00Z', false],
  ['2026-13-01T00:00:00Z', false],
  ['2026-00-10T00:00:00Z', false],
  ['2026-01-00T00:00:00Z', false],
  ['2026-01-01T24:00:00Z', false],
  ['2026-01-01T10:60:00Z', false],
  ['2026-01-01T10:30:60Z', false],
  ['2026-01-01T10:00:00.Z', false],
  ['2026-01-01T10:00:00', false],
  ['2026-01-01T10:00:00+0530', false],
  ['2026-01-01T10:00:00+24:00', false],
  ['2026-01-01T10:00:00Zjunk', false],
  ['20a6-01-01T10:00:00Z', false],
  ['2026-01-01X10:00:00Z', false],
  ['yesterday', false],
  ['', false],
];

describe('isRfc3339DateTime', () => {
  for (const [value, expected] of CASES) {
    it(`${JSON.stringify(value)} → ${expected}`, () => assert.equal(isRfc3339DateTime(value), expected));
  }

  it('agrees with ajv-formats wherever ajv-formats follows RFC 3339 strictly', () => {
    const ajvDateTime = (fullFormats['date-time'] as { validate: (value: string) => boolean }).validate;
    // ajv-formats also takes a space for "T" and "+0530" offsets, which RFC 3339 does not.
    const lenient = new Set(['2026-01-01T10:00:00+0530']);
    for (const [value, expected] of CASES) if (!lenient.has(value)) assert.equal(ajvDateTime(value), expected, value);
  });
});
