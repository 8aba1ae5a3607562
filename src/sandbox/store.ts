import type { Session } from 'coord-parking';

/**
 * The sandbox's sessions, in memory, with every lookup the API needs in O(1): by id, the open
 * session of a user at a location (the at-most-one rule), and a user's sessions in order.
 * Its methods are synchronous, so on Node's single thread a check and the write that follows it
 * cannot interleave with another request: that is what keeps the rule under concurrency.
 */
export class SessionStore {
  #nextId = 1;
  readonly #byId = new Map<number, Session>();
  readonly #byUser = new Map<string, Session[]>();
  /** `${user}\n${location}` → the session that is active or awaiting redemption there. */
  readonly #open = new Map<string, Session>();

  get size(): number {
    return this.#byId.size;
  }

  openAt(userId: string, locationId: string): Session | undefined {
    return this.#open.get(openKey(userId, locationId));
  }

  /** Adds a new open session; the caller has checked that the user has none open there. */
  create(fields: Omit<Session, 'id'> & { location_id: string }): Session {
    const session: Session = { id: this.#nextId++, ...fields };
    this.#byId.set(session.id, session);
    const mine = this.#byUser.get(session.user_id);
    if (mine) mine.push(session);
    else this.#byUser.set(session.user_id, [session]);
    this.#open.set(openKey(session.user_id, fields.location_id), session);
    return session;
  }

  /** A session of this user at this location, or undefined (also for another user's). */
  find(userId: string, locationId: string, id: number): Session | undefined {
    const session = this.#byId.get(id);
    return session && session.user_id === userId && session.location_id === locationId ? session : undefined;
  }

  /** Records that a session has ended: it no longer blocks a new one at its location. */
  close(session: Session): void {
    const key = openKey(session.user_id, session.location_id!);
    if (this.#open.get(key) === session) this.#open.delete(key);
  }

  listByUser(userId: string): readonly Session[] {
    return this.#byUser.get(userId) ?? [];
  }
}

function openKey(userId: string, locationId: string): string {
  return `${userId}\n${locationId}`;
}
