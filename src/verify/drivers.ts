import { operations, type OperationId } from 'coord-parking/contract';
import { CoordApiError, CoordError, createCoordParkingClient, type CoordParkingClient } from 'coord-parking';
import type { Barcode, NewSession, Session } from 'coord-parking';
import { responseValidation } from 'coord-parking/validation';
import { CheckFailure } from './check.ts';
import type { Exchange } from './exchange.ts';
import { requestFor, type RunContext } from './run-context.ts';

/** What a check sees of one call: the status and body (credentials redacted), and the exchange to show if it is wrong. */
export interface Reply {
  status: number;
  body: unknown;
  exchange?: Exchange;
}

/** The operations a stateful check needs, as one user. Both drivers offer the same. */
export interface UserDriver {
  create(locationId: string, details?: NewSession): Promise<Reply>;
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

export function httpDriver(run: RunContext): Driver {
  const as = (token: string): UserDriver => {
    const call = async (operationId: OperationId, pathValues: Record<string, unknown> = {}, json?: unknown): Promise<Reply> => {
      const exchange = await run.exchanger.send(requestFor(operations[operationId], { pathValues, json, token }));
      if (!exchange.response)
        throw new CheckFailure({
          message: `${operationId}: ${exchange.error}`,
          expected: 'an HTTP answer',
          actual: String(exchange.error),
          exchange,
        });
      return {
        status: exchange.response.status,
        body: exchange.response.body?.ok ? exchange.response.body.value : exchange.response.text,
        exchange,
      };
    };
    return {
      create: (location_id, details) => call('post_session', { location_id }, details),
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
 * The typed client with `responseValidation('strict')`: a response it refuses is a failure of the
 * server or of the client, either way one a user would meet. It runs under the run's limits
 * (time, size, no redirects) through the exchanger's fetch, which records its traffic too.
 */
export function clientDriver(run: RunContext): Driver {
  const redact = <T>(value: T) => run.exchanger.redactor.json(value);
  const strict = responseValidation('strict');
  const as = (token: string): UserDriver => {
    // A client per call, so that each call knows its exchange even when calls run in parallel.
    const call = async (work: (client: CoordParkingClient) => Promise<Session | Session[] | Barcode>): Promise<Reply> => {
      let exchange: Exchange | undefined;
      const client = createCoordParkingClient({
        baseUrl: run.target.baseUrl,
        accessKey: run.target.accessKey,
        userToken: token,
        validateResponses: strict,
        retry: false,
        timeoutMs: run.options.requestTimeoutMs,
        fetch: run.exchanger.fetchFor((seen) => (exchange = seen)),
      });
      try {
        return { status: 200, body: redact(await work(client)), exchange };
      } catch (error) {
        if (error instanceof CoordApiError) {
          const body = exchange?.response?.body;
          return { status: error.status, body: body?.ok ? body.value : redact({ title: error.title, detail: error.detail }), exchange };
        }
        if (error instanceof CoordError) {
          throw new CheckFailure({
            message: run.exchanger.redactor.text(`the typed client refused the answer: ${exchange?.error ?? error.message}`),
            expected: 'an answer the client accepts',
            actual: error.code,
            exchange,
          });
        }
        throw error;
      }
    };
    return {
      create: (location, details) => call((client) => client.sessions.create(location, details)),
      get: (location, id) => call((client) => client.sessions.get(location, id)),
      end: (location, id) => call((client) => client.sessions.end(location, id)),
      listAt: (location) => call((client) => client.sessions.listAtLocation(location)),
      listMine: () => call((client) => client.sessions.listMine()),
      redeem: (location, id, minutes) => call((client) => client.testing.simulateRedemption(location, id, { durationMinutes: minutes })),
      barcode: (location, format) => call((client) => client.barcodes.create({ location_id: location, format })),
    };
  };
  return { name: 'client', tester: as(run.target.token), other: run.target.nonTestToken ? as(run.target.nonTestToken) : undefined };
}
