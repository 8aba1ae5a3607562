import type { components } from 'coord-parking/openapi';

type Session = components['schemas']['Session'];

/**
 * How much a shared sandbox holds. Open sessions cannot be dropped, so past an open limit a new
 * session is refused (409); stored sessions can, so past a stored limit the session that ended
 * longest ago is forgotten (404 from then on) and the sandbox keeps serving however long it runs.
 */
export interface SessionLimits {
  /** Open sessions (active or awaiting redemption) per user. */
  openSessionsPerUser: number;
  /** Open sessions in the whole sandbox. */
  openSessions: number;
  /** Sessions kept per user, open or ended; at least `openSessionsPerUser`. */
  storedSessionsPerUser: number;
  /** Sessions kept in the whole sandbox; at least `openSessions`. */
  storedSessions: number;
}

export const DEFAULT_LIMITS: SessionLimits = {
  openSessionsPerUser: 100,
  openSessions: 10_000,
  storedSessionsPerUser: 1_000,
  storedSessions: 100_000,
};

/** Per user: sessions in creation order (the lists' order), and the ended ones in the order they ended. */
interface UserSessions {
  all: Map<number, Session>;
  ended: Set<Session>;
  openCount: number;
}

/**
 * The sandbox's sessions, in memory, with every lookup and every bound in O(1): by id, the
 * open session of a user at a location (the at-most-one rule), a user's sessions in order, and
 * the session to forget when a stored limit is reached.
 * Its methods are synchronous, so on Node's single thread a check and the write that follows it
 * cannot interleave with another request: that is what keeps the rules under concurrency.
 */
export class SessionStore {
  readonly limits: SessionLimits;
  #nextId = 1;
  readonly #byId = new Map<number, Session>();
  readonly #byUser = new Map<string, UserSessions>();
  /** `${user}\n${location}` → the session that is active or awaiting redemption there. */
  readonly #open = new Map<string, Session>();
  /** Every ended session, the one that ended longest ago first. */
  readonly #ended = new Set<Session>();

  constructor(limits: Partial<SessionLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const { openSessionsPerUser, openSessions, storedSessionsPerUser, storedSessions } = this.limits;
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`limits.${name} must be a positive integer, got ${value}`);
    }
    // Then a stored limit is only ever reached with an ended session to forget.
    if (storedSessionsPerUser < openSessionsPerUser)
      throw new RangeError('limits.storedSessionsPerUser must be at least openSessionsPerUser');
    if (storedSessions < openSessions) throw new RangeError('limits.storedSessions must be at least openSessions');
  }

  get size(): number {
    return this.#byId.size;
  }

  openAt(userId: string, locationId: string): Session | undefined {
    return this.#open.get(openKey(userId, locationId));
  }

  /** Why this user may not open another session now (an open limit is reached), or undefined. */
  openLimitReached(userId: string): string | undefined {
    const { openSessionsPerUser, openSessions } = this.limits;
    if ((this.#byUser.get(userId)?.openCount ?? 0) >= openSessionsPerUser) {
      return `You have ${openSessionsPerUser} open sessions, the sandbox's limit per user; end one first.`;
    }
    if (this.#open.size >= openSessions)
      return `The sandbox holds ${openSessions} open sessions, its limit; try again once some have ended.`;
    return undefined;
  }

  /**
   * Adds a new open session; the caller has checked the at-most-one rule and the open limits.
   * Forgets the longest-ended sessions beyond the stored limits.
   */
  create(fields: Omit<Session, 'id'> & { location_id: string }): Session {
    const session: Session = { id: this.#nextId++, ...fields };
    this.#byId.set(session.id, session);
    const mine = this.#userSessions(session.user_id);
    mine.all.set(session.id, session);
    mine.openCount++;
    this.#open.set(openKey(session.user_id, fields.location_id), session);
    const overUser = mine.all.size > this.limits.storedSessionsPerUser ? first(mine.ended) : undefined;
    if (overUser) this.#forget(overUser);
    const overAll = this.#byId.size > this.limits.storedSessions ? first(this.#ended) : undefined;
    if (overAll) this.#forget(overAll);
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
    if (this.#open.get(key) !== session) return;
    this.#open.delete(key);
    const mine = this.#userSessions(session.user_id);
    mine.openCount--;
    mine.ended.add(session);
    this.#ended.add(session);
  }

  /** A user's sessions, oldest first. */
  listByUser(userId: string): Session[] {
    return [...(this.#byUser.get(userId)?.all.values() ?? [])];
  }

  /** Forgets every session; ids start at 1 again. */
  clear(): void {
    this.#nextId = 1;
    this.#byId.clear();
    this.#byUser.clear();
    this.#open.clear();
    this.#ended.clear();
  }

  #userSessions(userId: string): UserSessions {
    let mine = this.#byUser.get(userId);
    if (!mine) this.#byUser.set(userId, (mine = { all: new Map(), ended: new Set(), openCount: 0 }));
    return mine;
  }

  #forget(session: Session): void {
    this.#byId.delete(session.id);
    this.#ended.delete(session);
    const mine = this.#byUser.get(session.user_id)!;
    mine.all.delete(session.id);
    mine.ended.delete(session);
    if (mine.all.size === 0) this.#byUser.delete(session.user_id);
  }
}

function openKey(userId: string, locationId: string): string {
  return `${userId}\n${locationId}`;
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}
