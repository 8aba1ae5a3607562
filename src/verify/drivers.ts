import { matchOperation, operations, type OperationId } from 'coord-parking/contract';
import { CoordApiError, CoordError, createCoordParkingClient, type Barcode, type Session } from 'coord-parking';
import type { Exchange } from './exchange.ts';
import type { Failure } from './results.ts';
import { requestFor, type RunContext } from './run-context.ts';

/** What a flow sees of one call: the status and body, and the exchange to show if it is wrong. */
export interface Reply {
  status: number;
  body: unknown;
  exchange?: Exchange;
}

/** The operations a stateful flow needs, as one user. Both drivers offer the same. */
export interface UserDriver {
  create(locationId: string): Promise<Reply>;
  get(locationId: string, id: number): Promise<Reply>;
  end(locationId: string, id: number): Promise<Reply>;
  listAt(locationId: string): Promise<Reply>;
  listMine(): Promise<Reply>;
  redeem(locationId: string, id: number, minutes: number): Promise<Reply>;
  barcode(locationId: string, format: 'qr' | 'code128'): Promise<Reply>;
}

export interface Driver {
  /** `http`: requests the suite builds itself; `client`: this package's typed client, strict. */
  name: 'http' | 'client';
  tester: UserDriver;
  /** The regular (non-test) user, when the target has one. */
  other: UserDriver | undefined;
}

/** A flow found the contract broken. */
export class FlowFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export function httpDriver(run: RunContext): Driver {
  const as = (token: string): UserDriver => {
    const call = async (operationId: OperationId, pathValues: Record<string, unknown> = {}, json?: unknown): Promise<Reply> => {
      const exchange = await run.exchanger.send(requestFor(operations[operationId], { pathValues, json, token }));
      if (!exchange.response)
        throw new FlowFailure({
          message: `${operationId}: no answer`,
          expected: 'an HTTP answer',
          actual: String(exchange.error),
          exchange,
        });
      return {
        status: exchange.response.status,
        body: exchange.response.body.ok ? exchange.response.body.value : exchange.response.text,
        exchange,
      };
    };
    return {
      create: (location_id) => call('post_session', { location_id }),
      get: (location_id, session_id) => call('get_session', { location_id, session_id }),
      end: (location_id, session_id) => call('end_session', { location_id, session_id }),
      listAt: (location_id) => call('get_location_sessions', { location_id }),
      listMine: () => call('get_user_sessions'),
      redeem: (location_id, session_id, minutes) => call('fake_redemption', { location_id, session_id }, { duration_m: minutes }),
      barcode: (location_id, format) => call('create_barcode', {}, { location_id, format }),
    };
  };
  return { name: 'http', tester: as(run.target.token), other: run.target.nonTestToken ? as(run.target.nonTestToken) : undefined };
}

/**
 * The typed client with `validateResponses: 'strict'`: a response it refuses is a failure of the
 * server or of the client, either way one a user would meet. Its traffic is recorded too.
 */
export function clientDriver(run: RunContext): Driver {
  const basePath = new URL(run.target.baseUrl).pathname.replace(/\/+$/, '');
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? await request.clone().text() : undefined;
    const response = await fetch(request);
    const text = await response.clone().text();
    const path = new URL(request.url).pathname;
    const match = matchOperation(request.method, path.startsWith(basePath) ? path.slice(basePath.length) : path);
    run.exchanger.recordFetched(match.kind === 'operation' ? match.operation.operationId : undefined, request, body, response, text);
    return response;
  };
  const as = (token: string): UserDriver => {
    const client = createCoordParkingClient({
      baseUrl: run.target.baseUrl,
      accessKey: run.target.accessKey,
      userToken: token,
      validateResponses: 'strict',
      retry: false,
      fetch: recordingFetch,
    });
    const call = async (work: () => Promise<Session | Session[] | Barcode>): Promise<Reply> => {
      try {
        return { status: 200, body: await work(), exchange: run.exchanger.exchanges.at(-1) };
      } catch (error) {
        const exchange = run.exchanger.exchanges.at(-1);
        if (error instanceof CoordApiError) return { status: error.status, body: { title: error.title, detail: error.detail }, exchange };
        if (error instanceof CoordError) {
          throw new FlowFailure({
            message: `the typed client refused the answer: ${error.message}`,
            expected: 'an answer the client accepts',
            actual: error.code,
            exchange,
          });
        }
        throw error;
      }
    };
    return {
      create: (location) => call(() => client.sessions.create(location)),
      get: (location, id) => call(() => client.sessions.get(location, id)),
      end: (location, id) => call(() => client.sessions.end(location, id)),
      listAt: (location) => call(() => client.sessions.listAtLocation(location)),
      listMine: () => call(() => client.sessions.listMine()),
      redeem: (location, id, minutes) => call(() => client.testing.simulateRedemption(location, id, { durationMinutes: minutes })),
      barcode: (location, format) => call(() => client.barcodes.create({ location_id: location, format })),
    };
  };
  return { name: 'client', tester: as(run.target.token), other: run.target.nonTestToken ? as(run.target.nonTestToken) : undefined };
}
