/**
 * What node:http would answer by itself, and what a slow or vanishing client does, over raw
 * sockets: every answer problem details with the reason phrase as title, connections cut off
 * by the time limits, and a client that goes away never reported as a sandbox error.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, DEFAULT_TIME_LIMITS, startSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createSandboxServer, type TimeLimits } from '../../src/sandbox/node-server.ts';
import type { SandboxResponse } from '../../src/sandbox/exchange.ts';
import { assertProblem, http, RawConnection, rawExchange, type RawResponse } from '../helpers/raw-http.ts';

function assertBlankProblem(response: RawResponse, status: number, title: string): Record<string, unknown> {
  const problem = assertProblem(response, status);
  assert.equal(response.reason, title);
  assert.deepEqual([problem.type, problem.title], ['about:blank', title]);
  assert.equal(response.header('x-content-type-options'), 'nosniff');
  assert.equal(response.header('cache-control'), 'no-store');
  return problem;
}

describe("sandbox: node:http's own answers are problem details too", () => {
  let sandbox: RunningSandbox;
  let origin: string;
  let base: string;
  let key: string;
  let bearer: Record<string, string>;
  before(async () => {
    sandbox = await startSandbox();
    ({ origin, pathname: base } = new URL(sandbox.baseUrl));
    key = `access_key=${sandbox.accessKey}`;
    bearer = { authorization: `Bearer ${sandbox.testUserToken}` };
  });
  after(() => sandbox.close());

  const send = async (request: string) => {
    const responses = await rawExchange(origin, request);
    assert.equal(responses.length, 1, JSON.stringify(responses));
    return responses[0]!;
  };

  it('an HTTP/1.1 request without Host: 400 Bad Request', async () => {
    const response = await send(`GET ${base}/session?${key} HTTP/1.1\r\nauthorization: ${bearer.authorization}\r\n\r\n`);
    assert.match(assertBlankProblem(response, 400, 'Bad Request').detail as string, /exactly one Host/);
  });

  it('two Host headers: 400 Bad Request', async () => {
    const request = `GET ${base}/session?${key} HTTP/1.1\r\nhost: a.test\r\nhost: b.test\r\nauthorization: ${bearer.authorization}\r\n\r\n`;
    assertBlankProblem(await send(request), 400, 'Bad Request');
  });

  it('HTTP/1.0 needs no Host and is served', async () => {
    const response = await send(`GET ${base}/session?${key} HTTP/1.0\r\nauthorization: ${bearer.authorization}\r\n\r\n`);
    assert.equal(response.status, 200, response.body);
  });

  it('a request line that does not parse: 400 Bad Request', async () => {
    assertBlankProblem(await send('GARBAGE\r\n\r\n'), 400, 'Bad Request');
  });

  it('headers over 16 KiB: 431 Request Header Fields Too Large', async () => {
    const response = await send(http('GET', `${base}/session?${key}`, { ...bearer, 'x-padding': 'a'.repeat(20_000) }));
    assertBlankProblem(response, 431, 'Request Header Fields Too Large');
  });

  it('Expect: foo: 417 Expectation Failed', async () => {
    const response = await send(http('POST', `${base}/lot-1/session?${key}`, { ...bearer, expect: 'foo' }, '{}'));
    assertBlankProblem(response, 417, 'Expectation Failed');
  });

  it('Expect: 100-continue: 100 only once the request has passed its checks, then the answer', async () => {
    const connection = await RawConnection.open(origin);
    const body = JSON.stringify({ location_id: 'gate-7' });
    connection.write(
      http('POST', `${base}/barcode?${key}`, {
        ...bearer,
        expect: '100-continue',
        'content-type': 'application/json',
        'content-length': String(body.length),
      }),
    );
    const [interim] = await connection.responses(1);
    assert.equal(interim!.status, 100);
    connection.write(body);
    const [, final] = await connection.responses(2);
    assert.equal(final!.status, 200, final!.body);
    connection.destroy();
  });

  it('Expect: 100-continue refused on its headers: the answer at once, no 100, the body never asked for', async () => {
    const headers = { authorization: 'Bearer a.b.c', expect: '100-continue', 'content-type': 'application/json', 'content-length': '20' };
    const responses = await rawExchange(origin, http('POST', `${base}/barcode?${key}`, headers));
    assert.deepEqual(
      responses.map((r) => r.status),
      [401],
    );
    assert.equal(responses[0]!.header('connection'), 'close');
  });

  it('a declared body over 64 KiB: 413 before a byte of it is read, and the connection closes', async () => {
    const headers = { ...bearer, 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024), connection: 'keep-alive' };
    const responses = await rawExchange(origin, http('POST', `${base}/barcode?${key}`, headers));
    assert.equal(responses.length, 1);
    assertProblem(responses[0]!, 413);
    assert.equal(responses[0]!.header('connection'), 'close');
  });

  it('CONNECT: problem details (Node would drop the connection)', async () => {
    assertProblem(await send(http('CONNECT', 'api.coord.co:443')), 404);
  });

  it('an absolute-form target is served like its path', async () => {
    const response = await send(http('GET', `http://sandbox.test${base}/session?${key}`, bearer));
    assert.equal(response.status, 200, response.body);
  });

  it('pipelined requests (RFC 9112 §9.3.2): every one answered, in order, the POST included', async () => {
    const keepAlive = { ...bearer, connection: 'keep-alive' };
    const list = http('GET', `${base}/${sandbox.locationId}/session?${key}`, keepAlive);
    // The token is verified once and cached: later requests are answered at once, behind the first.
    await send(http('GET', `${base}/session?${key}`, bearer));
    const connection = await RawConnection.open(origin);
    try {
      const [before, created, after] = await connection
        .write(list + http('POST', `${base}/${sandbox.locationId}/session?${key}`, keepAlive) + list)
        .responses(3);
      assert.deepEqual([before!.status, created!.status, after!.status], [200, 200, 200]);
      const { id } = JSON.parse(created!.body) as { id: number };
      assert.deepEqual(
        (JSON.parse(after!.body) as { id: number }[]).map((session) => session.id),
        [...(JSON.parse(before!.body) as { id: number }[]).map((session) => session.id), id],
      );
    } finally {
      connection.destroy();
    }
  });
});

describe('sandbox: time limits', () => {
  const LIMITS: TimeLimits = { headersTimeoutMs: 200, requestTimeoutMs: 400, keepAliveTimeoutMs: 100 };
  let sandbox: RunningSandbox;
  let origin: string;
  let base: string;
  let key: string;
  const internalErrors: unknown[] = [];
  before(async () => {
    sandbox = await startSandbox({ ...LIMITS, onInternalError: (error) => internalErrors.push(error) });
    ({ origin, pathname: base } = new URL(sandbox.baseUrl));
    key = `access_key=${sandbox.accessKey}`;
  });
  after(() => sandbox.close());
  afterEach(() => assert.deepEqual(internalErrors, []));

  it('defaults: headers 10 s, a whole request 15 s (a body that never ends is cut off well within 20 s), idle keep-alive 5 s', async () => {
    assert.deepEqual(DEFAULT_TIME_LIMITS, { headersTimeoutMs: 10_000, requestTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000 });
    const defaults = await startSandbox();
    await defaults.close();
    assert.deepEqual(defaults.timeLimits, DEFAULT_TIME_LIMITS);
    assert.deepEqual(sandbox.timeLimits, LIMITS);
  });

  it('headers that never end: 408 Request Timeout, connection closed', async () => {
    const connection = await RawConnection.open(origin);
    const [response, ...rest] = await connection
      .write(`GET ${base}/session?${key} HTTP/1.1\r\nhost: sandbox.test\r\n`)
      .responsesUntilClose();
    assertBlankProblem(response!, 408, 'Request Timeout');
    assert.deepEqual(rest, []);
  });

  it('a body that never ends: 408 Request Timeout, connection closed, no internal error', async () => {
    const headers = { authorization: `Bearer ${sandbox.testUserToken}`, 'content-type': 'application/json', 'content-length': '100' };
    const connection = await RawConnection.open(origin);
    const responses = await connection.write(http('POST', `${base}/barcode?${key}`, headers, '{"location_id":')).responsesUntilClose();
    assert.equal(responses.length, 1);
    assertBlankProblem(responses[0]!, 408, 'Request Timeout');
  });

  it('an idle keep-alive connection is closed by the server', async () => {
    const connection = await RawConnection.open(origin);
    connection.write(http('GET', `${base}/session?${key}`, { authorization: `Bearer ${sandbox.testUserToken}`, connection: 'keep-alive' }));
    const responses = await connection.responsesUntilClose();
    assert.deepEqual(
      responses.map((r) => r.status),
      [200],
    );
    assert.notEqual(responses[0]!.header('connection'), 'close');
  });
});

describe('sandbox: a client that goes away is not an internal error', () => {
  let sandbox: Sandbox;
  let server: Server;
  let origin: string;
  let target: string;
  let bearer: Record<string, string>;
  const internalErrors: unknown[] = [];
  const logged: unknown[][] = [];
  const consoleError = console.error;
  /** The next request's way through the core, observed and held at will: what the tests wait on instead of time. */
  let probe: Probe;

  before(async () => {
    sandbox = await createSandbox({ onInternalError: (error) => internalErrors.push(error) });
    server = createSandboxServer(
      async (request) => {
        const { started, readingBody, proceed, answered } = probe;
        started.resolve();
        await proceed.promise;
        const response = await sandbox.handle({
          ...request,
          header: (name) => request.header(name),
          discardBody: () => request.discardBody(),
          readBody: (limit) => {
            readingBody.resolve();
            return request.readBody(limit);
          },
        });
        answered.resolve(response);
        return response;
      },
      DEFAULT_TIME_LIMITS,
      (error) => internalErrors.push(error),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    target = `${sandbox.basePath}/barcode?access_key=${sandbox.accessKey}`;
    bearer = { authorization: `Bearer ${sandbox.testUserToken}` };
    console.error = (...args: unknown[]) => logged.push(args);
  });
  after(async () => {
    console.error = consoleError;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (probe = newProbe()));
  afterEach(() => {
    assert.deepEqual(internalErrors, [], 'onInternalError');
    assert.deepEqual(logged, [], 'console.error');
  });

  it('hanging up mid-upload: the core sees an incomplete body (a 400 sent to nobody), nothing reported', async () => {
    probe.proceed.resolve();
    const headers = { ...bearer, 'content-type': 'application/json', 'content-length': '1000' };
    const connection = await RawConnection.open(origin);
    connection.write(http('POST', target, headers, '{"location_id": "gate-7", "format":'));
    await probe.readingBody.promise;
    connection.destroy();
    const response = await probe.answered.promise;
    assert.equal(response.status, 400);
    assert.match(response.body, /ended before it was complete/);
  });

  it('hanging up before the answer is written: nothing reported, and the server goes on serving', async () => {
    const body = JSON.stringify({ location_id: 'gate-7' });
    const connection = await RawConnection.open(origin);
    connection.write(http('POST', target, { ...bearer, 'content-type': 'application/json' }, body));
    await probe.started.promise;
    connection.destroy();
    await connection.closed;
    probe.proceed.resolve();
    assert.equal((await probe.answered.promise).status, 200);

    probe = newProbe();
    probe.proceed.resolve();
    const [response] = await rawExchange(origin, http('POST', target, { ...bearer, 'content-type': 'application/json' }, body));
    assert.equal(response!.status, 200);
  });
});

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}
interface Probe {
  started: Deferred<void>;
  readingBody: Deferred<void>;
  proceed: Deferred<void>;
  answered: Deferred<SandboxResponse>;
}
function newProbe(): Probe {
  return { started: deferred(), readingBody: deferred(), proceed: deferred(), answered: deferred() };
}
function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
