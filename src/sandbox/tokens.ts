import { errors, jwtVerify, SignJWT } from 'jose';
import { randomHex } from './random.ts';

/**
 * The sandbox's user tokens: HS256 JWTs it signs with its own secret (`sub` = the user's UUID,
 * `test` = whether the user may simulate redemptions, `exp` an hour on). jose does the JWT work;
 * verification pins the algorithm, so `alg: none` and any other algorithm are refused.
 * Verified tokens are cached until they expire: verifying is the costliest step of a request.
 */
export interface SandboxUser {
  id: string;
  test: boolean;
}

const TOKEN_LIFETIME_S = 60 * 60;
const CACHE_LIMIT = 10_000;

export class TokenAuthority {
  readonly #key: Uint8Array;
  readonly #now: () => Date;
  readonly #cache = new Map<string, { user: SandboxUser; expiresAtMs: number }>();

  constructor(secret: string | undefined, now: () => Date) {
    this.#key = new TextEncoder().encode(secret ?? randomHex(32));
    this.#now = now;
  }

  async mint(user: SandboxUser, lifetimeSeconds = TOKEN_LIFETIME_S): Promise<string> {
    const issuedAt = Math.floor(this.#now().getTime() / 1000);
    return new SignJWT({ test: user.test })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetimeSeconds)
      .sign(this.#key);
  }

  /** The user of a token verified before and not yet expired, without waiting: most requests. */
  cached(token: string): SandboxUser | undefined {
    const cached = this.#cache.get(token);
    return cached && cached.expiresAtMs > this.#now().getTime() ? cached.user : undefined;
  }

  /** The user a token names, or the reason it is refused (worded for a 401's detail). */
  async verify(token: string): Promise<SandboxUser | { refused: string }> {
    const cached = this.cached(token);
    if (cached) return cached;
    const nowMs = this.#now().getTime();
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        currentDate: new Date(nowMs),
        requiredClaims: ['sub', 'exp'],
      });
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(payload.sub!)) {
        return { refused: 'the token subject is not a user id (UUID)' };
      }
      const user = { id: payload.sub!.toLowerCase(), test: payload.test === true };
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(token, { user, expiresAtMs: payload.exp! * 1000 });
      return user;
    } catch (error) {
      return { refused: refusal(error) };
    }
  }
}

function refusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token is not signed by this server';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with HS256';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token is missing a claim (${error.claim})`;
  return 'the token is malformed';
}
