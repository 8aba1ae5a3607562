import assert from 'node:assert/strict';
import { CoordApiError, sessionState } from '../../src/index.ts';
import { startSandboxFixture, type SandboxFixture } from '../helpers/sandbox.ts';

/** Asserts a call fails with this status (through the strict client: the problem is contract-valid). */
async function rejectsWith(call: Promise<unknown>, status: number, detail?: RegExp) {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof CoordApiError, String(error));
    assert.equal(error.status, status, error.message);
    if (detail) assert.match(error.detail ?? '', detail);
    return true;
  });
}

describe('sandbox: behaviour of the contract, through the strict client', () => {
  let clock = Date.parse('2026-11-24T09:00:00.000Z');
  let fx: SandboxFixture;
  before(async () => (fx = await startSandboxFixture({ now: () => new Date(clock) })));
  after(() => fx.sandbox.close());

  it('direct lifecycle: create → active → end → ended and billed per started hour → end again 409', async () => {
    const { tester, sandbox } = fx;
    const created = await tester.sessions.create(sandbox.locationId, { license_plate: '7ABC123' });
    assert.equal(sessionState(created), 'active');
    assert.equal(created.start_time, '2026-11-24T09:00:00.000Z');
    assert.equal(created.license_plate, '7ABC123');
    assert.deepEqual(await tester.sessions.get(sandbox.locationId, created.id), created);
    clock += 61 * 60_000;
    const ended = await tester.sessions.end(sandbox.locationId, created.id);
    assert.equal(sessionState(ended), 'ended');
    assert.equal(ended.end_time, '2026-11-24T10:01:00.000Z');
    assert.deepEqual(ended.billing_info, { cost: { amount: 500, currency: 'USD' } });
    await rejectsWith(tester.sessions.end(sandbox.locationId, created.id), 409, /already ended/);
  });

  it('gated lifecycle: barcode, no start_time → end 409 → simulated redemption of d minutes, billed → again 409', async () => {
    const { tester, sandbox } = fx;
    const created = await tester.sessions.create(sandbox.gatedLocationId);
    assert.equal(sessionState(created), 'awaiting_redemption');
    assert.equal(created.start_time, undefined);
    assert.equal(created.redemption_info?.barcode.format, 'qr');
    await rejectsWith(tester.sessions.end(sandbox.gatedLocationId, created.id), 409, /at the gate/);
    const redeemed = await tester.testing.simulateRedemption(sandbox.gatedLocationId, created.id, { durationMinutes: 90 });
    assert.equal(redeemed.start_time, new Date(clock).toISOString());
    assert.equal(Date.parse(redeemed.end_time!) - Date.parse(redeemed.start_time!), 90 * 60_000);
    assert.deepEqual(redeemed.billing_info, { cost: { amount: 600, currency: 'USD' } });
    await rejectsWith(
      tester.testing.simulateRedemption(sandbox.gatedLocationId, created.id, { durationMinutes: 5 }),
      409,
      /already been redeemed/,
    );
  });

  it('at most one open session per user and location (409), another location or user is fine', async () => {
    const { tester, regular, sandbox } = fx;
    const first = await tester.sessions.create(sandbox.locationId);
    await rejectsWith(tester.sessions.create(sandbox.locationId), 409, /already have an open session/);
    const gated = await tester.sessions.create(sandbox.gatedLocationId);
    await rejectsWith(tester.sessions.create(sandbox.gatedLocationId), 409, /already have an open session/);
    const theirs = await regular.sessions.create(sandbox.locationId);
    await tester.sessions.end(sandbox.locationId, first.id);
    const again = await tester.sessions.create(sandbox.locationId);
    assert.ok(again.id > theirs.id && gated.id > first.id);
    await tester.sessions.end(sandbox.locationId, again.id);
    await regular.sessions.end(sandbox.locationId, theirs.id);
    await tester.testing.simulateRedemption(sandbox.gatedLocationId, gated.id, { durationMinutes: 1 });
  });

  it('fake_redemption on a session without redemption_info is 409', async () => {
    const { tester, sandbox } = fx;
    const direct = await tester.sessions.create(sandbox.locationId);
    await rejectsWith(tester.testing.simulateRedemption(sandbox.locationId, direct.id, { durationMinutes: 5 }), 409, /no redemption_info/);
    await tester.sessions.end(sandbox.locationId, direct.id);
  });

  it('fake_redemption by a non-test user is 403', async () => {
    const { regular, sandbox } = fx;
    const gated = await regular.sessions.create(sandbox.gatedLocationId);
    await rejectsWith(
      regular.testing.simulateRedemption(sandbox.gatedLocationId, gated.id, { durationMinutes: 5 }),
      403,
      /Only test users/,
    );
  });

  it("404 for unknown locations and sessions, and for another user's session (not revealed)", async () => {
    const { tester, regular, sandbox } = fx;
    const mine = await tester.sessions.create(sandbox.locationId);
    await rejectsWith(regular.sessions.get(sandbox.locationId, mine.id), 404);
    await rejectsWith(regular.sessions.end(sandbox.locationId, mine.id), 404);
    await rejectsWith(tester.sessions.get(sandbox.gatedLocationId, mine.id), 404, /does not exist at location gate-7/);
    await rejectsWith(tester.sessions.get(sandbox.locationId, 999_999), 404);
    await rejectsWith(tester.sessions.listAtLocation('nowhere'), 404, /Location nowhere/);
    await rejectsWith(tester.sessions.create('nowhere'), 404);
    await rejectsWith(tester.barcodes.create({ location_id: 'nowhere' }), 404);
    await rejectsWith(tester.testing.simulateRedemption('nowhere', mine.id, { durationMinutes: 5 }), 404);
    await tester.sessions.end(sandbox.locationId, mine.id);
  });

  it('lists hold only the caller’s sessions, in order, never two open at one location', async () => {
    const { tester, regular, sandbox } = fx;
    const mine = await tester.sessions.listMine();
    const theirs = await regular.sessions.listMine();
    assert.ok(mine.length > 0 && theirs.length > 0);
    assert.ok(mine.every((s) => s.user_id === mine[0]!.user_id) && theirs.every((s) => s.user_id !== mine[0]!.user_id));
    assert.deepEqual(
      mine.map((s) => s.id),
      [...mine.map((s) => s.id)].sort((a, b) => a - b),
    );
    const here = await tester.sessions.listAtLocation(sandbox.locationId);
    assert.deepEqual(
      here,
      mine.filter((s) => s.location_id === sandbox.locationId),
    );
    for (const list of [mine, theirs]) {
      const open = list.filter((s) => sessionState(s) !== 'ended').map((s) => s.location_id);
      assert.equal(new Set(open).size, open.length);
    }
  });

  it('create_barcode returns a barcode in the asked format, valid a day', async () => {
    const barcode = await fx.tester.barcodes.create({ location_id: fx.sandbox.gatedLocationId, format: 'code128' });
    assert.equal(barcode.format, 'code128');
    assert.equal(Date.parse(barcode.expires_at) - clock, 24 * 3600_000);
  });

  it('400 with the offending field named, for bad path parameters and bodies', async () => {
    const { tester, sandbox } = fx;
    const cases: [() => Promise<unknown>, string][] = [
      [() => tester.sessions.listAtLocation('bad id!'), '#/path/location_id'],
      [() => tester.sessions.create(sandbox.locationId, { license_plate: 'lower-case' }), '/license_plate'],
      [() => tester.sessions.create(sandbox.locationId, { colour: 'red' } as never), '/colour'],
      [() => tester.testing.simulateRedemption(sandbox.gatedLocationId, 1, { durationMinutes: 1441 }), '/duration_m'],
      [() => tester.testing.simulateRedemption(sandbox.gatedLocationId, 1, { durationMinutes: 1.5 }), '/duration_m'],
      [() => tester.barcodes.create({ location_id: sandbox.locationId, format: 'pdf417' as never }), '/format'],
      [() => tester.barcodes.create({ location_id: 'x y' }), '/location_id'],
    ];
    for (const [call, pointer] of cases) {
      await assert.rejects(call(), (error: CoordApiError) => {
        assert.equal(error.status, 400, error.message);
        assert.ok(
          error.errors?.some((e) => e.pointer === pointer),
          JSON.stringify(error.errors),
        );
        return true;
      });
    }
  });
});
