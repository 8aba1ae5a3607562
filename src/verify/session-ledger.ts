import { sessionState, type Session } from 'coord-parking';

/** Whose session it is: verify acts as these two users only. */
export type Owner = 'test user' | 'regular user';

/** A session verify made on the server, as the server last described it. */
export interface MadeSession {
  id: number;
  location: string;
  /** Undefined when the request carried a credential verify holds for no user (a server that let a bad token through). */
  owner: Owner | undefined;
  /** The check whose request made it. */
  by: string | undefined;
  state: 'active' | 'awaiting redemption' | 'ended';
  /** Ended or redeemed by the clean-up at the end of the run, rather than by the check that made it. */
  cleanedUp?: boolean;
  /** Why the clean-up could not end it. */
  problem?: string;
}

/** What one answer told about sessions: the request as sent (credentials included) and the body as parsed. */
export interface Observed {
  operationId: string;
  pathParams: Record<string, string>;
  token: string | null | undefined;
  status: number;
  body: unknown;
  by: string | undefined;
}

/**
 * Every session the run makes on the server, and what became of it, from the answers the
 * requests got: a 200 of post_session makes one; end_session, fake_redemption, get_session and
 * the lists say what state it is in. The clean-up ends what is still open; the summary and the
 * reports say what was made and what became of it. It also refuses, before they are sent,
 * requests that would make a session nobody could end.
 */
export class SessionLedger {
  readonly made: MadeSession[] = [];
  /**
   * Where a post_session got no answer (cut by --max-time or Ctrl-C, or timed out): the server
   * may have made a session that no answer told of. The clean-up looks there.
   */
  readonly unanswered: { location: string; owner: Owner }[] = [];
  readonly #byKey = new Map<string, MadeSession>();
  readonly #owners: Map<string, Owner>;
  readonly #gatedLocationId: string | undefined;

  constructor(users: [token: string | undefined, owner: Owner][], gatedLocationId: string | undefined) {
    this.#owners = new Map(users.filter((user): user is [string, Owner] => user[0] !== undefined));
    this.#gatedLocationId = gatedLocationId;
  }

  /**
   * Why a request must not be sent: a regular user's session at the gated location waits for a
   * barcode scan, which only the gate can make, so verify could never end it.
   */
  refusal(operationId: string | undefined, pathParams: Record<string, string>, token: string | null | undefined): string | undefined {
    if (operationId !== 'post_session' || pathParams.location_id === undefined) return undefined;
    if (pathParams.location_id !== this.#gatedLocationId || this.ownerOf(token) !== 'regular user') return undefined;
    return 'verify makes no session of a regular user at the gated location: only the gate could end it, and a run leaves nothing open';
  }

  ownerOf(token: string | null | undefined): Owner | undefined {
    return token ? this.#owners.get(token) : undefined;
  }

  /** A request that got no answer: a post_session may still have made a session. */
  lost(operationId: string | undefined, pathParams: Record<string, string>, token: string | null | undefined): void {
    const location = pathParams.location_id;
    const owner = this.ownerOf(token);
    if (operationId !== 'post_session' || location === undefined || !owner) return;
    if (!this.unanswered.some((place) => place.location === location && place.owner === owner)) this.unanswered.push({ location, owner });
  }

  /** A session the clean-up found open where a post_session got no answer: made by the run, as far as anyone can tell. */
  found(location: string, owner: Owner, session: Session): MadeSession | undefined {
    if (this.#byKey.has(key(location, session.id))) return undefined;
    const made: MadeSession = { id: session.id, location, owner, by: undefined, state: stateOf(session) };
    this.made.push(made);
    this.#byKey.set(key(location, session.id), made);
    return made;
  }

  saw({ operationId, pathParams, token, status, body, by }: Observed): void {
    if (status !== 200) return;
    const location = pathParams.location_id;
    if (operationId === 'post_session' && location !== undefined && isSession(body)) {
      if (this.#byKey.has(key(location, body.id))) return;
      const made: MadeSession = { id: body.id, location, owner: this.ownerOf(token), by, state: stateOf(body) };
      this.made.push(made);
      this.#byKey.set(key(location, body.id), made);
      return;
    }
    // The session a call was about is the one in its path, whatever id the answer shows.
    const asked =
      location !== undefined && pathParams.session_id !== undefined
        ? this.#byKey.get(key(location, Number(pathParams.session_id)))
        : undefined;
    if (asked && (operationId === 'end_session' || operationId === 'fake_redemption')) return void (asked.state = 'ended');
    if (asked && operationId === 'get_session' && isSession(body)) return void (asked.state = stateOf(body));
    if (!Array.isArray(body) || (operationId !== 'get_location_sessions' && operationId !== 'get_user_sessions')) return;
    const owner = this.ownerOf(token);
    for (const listed of body.filter(isSession)) {
      const at = listed.location_id ?? location;
      const known =
        at !== undefined ? this.#byKey.get(key(at, listed.id)) : this.made.find((made) => made.id === listed.id && made.owner === owner);
      if (known && known.owner === owner) known.state = stateOf(listed);
    }
  }

  /** The sessions still open, as far as the server said. */
  open(): MadeSession[] {
    return this.made.filter((made) => made.state !== 'ended');
  }
}

function key(location: string, id: number): string {
  return `${location}\n${id}`;
}

function isSession(value: unknown): value is Session {
  return typeof value === 'object' && value !== null && Number.isSafeInteger((value as { id?: unknown }).id);
}

function stateOf(session: Session): MadeSession['state'] {
  const state = sessionState(session);
  return state === 'awaiting_redemption' ? 'awaiting redemption' : state;
}
