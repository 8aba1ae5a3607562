import type { components } from 'coord-parking/openapi';
import { defineHandlers, type Handlers, type PathParameters } from './handler-types.ts';
import { priceOf, type Location } from './locations.ts';
import { ProblemError } from './problems.ts';
import { randomBase64url } from './random.ts';
import type { SessionStore } from './store.ts';
import type { SandboxUser } from './tokens.ts';

type Session = components['schemas']['Session'];
type Barcode = components['schemas']['Barcode'];

export interface SandboxState {
  store: SessionStore;
  locations: ReadonlyMap<string, Location>;
}

const BARCODE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The contract's behaviour, one handler per operation (typed by ./handler-types.ts). */
export function createHandlers({ store, locations }: SandboxState): Handlers {
  const locationOf = (id: string): Location => {
    const location = locations.get(id);
    if (!location) throw new ProblemError('not_found', `Location ${id} does not exist.`);
    return location;
  };
  const sessionOf = ({ user, path }: { user: SandboxUser; path: PathParameters<'get_session'> }): Session => {
    const session = store.find(user.id, path.location_id, path.session_id);
    if (!session) throw new ProblemError('not_found', `Session ${path.session_id} does not exist at location ${path.location_id}.`);
    return session;
  };
  const bill = (session: Session, startMs: number, endMs: number) => {
    session.end_time = new Date(endMs).toISOString();
    session.billing_info = { cost: priceOf(locationOf(session.location_id!), startMs, endMs) };
    store.close(session);
  };

  return defineHandlers({
    get_location_sessions({ user, path }) {
      locationOf(path.location_id);
      return store.listByUser(user.id).filter((session) => session.location_id === path.location_id);
    },

    post_session({ user, path, body, nowMs }) {
      const location = locationOf(path.location_id);
      const open = store.openAt(user.id, location.id);
      if (open) {
        throw new ProblemError('conflict', `You already have an open session (${open.id}) at location ${location.id}.`);
      }
      const limit = store.openLimitReached(user.id);
      if (limit) throw new ProblemError('limit_reached', limit);
      const started = location.kind === 'direct';
      return store.create({
        user_id: user.id,
        location_id: location.id,
        ...(body?.license_plate ? { license_plate: body.license_plate } : {}),
        ...(started ? { start_time: new Date(nowMs).toISOString() } : { redemption_info: { barcode: barcode('qr', nowMs) } }),
      });
    },

    get_session: sessionOf,

    end_session(request) {
      const session = sessionOf(request);
      if (session.redemption_info) {
        throw new ProblemError('conflict', `Session ${session.id} is checked out at the gate; it cannot be ended through the API.`);
      }
      if (session.end_time) throw new ProblemError('conflict', `Session ${session.id} has already ended.`);
      bill(session, Date.parse(session.start_time!), Math.max(request.nowMs, Date.parse(session.start_time!)));
      return session;
    },

    create_barcode({ body, nowMs }) {
      locationOf(body.location_id);
      return barcode(body.format ?? 'qr', nowMs);
    },

    get_user_sessions({ user }) {
      return store.listByUser(user.id);
    },

    fake_redemption(request) {
      if (!request.user.test) throw new ProblemError('forbidden', 'Only test users may simulate a redemption.');
      const session = sessionOf(request);
      if (!session.redemption_info) {
        throw new ProblemError(
          'conflict',
          `Session ${session.id} has no redemption_info: it started at once and is ended with end_session.`,
        );
      }
      if (session.start_time) throw new ProblemError('conflict', `Session ${session.id} has already been redeemed.`);
      session.start_time = new Date(request.nowMs).toISOString();
      bill(session, request.nowMs, request.nowMs + request.body.duration_m * 60_000);
      return session;
    },
  });
}

function barcode(format: Barcode['format'], nowMs: number): Barcode {
  return { format, data: `CRD-${randomBase64url(9)}`, expires_at: new Date(nowMs + BARCODE_LIFETIME_MS).toISOString() };
}
