/**
 * `Retry-After` (RFC 9110 §10.2.3) as milliseconds from `now`: delta-seconds (a non-negative
 * integer) or an HTTP-date in any of the three forms recipients must accept (§5.6.7).
 * Anything else is ignored (undefined), where `Date.parse` alone would read `-5` or `1.5` as
 * dates; it is asked only about text already in one of those forms.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  // RFC 9111 §1.2.2: a delta too large to represent counts as 2^31 seconds.
  if (/^\d+$/.test(text)) return Math.min(Number(text), 2 ** 31) * 1000;
  if (!HTTP_DATE.test(text)) return undefined;
  // asctime carries no zone; HTTP dates are all in GMT.
  const date = Date.parse(text.endsWith('GMT') ? text : `${text} GMT`);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d\\d:\\d\\d:\\d\\d';
const HTTP_DATE = new RegExp(
  [
    `${DAY}, \\d\\d ${MONTH} \\d{4} ${TIME} GMT`, // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    `(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \\d\\d-${MONTH}-\\d\\d ${TIME} GMT`, // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
    `${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}`, // asctime: Sun Nov  6 08:49:37 1994
  ]
    .map((form) => `^${form}$`)
    .join('|'),
);
