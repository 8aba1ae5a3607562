import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchOperation } from '../../src/contract/operations.ts';

export interface Seen {
  operationId: string | undefined;
  method: string;
  /** Below the base path, still encoded. */
  path: string;
  query: URLSearchParams;
  body: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Rewrites the request before it goes upstream, or the answer before it goes back. */
export interface Breakage {
  request?: (seen: Seen) => Seen;
  response?: (seen: Seen, answer: Answer) => Answer;
}

const BASE = '/v1/access/parking';

/**
 * A deliberately broken server: a small proxy in front of a correct sandbox that breaks one
 * rule of the contract, so a test can show that the suite notices exactly that.
 */
export async function startBrokenProxy(upstreamBaseUrl: string, breakage: Breakage) {
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
        body: Buffer.concat(chunks).toString(),
      };
      seen = breakage.request?.(seen) ?? seen;
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) if (req.headers[name]) headers[name] = String(req.headers[name]);
      const upstream = await fetch(`${upstreamBaseUrl}${seen.path}?${seen.query}`, {
        method: seen.method,
        headers,
        body: ['GET', 'HEAD'].includes(seen.method) || seen.body === '' ? undefined : seen.body,
      });
      let answer: Answer = { status: upstream.status, headers: Object.fromEntries(upstream.headers), body: await upstream.text() };
      answer = breakage.response?.(seen, answer) ?? answer;
      const {
        'content-length': _length,
        'transfer-encoding': _encoding,
        connection: _connection,
        'keep-alive': _keepAlive,
        ...rest
      } = answer.headers;
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
