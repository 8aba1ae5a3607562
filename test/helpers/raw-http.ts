import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { operations } from '../../src/contract/operations.ts';
import { violationsOf } from '../../src/contract/violations.ts';

/** One HTTP/1.1 response exactly as it came over the wire, headers not merged or normalised. */
export interface RawResponse {
  status: number;
  reason: string;
  /** Header lines in order, names lower-cased. */
  headers: [string, string][];
  header(name: string): string | undefined;
  body: string;
}

/**
 * A client that writes bytes to a socket and reads the answers back, for what `fetch` would
 * refuse to send (no Host, a bad Expect, 20 KB of headers, a body that never ends) or would
 * normalise away (duplicate or missing headers, interim 100 responses).
 */
export class RawConnection {
  readonly #socket: Socket;
  #received = '';
  #isClosed = false;
  /** Called whenever bytes arrive or the connection closes. */
  #wake = () => {};
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.#received += chunk;
      this.#wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.#isClosed = true;
        this.#wake();
        resolve();
      }),
    );
  }

  static async open(origin: string): Promise<RawConnection> {
    const { hostname, port } = new URL(origin);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawConnection(socket);
  }

  write(text: string): this {
    this.#socket.write(text, 'latin1');
    return this;
  }

  /** Every response received once the server has closed the connection. */
  async responsesUntilClose(): Promise<RawResponse[]> {
    await this.closed;
    return parseResponses(this.#received);
  }

  /** Waits until `count` complete responses have arrived (the connection may stay open). */
  async responses(count: number): Promise<RawResponse[]> {
    for (;;) {
      const parsed = parseResponses(this.#received);
      if (parsed.length >= count) return parsed.slice(0, count);
      if (this.#isClosed) {
        throw new Error(`connection closed after ${parsed.length} of ${count} responses: ${JSON.stringify(this.#received)}`);
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

/** Sends one request on a fresh connection and returns the responses received until the server closes it. */
export async function rawExchange(origin: string, request: string): Promise<RawResponse[]> {
  const connection = await RawConnection.open(origin);
  return connection.write(request).responsesUntilClose();
}

/** Splits a byte stream into complete responses (Content-Length framed; 1xx have no body). */
export function parseResponses(text: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return responses;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine!);
    if (!status) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine)}`);
    const headers = lines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    });
    const header = (name: string) => headers.find(([key]) => key === name.toLowerCase())?.[1];
    const length = Number(header('content-length') ?? 0);
    if (rest.length < end + 4 + length) return responses;
    responses.push({ status: Number(status[1]), reason: status[2]!, headers, header, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
}

/** A request as bytes: Host and `Connection: close` unless given, Content-Length for a body. */
export function http(method: string, target: string, headers: Record<string, string> = {}, body?: string): string {
  const all: Record<string, string> = { host: 'sandbox.test', connection: 'close', ...headers };
  if (body !== undefined && !('transfer-encoding' in all)) all['content-length'] ??= String(Buffer.byteLength(body));
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`);
  return `${method} ${target} HTTP/1.1\r\n${lines.join('')}\r\n${body ?? ''}`;
}

const validateProblem = operations.get_session.responses['404'].validate;

/** Asserts problem details by the contract, with this status, and returns them. */
export function assertProblem(response: RawResponse, status: number): Record<string, unknown> {
  assert.equal(response.status, status, response.body);
  assert.equal(response.header('content-type'), 'application/problem+json');
  const problem = JSON.parse(response.body);
  assert.deepEqual(violationsOf(validateProblem, problem), []);
  assert.equal(problem.status, status);
  return problem;
}
