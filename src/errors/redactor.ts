/**
 * Removes credentials from text before it goes into an error. Errors are built through a
 * Redactor (as octokit does) rather than cleaned when printed, so no `toString`, `JSON.stringify`
 * or `util.inspect` of an error, nor a logger walking its fields, can ever see a secret.
 */
import { decodeCharacters, formsOf, hideSecret } from './secret-forms.ts';

export const REDACTED = '***';

const SECRET_QUERY_PARAMS = ['access_key'];
/** Token functions may hand out a new token every hour; these are the ones kept for redaction. */
const REMEMBERED_TOKENS = 16;

export class Redactor {
  readonly #secrets: string[] = [];

  constructor(secrets: readonly (string | undefined)[] = []) {
    for (const secret of secrets) this.add(secret);
  }

  /**
   * Every secret is masked whatever its length: a short one wrecks messages (every "t" of a
   * message becomes ***) but never leaks. The client refuses implausibly short access keys.
   */
  add(secret: string | undefined): void {
    if (!secret || this.#secrets.includes(secret)) return;
    this.#secrets.push(secret);
    // Keep the first (the access key) and the most recent tokens.
    if (this.#secrets.length > REMEMBERED_TOKENS + 1) this.#secrets.splice(1, 1);
  }

  /** Text with every known secret masked, in every encoding: raw, JSON-escaped, percent-encoded, base64… */
  text(value: string): string {
    let result = value;
    if (this.#secrets.length > 0) {
      const decoded = decodeCharacters(value);
      // Every encoding of each secret (secret-forms.ts), compiled when first needed.
      for (const secret of this.#secrets) result = hideSecret(result, formsOf(secret), REDACTED, decoded);
    }
    // Any credential-looking value after "Bearer" (RFC 6750 token68), even one never seen here.
    return result.replace(/(Bearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1${REDACTED}`);
  }

  /** A URL with secret query parameters masked (whatever their value), then any known secret. */
  url(value: string): string {
    try {
      const url = new URL(value);
      for (const name of SECRET_QUERY_PARAMS) if (url.searchParams.has(name)) url.searchParams.set(name, REDACTED);
      return this.text(url.toString());
    } catch {
      return this.text(value);
    }
  }

  /** Deep copy of a JSON value with every string redacted (problem details echo input). */
  json<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.json(item)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.json(item)])) as T;
    }
    return value;
  }
}

/** The forms of a secret, for tools that must say which credential came back and how (verify). */
export { decodeCharacters, findSecret, formsOf, type SecretForms } from './secret-forms.ts';
