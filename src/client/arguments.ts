import { CoordInputError } from '../errors/index.ts';

/**
 * Checks made before a request is sent. Ids are otherwise passed through as they are (the
 * server judges them, and openapi-fetch percent-encodes each into one path segment), except
 * what no encoding can carry: a blank id, and `.` or `..`, which URL parsers resolve away.
 */
export function checkLocationId(value: unknown, operationId: string, argument = 'locationId'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CoordInputError({ argument, problem: 'must be a non-blank string', operationId });
  }
  if (value === '.' || value === '..') {
    throw new CoordInputError({ argument, problem: 'cannot be "." or ".." (URLs resolve them away)', operationId });
  }
  return value;
}

export function checkSessionId(value: unknown, operationId: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new CoordInputError({
      argument: 'sessionId',
      problem: `must be a positive safe integer, got ${typeof value === 'number' ? value : typeof value}`,
      operationId,
    });
  }
  return value;
}
