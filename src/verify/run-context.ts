import fc from 'fast-check';
import type { OperationEntry } from 'coord-parking/contract';
import type { Exchanger, OutgoingRequest } from './exchange.ts';
import { valid } from './arbitraries.ts';
import type { VerifyOptions } from './options.ts';
import type { Results } from './results.ts';
import type { Target } from './target.ts';

/** What every check of one run shares. */
export interface RunContext {
  options: VerifyOptions;
  target: Target;
  exchanger: Exchanger;
  results: Results;
}

/** A request for `operation` with these path values and body (encoded into one segment each). */
export function requestFor(
  operation: OperationEntry,
  { pathValues = {}, ...rest }: { pathValues?: Record<string, unknown> } & Omit<Partial<OutgoingRequest>, 'path'> = {},
): OutgoingRequest {
  const filled = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(pathValues[name])));
  return { operationId: operation.operationId, method: operation.method.toUpperCase(), path: filled, ...rest };
}

/** A valid request on the target's own location, for checks about something other than data. */
export function plainRequestFor(
  run: RunContext,
  operation: OperationEntry,
  extra: Omit<Partial<OutgoingRequest>, 'path'> = {},
): OutgoingRequest {
  const body = operation.body ? fc.sample(valid(operation.body.schema), { seed: run.options.seed, numRuns: 1 })[0] : undefined;
  const json = body && typeof body === 'object' && 'location_id' in body ? { ...body, location_id: run.target.locationId } : body;
  return requestFor(operation, { pathValues: { location_id: run.target.locationId, session_id: 1 }, json, ...extra });
}
