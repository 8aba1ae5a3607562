import fc from 'fast-check';
import type { OperationEntry } from 'coord-parking/contract';
import { Exchanger, type OutgoingRequest } from './exchange.ts';
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
  /** Aborted when the run's --max-time is over: requests in flight stop, checks left are not covered. */
  stopped: AbortSignal;
}

/** A run on an open target; its --max-time counts from here. */
export function createRun(options: VerifyOptions, target: Target, results: Results, stopped: AbortSignal): RunContext {
  const exchanger = new Exchanger(target, {
    timeoutMs: options.requestTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    runSignal: stopped,
  });
  return { options, target, exchanger, results, stopped };
}

/** Aborted after `maxTimeMs` (never, without one). */
export function deadline(maxTimeMs: number | undefined): AbortSignal {
  if (maxTimeMs === undefined) return new AbortController().signal;
  const controller = new AbortController();
  setTimeout(() => controller.abort(), maxTimeMs).unref();
  return controller.signal;
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
  const body = operation.body ? sampledBody(operation, run.options.seed) : undefined;
  const json = body && typeof body === 'object' && 'location_id' in body ? { ...body, location_id: run.target.locationId } : body;
  return requestFor(operation, { pathValues: { location_id: run.target.locationId, session_id: 1 }, json, ...extra });
}

/** One valid body per operation and seed, drawn once: checks send it many times. */
const sampled = new Map<string, unknown>();
function sampledBody(operation: OperationEntry, seed: number): unknown {
  const key = `${operation.operationId} ${seed}`;
  if (!sampled.has(key)) sampled.set(key, fc.sample(valid(operation.body!.schema), { seed, numRuns: 1 })[0]);
  return sampled.get(key);
}
