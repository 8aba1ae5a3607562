import type { operations } from '../../generated/openapi.ts';
import { CoordInputError } from '../errors/index.ts';

/**
 * Checks made before a request is sent. Ids are otherwise passed through as they are (the
 * server judges them, and each is percent-encoded into one path segment), except what no
 * encoding can carry: a blank id, `.` or `..`, which URL parsers resolve away, and a lone
 * surrogate, which has no UTF-8 (encodeURIComponent would throw a bare URIError).
 */
/** `.` and `..` (URL parsers resolve them away) and a lone surrogate (it has no UTF-8). */
const UNCARRIED = /^\.\.?$|\p{Cs}/u;

export function checkLocationId(value: unknown, operationId: string, argument = 'locationId'): void {
  const problem =
    typeof value !== 'string' || value.trim() === ''
      ? 'must be a non-blank string'
      : UNCARRIED.test(value)
        ? 'cannot be "." or "..", nor hold a lone surrogate: no URL carries them'
        : '';
  if (problem) throw new CoordInputError({ argument, problem, operationId });
}

function checkSessionId(value: unknown, operationId: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    const problem = `must be a positive safe integer, got ${typeof value === 'number' ? value : typeof value}`;
    throw new CoordInputError({ argument: 'sessionId', problem, operationId });
  }
}

type Names<Path> = Path extends object ? keyof Path : never;
type PathParameter = { [Id in keyof operations]: Names<operations[Id]['parameters']['path']> }[keyof operations];

/** Each path parameter of the contract and its check: tsc refuses this table if the contract adds one. */
const PATH_CHECKS: { [Name in PathParameter]: (value: unknown, operationId: string) => void } = {
  location_id: checkLocationId,
  session_id: checkSessionId,
};

/**
 * An operation's path template with each `{name}` checked, then replaced by its value
 * percent-encoded into one segment. Every path parameter of the contract is a simple-style
 * string or integer, for which this is what openapi-fetch's defaultPathSerializer writes
 * (test/client/paths.test.ts compares them); its other styles would cost the bundle some
 * 800 bytes that no operation uses.
 */
export function fillPath(template: string, path: Record<string, unknown>, operationId: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: PathParameter) => {
    PATH_CHECKS[name](path[name], operationId);
    return encodeURIComponent(path[name] as string | number);
  });
}
