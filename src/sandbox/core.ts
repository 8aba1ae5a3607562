import type { OperationId } from 'coord-parking/contract';
import { jsonResponse, type SandboxRequest, type SandboxResponse } from './exchange.ts';
import { createHandlers, type SandboxState } from './handlers.ts';
import { ProblemError } from './problems.ts';
import { PIPELINE, type PipelineDeps, type RequestState } from './request-pipeline.ts';
import type { SandboxUser } from './tokens.ts';

export interface CoreDeps extends PipelineDeps, SandboxState {
  now: () => Date;
  /** Where an unexpected failure is reported (a sandbox bug; the client still gets problem details). */
  onInternalError: (error: unknown) => void;
}

/** The whole sandbox behind one function, whatever carries the request: node:http, a Fetch handler, msw. */
export type SandboxHandler = (request: SandboxRequest) => Promise<SandboxResponse>;

export function createSandboxCore(deps: CoreDeps): SandboxHandler {
  const handlers = createHandlers(deps);
  return async (request) => {
    const queryAt = request.target.indexOf('?');
    const state: RequestState = {
      request,
      path: queryAt === -1 ? request.target : request.target.slice(0, queryAt),
      query: new URLSearchParams(queryAt === -1 ? '' : request.target.slice(queryAt + 1)),
    };
    try {
      for (const step of PIPELINE) {
        const pending = step.run(state, deps);
        if (pending) await pending;
      }
      // The one place the typed handlers meet run-time data: the pipeline has validated the path
      // parameters and the body against this operation's schemas, which is what the types say.
      const handler = handlers[state.operation!.operationId as OperationId] as UntypedHandler;
      const body = handler({ user: state.user!, path: state.pathParams!, body: state.body, nowMs: deps.now().getTime() });
      return jsonResponse(200, 'application/json', body);
    } catch (error) {
      request.discardBody();
      if (error instanceof ProblemError) return error.toResponse(state.path);
      deps.onInternalError(error);
      return new ProblemError('internal_error', 'The request could not be handled.').toResponse(state.path);
    }
  };
}

type UntypedHandler = (request: { user: SandboxUser; path: unknown; body: unknown; nowMs: number }) => unknown;
