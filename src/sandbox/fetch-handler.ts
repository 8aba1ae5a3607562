import type { SandboxHandler } from './core.ts';
import type { BodyRead, SandboxRequest } from './exchange.ts';

/**
 * The sandbox as a Fetch API handler, `(request: Request) => Promise<Response>`: for msw (in
 * Node or in a browser's service worker) and anything else that speaks Request and Response.
 * Only the URL's path and query are read, so it answers for any origin the caller routes to it.
 */
export function toFetchHandler(handle: SandboxHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const response = await handle(fromFetchRequest(request, `${url.pathname}${url.search}`));
    // A HEAD answer has no body: node:http drops it on the wire, but msw hands a Response to
    // fetch as it is, and the caller would read a body that no server sends.
    const body = request.method === 'HEAD' ? null : response.body;
    // An origin server with a clock sends Date (RFC 9110 §6.6.1): node:http adds it, a Fetch handler must.
    const headers = new Headers(response.headers);
    if (!headers.has('date')) headers.set('date', new Date().toUTCString());
    return new Response(body, { status: response.status, headers });
  };
}

function fromFetchRequest(request: Request, target: string): SandboxRequest {
  return {
    method: request.method,
    target,
    header: (name) => request.headers.get(name) ?? undefined,
    readBody: (limitBytes) => readLimited(request.body, limitBytes),
    discardBody: () => {
      if (request.body && !request.bodyUsed) request.body.cancel().catch(() => {});
    },
  };
}

async function readLimited(body: ReadableStream<Uint8Array> | null, limitBytes: number): Promise<BodyRead> {
  if (!body) return { kind: 'complete', bytes: new Uint8Array() };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limitBytes) {
        reader.cancel().catch(() => {});
        return { kind: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { kind: 'incomplete' };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'complete', bytes };
}
