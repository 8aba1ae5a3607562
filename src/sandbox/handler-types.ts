/**
 * What the contract says each handler receives and answers, derived from generated/openapi.ts,
 * so that tsc checks every handler against the contract: a wrong type, a missing field, or a
 * field the contract does not define, at any depth, does not compile.
 */
import type { OperationId } from 'coord-parking/contract';
import type { operations } from 'coord-parking/openapi';
import type { SandboxUser } from './tokens.ts';

/** An operation's path parameters, as the contract types them (none: an empty record). */
export type PathParameters<Id extends OperationId> = operations[Id]['parameters'] extends { path: infer Path }
  ? Path
  : Record<string, never>;

/** An operation's JSON request body; undefined when the body is optional and was not sent. */
export type RequestBody<Id extends OperationId> = operations[Id] extends { requestBody: { content: { 'application/json': infer Body } } }
  ? Body
  : operations[Id] extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Body | undefined
    : undefined;

/** What an operation answers with 200. */
export type SuccessBody<Id extends OperationId> = operations[Id]['responses'][200]['content']['application/json'];

/** A request that has passed routing, credentials and validation against the contract. */
export interface ValidRequest<Id extends OperationId> {
  user: SandboxUser;
  path: PathParameters<Id>;
  body: RequestBody<Id>;
  nowMs: number;
}

/** One handler per operation: the 200 body, or a thrown ProblemError. */
export type Handlers = { [Id in OperationId]: (request: ValidRequest<Id>) => SuccessBody<Id> };

/**
 * The handlers, each answer checked field by field. TypeScript checks excess fields only in an
 * object literal assigned to a declared type, never in what an arrow function returns; this
 * turns every field `Expected` does not declare into `never`, so returning one fails to compile.
 */
export function defineHandlers<H extends Handlers>(handlers: H & ExactHandlers<H>): Handlers {
  return handlers;
}

type ExactHandlers<H> = {
  [Id in keyof H]: H[Id] extends (request: infer Request) => infer Result
    ? (request: Request) => Exactly<SuccessBody<Id & OperationId>, Result>
    : never;
};

type Exactly<Expected, Actual> = Actual extends readonly (infer Item)[]
  ? Expected extends readonly (infer ExpectedItem)[]
    ? readonly Exactly<ExpectedItem, Item>[]
    : Actual
  : Actual extends object
    ? { [K in keyof Actual]: K extends keyof Expected ? Exactly<NonNullable<Expected[K]>, Actual[K]> : never }
    : Actual;
