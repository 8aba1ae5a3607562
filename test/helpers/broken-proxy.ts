import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchOperation } from '../../src/contract/operations.ts';

export interface Seen {
  operationId: string | undefined;
  method: string;
  /** Below the base path, still encoded. */
  path: string;
  query: URLSearchParams;
  /** The Authorization and Content-Type headers as sent, '' without one. */
  authorization: string;
  contentType: string;
  body: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `false`: no Date header at all (otherwise Node adds one when the headers have none). */
  sendDate?: boolean;
}

/**
 * Rewrites the request before it goes upstream, or the answer before it goes back. Either may
 * take its time; `upstream` sends a request of the breakage's own to the correct server.
 */
export interface Breakage {
  request?: (seen: Seen) => Seen | Promise<Seen>;
  response?: (seen: Seen, answer: Answer, upstream: (seen: Seen) => Promise<Answer>) => Answer | Promise<Answer>;
}

const BASE = '/v1/access/parking';

/**
 * A deliberately broken server: a small proxy in front of a correct sandbox that breaks one
 * rule of the contract, so a test can show that the suite notices exactly that.
 */
export async function startBrokenProxy(upstreamBaseUrl: string, breakage: Breakage) {
  const upstream = async (seen: Seen): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (seen.authorization) headers.authorization = seen.authorization;
    if (seen.contentType) headers['content-type'] = seen.contentType;
    const response = await fetch(`${upstreamBaseUrl}${seen.path}?${seen.query}`, {
      method: seen.method,
      headers,
      body: ['GET', 'HEAD'].includes(seen.method) || seen.body === '' ? undefined : seen.body,
    });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url!, 'http://proxy');
      const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
      const match = matchOperation(req.method!, path);
      let seen: Seen = {
        operationId: match.kind === 'operation' ? match.operation.operationId : undefined,
        method: req.method!,
        path,
        query: url.searchParams,
        authorization: req.headers.authorization ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString(),
      };
      seen = (await breakage.request?.(seen)) ?? seen;
      let answer = await upstream(seen);
      answer = (await breakage.response?.(seen, answer, upstream)) ?? answer;
      const {
        'content-length': _length,
        'transfer-encoding': _encoding,
        connection: _connection,
        'keep-alive': _keepAlive,
        ...rest
      } = answer.headers;
      res.sendDate = answer.sendDate ?? true;
      res.writeHead(answer.status, rest).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
