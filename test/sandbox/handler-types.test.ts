/**
 * The handlers are typed by the contract: `npm run typecheck` compiles this file, and every
 * `@ts-expect-error` below must meet an error or tsc fails. So each line is a handler that
 * breaks the contract and does not compile.
 */
import assert from 'node:assert/strict';
import { defineHandlers, type Handlers } from '../../src/sandbox/handler-types.ts';

const session = { id: 1, user_id: '7e57e57e-0000-4000-8000-000000000001' };

export function handlersBreakingTheContract(valid: Handlers): Handlers[] {
  return [
    defineHandlers({
      ...valid,
      // @ts-expect-error: a field the contract does not define
      create_barcode: () => ({ format: 'qr' as const, data: 'CRD-1', expires_at: '2026-11-24T09:00:00Z', secret: 'leak' }),
    }),
    defineHandlers({
      ...valid,
      // @ts-expect-error: an undefined field deep inside a session
      get_session: () => ({ ...session, billing_info: { cost: { amount: 250, currency: 'USD', tax: 20 } } }),
    }),
    defineHandlers({
      ...valid,
      // @ts-expect-error: an undefined field on an item of a list
      get_user_sessions: () => [{ ...session, internal_note: 'x' }],
    }),
    defineHandlers({
      ...valid,
      // @ts-expect-error: a field of the wrong type
      end_session: () => ({ ...session, id: '1' }),
    }),
    defineHandlers({
      ...valid,
      // @ts-expect-error: a required field missing
      post_session: () => ({ id: 1 }),
    }),
    defineHandlers({
      ...valid,
      // @ts-expect-error: a body field the contract does not define
      fake_redemption: ({ body }) => ({ ...session, id: body.minutes }),
    }),
    defineHandlers({
      ...valid,
      // @ts-expect-error: a path parameter of the wrong type (session_id is a number)
      get_location_sessions: ({ path }) => [{ ...session, id: path.location_id }],
    }),
  ];
}

describe('sandbox: handler types', () => {
  it('are checked by tsc against the contract (this file compiles only while each break above is an error)', () => {
    assert.equal(typeof handlersBreakingTheContract, 'function');
  });
});
