import assert from 'node:assert/strict';
import { createCoordParkingClient, CoordApiError, CoordValidationError } from '../../src/index.ts';
import { rawClient } from '../../src/raw.ts';
import { responseValidation, type ValidationMode } from '../../src/validation.ts';
import { exampleResponse } from '../helpers/examples.ts';
import { json, startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';

const INVALID_SESSION = { id: 0, user_id: 'someone', billing_info: { cost: { amount: -5, currency: 'usd' } } };

describe('client: validateResponses', () => {
  let server: ScriptedServer;
  before(async () => (server = await startScriptedServer()));
  after(() => server.close());
  const clientWith = (mode: ValidationMode | false, warnings: CoordValidationError[] = []) =>
    createCoordParkingClient({
      baseUrl: server.baseUrl,
      accessKey: 'sk_test_0000000000',
      userToken: 'user-jwt-0000',
      validateResponses: mode ? responseValidation(mode, { onWarning: (error) => warnings.push(error) }) : undefined,
      retry: false,
      plugins: [rawClient],
    });

  it('off (default): returns the body as the server sent it', async () => {
    server.handle((_, res) => json(res, 200, INVALID_SESSION));
    assert.deepEqual(await clientWith(false).sessions.get('lot-1', 1), INVALID_SESSION);
  });

  it("'warn': returns the body and reports each violation as a JSON pointer and message", async () => {
    server.handle((_, res) => json(res, 200, INVALID_SESSION));
    const warnings: CoordValidationError[] = [];
    assert.deepEqual(await clientWith('warn', warnings).sessions.get('lot-1', 1), INVALID_SESSION);
    assert.equal(warnings.length, 1);
    assert.deepEqual(warnings[0]!.violations.map((v) => v.pointer).sort(), [
      '/billing_info/cost/amount',
      '/billing_info/cost/currency',
      '/id',
      '/user_id',
    ]);
    assert.match(warnings[0]!.message, /get_session .* answered 200 against the contract:\n {2}\/id: must be >= 1/);
  });

  it("'strict': throws CoordValidationError instead of returning bad data", async () => {
    server.handle((_, res) => json(res, 200, INVALID_SESSION));
    await assert.rejects(clientWith('strict').sessions.get('lot-1', 1), (error: CoordValidationError) => error.violations.length === 4);
  });

  it("'strict': passes every example response of the contract", async () => {
    for (const [operationId, call] of [
      ['get_session', (c: ReturnType<typeof clientWith>) => c.sessions.get('lot-1', 1)],
      ['get_user_sessions', (c: ReturnType<typeof clientWith>) => c.sessions.listMine()],
      ['create_barcode', (c: ReturnType<typeof clientWith>) => c.barcodes.create({ location_id: 'lot-1' })],
    ] as const) {
      server.handle((_, res) => json(res, 200, exampleResponse(operationId)));
      assert.deepEqual(await call(clientWith('strict')), exampleResponse(operationId));
    }
  });

  it("'strict': validates error responses too, and a valid one still becomes a CoordApiError", async () => {
    server.handle((_, res) => json(res, 404, { title: 'Not found' }));
    await assert.rejects(clientWith('strict').sessions.get('lot-1', 1), (error: CoordValidationError) =>
      error.violations.some((v) => v.pointer === '/type' && v.message === 'is required'),
    );
    server.handle((_, res) => json(res, 404, exampleResponse('get_session', '404')));
    await assert.rejects(clientWith('strict').sessions.get('lot-1', 1), CoordApiError);
  });

  it("'strict': requires Retry-After on 429 and the documented media type", async () => {
    server.handle((_, res) => json(res, 429, { type: 'about:blank', title: 'Slow down', status: 429 }));
    await assert.rejects(clientWith('strict').sessions.listMine(), (error: CoordValidationError) =>
      error.violations.some((v) => v.message === 'header Retry-After is missing'),
    );
    server.handle((_, res) =>
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(exampleResponse('get_session', '404'))),
    );
    await assert.rejects(clientWith('strict').sessions.get('lot-1', 1), (error: CoordValidationError) =>
      error.violations.some((v) => /content type is "application\/json", the contract says "application\/problem\+json"/.test(v.message)),
    );
  });

  it("'strict': flags an undocumented success status", async () => {
    server.handle((_, res) => json(res, 201, exampleResponse('post_session')));
    await assert.rejects(clientWith('strict').sessions.create('lot-1'), (error: CoordValidationError) =>
      error.violations.some((v) => v.message.startsWith('status 201 is not documented')),
    );
  });

  it('applies to the raw client as well', async () => {
    server.handle((_, res) => json(res, 200, INVALID_SESSION));
    await assert.rejects(
      clientWith('strict').raw.GET('/{location_id}/session/{session_id}', { params: { path: { location_id: 'a', session_id: 1 } } }),
      CoordValidationError,
    );
  });
});
