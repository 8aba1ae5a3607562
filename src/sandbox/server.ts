/**
 * The sandbox's HTTP server. Built on node:http rather than a framework: the routing, the
 * validation and the error shape all come from the contract (generated/contract.ts), so a
 * framework would add only weight, and node:http is the fastest server Node has.
 */
import { createServer, maxHeaderSize, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { OperationId } from 'coord-parking/contract';
import { createHandlers, type SandboxState } from './handlers.ts';
import { ProblemError } from './problems.ts';
import { PIPELINE, type PipelineDeps, type RequestState } from './request-pipeline.ts';

export interface ServerDeps extends PipelineDeps, SandboxState {
  now: () => Date;
  /** Where an unexpected failure is reported (a sandbox bug; the client still gets problem details). */
  onInternalError: (error: unknown) => void;
}

export function createSandboxServer(deps: ServerDeps): Server {
  const handlers = createHandlers(deps);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      deps.onInternalError(error);
      if (!res.headersSent) sendProblem(res, new ProblemError('internal_error', 'The request could not be handled.'), req.url ?? '');
    });
  });
  // Requests Node's parser rejects (bad request line, headers too large…) get problem details too,
  // titled with the status's reason phrase as RFC 9457 asks of `about:blank`.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const [status, detail] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, `The request's header section is over ${maxHeaderSize} bytes.`]
        : [400, 'The request could not be parsed as HTTP/1.1.'];
    const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, detail });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/problem+json\r\nx-content-type-options: nosniff\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const state: RequestState = {
      req,
      path: queryAt === -1 ? url : url.slice(0, queryAt),
      query: new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1)),
    };
    try {
      for (const step of PIPELINE) {
        const pending = step.run(state, deps);
        if (pending) await pending;
      }
      const body = handlers[state.operation!.operationId as OperationId]({
        user: state.user!,
        path: state.pathParams!,
        body: state.body,
        nowMs: deps.now().getTime(),
      });
      send(res, 200, 'application/json', JSON.stringify(body));
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      req.resume();
      sendProblem(res, error, state.path);
    }
  }
  return server;
}

/** On every response: bodies name users and hold barcodes, so no sniffing and no caching. */
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

function sendProblem(res: ServerResponse, problem: ProblemError, instance: string) {
  send(res, problem.status, 'application/problem+json', JSON.stringify(problem.toProblem(instance)), problem.headers);
}
