/**
 * The sandbox core's own request and response: the least a transport must hand over and take
 * back. Both transports adapt to it: node:http directly from IncomingMessage (building a Fetch
 * Request per request would cost a third of the sandbox's throughput, see the README's
 * benchmarks), the Fetch handler from a Request.
 */
export interface SandboxRequest {
  method: string;
  /** Path and query as sent (origin-form), still percent-encoded. */
  target: string;
  /** A header's value by lower-case name; a repeated header joined with ", ", as the Fetch API joins it. */
  header(name: string): string | undefined;
  /** The whole body, or `too-large` as soon as it passes `limitBytes` (the rest is never buffered). */
  readBody(limitBytes: number): Promise<BodyRead>;
  /** Lets a body nobody will read go (drained or cancelled). */
  discardBody(): void;
}

export type BodyRead =
  | { kind: 'complete'; bytes: Uint8Array }
  | { kind: 'too-large' }
  /** The body stopped arriving: the client went away or its stream failed. */
  | { kind: 'incomplete' };

export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** On every response: bodies name users and hold barcodes, so no sniffing and no caching. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export function jsonResponse(status: number, contentType: string, value: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': contentType, ...SECURITY_HEADERS, ...headers }, body: JSON.stringify(value) };
}
