import assert from 'node:assert/strict';
import { startPrism, type RunningPrism } from '../../src/prism/start-prism.ts';
import { createCoordParkingClient, CoordApiError, type CoordParkingClient } from '../../src/index.ts';
import { responseValidation } from '../../src/validation.ts';
import { CALLS } from '../helpers/client-calls.ts';

describe('client against a Prism mock of spec/openapi.yaml (strict validation)', function () {
  this.timeout(60_000);
  let prism: RunningPrism;
  let client: CoordParkingClient;
  before(async () => {
    prism = await startPrism({ mode: 'mock' });
    client = createCoordParkingClient({
      baseUrl: prism.baseUrl,
      accessKey: 'partner-key-123',
      userToken: 'header.payload.signature',
      validateResponses: responseValidation('strict'),
    });
  });
  after(() => prism?.close());

  for (const { operationId, invoke } of CALLS) {
    it(`${operationId} returns typed, contract-valid data`, async () => {
      const data = await invoke(client);
      assert.ok(data !== undefined && data !== null);
      if (Array.isArray(data)) assert.ok(data.every((s: { id: number }) => Number.isInteger(s.id)));
      else assert.equal(typeof data, 'object');
    });
  }

  it('gets a contract-valid 400 for an invalid body (Prism validates request bodies against the spec)', async () => {
    await assert.rejects(
      client.testing.simulateRedemption('gate-7', 1, { durationMinutes: 0 }),
      (error: CoordApiError) => error.status === 400,
    );
    await assert.rejects(
      client.barcodes.create({ location_id: 'gate-7', format: 'pdf' as never }),
      (error: CoordApiError) => error.status === 400,
    );
  });

  it('gets a contract-valid 401 problem when the token is missing', async () => {
    const anonymous = createCoordParkingClient({
      baseUrl: prism.baseUrl,
      accessKey: 'partner-key-123',
      validateResponses: responseValidation('strict'),
    });
    await assert.rejects(anonymous.sessions.listMine(), (error: CoordApiError) => error instanceof CoordApiError && error.status === 401);
  });
});
