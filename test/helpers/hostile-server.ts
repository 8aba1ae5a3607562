import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';

export type Behaviour = (request: IncomingMessage, response: ServerResponse, url: URL) => void;

/**
 * A server that answers every request its own hostile way (endless bodies, redirects, echoed
 * credentials…). It shrugs off clients that hang up on it, as they should.
 */
export async function startHostileServer(behave: Behaviour) {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    request.on('error', () => {});
    response.on('error', () => {});
    request.resume();
    behave(request, response, new URL(request.url!, 'http://hostile'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/v1/access/parking`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `chunk` until `total` bytes are sent or, with no total, until the client hangs up; honours backpressure. */
export function stream(response: ServerResponse, chunk: Buffer, { total = Infinity, everyMs = 0 } = {}): void {
  // A HEAD response takes no body: Node would drop every write, and never push back.
  if (response.req.method === 'HEAD') return void response.end();
  async function* chunks() {
    for (let sent = 0; sent < total; sent += chunk.length) {
      if (everyMs > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
      yield chunk;
    }
  }
  pipeline(Readable.from(chunks()), response, () => {});
}
