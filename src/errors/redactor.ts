/**
 * Removes credentials from text before it goes into an error. Errors are built through a
 * Redactor (as octokit does) rather than cleaned when printed, so no `toString`, `JSON.stringify`
 * or `util.inspect` of an error, nor a logger walking its fields, can ever see a secret.
 */
import { DECODED_LEVELS, decodeCharacters, encodedForms } from './secret-forms.ts';

export const REDACTED = '***';

/** Token functions may hand out a new token every hour; these are the ones kept for redaction. */
const REMEMBERED_TOKENS = 16;

export class Redactor {
  /** Per secret: the secret itself, then its hex and base64 renderings (secret-forms.ts). */
  readonly #secrets: string[][] = [];

  constructor(secrets: readonly (string | undefined)[] = []) {
    for (const secret of secrets) this.add(secret);
  }

  /**
   * Every secret is masked whatever its length: a short one wrecks messages (every "t" of a
   * message becomes ***) but never leaks. The client refuses implausibly short access keys.
   */
  add(secret: string | undefined): void {
    if (!secret || this.#secrets.some(([known]) => known === secret)) return;
    this.#secrets.push([secret, ...encodedForms(secret)]);
    // Keep the first (the access key) and the most recent tokens.
    if (this.#secrets.length > REMEMBERED_TOKENS + 1) this.#secrets.splice(1, 1);
  }

  /** Text with every known secret masked, in every encoding: raw, JSON-escaped, percent-encoded, base64… */
  text(value: string): string {
    let result = this.#mask(value);
    // Escaped forms (JSON, percent, HTML, any mix) are plain once decoded. Where a decoded level
    // holds a secret the level above did not, that level, masked, is what the error shows: what
    // surrounds the secret reads the same to a person, and masking inside the escapes instead
    // would take a pattern with every form of every character, some 2 KB of every client bundle.
    // A few levels deep (a secret JSON-escaped inside a JSON string, percent-encoded twice), so
    // that the level shown holds no secret escaped once more.
    for (let level = result, depth = 0; depth < DECODED_LEVELS; depth++) {
      const decoded = decodeCharacters(level);
      if (decoded === level) break;
      level = this.#mask(decoded);
      if (level !== decoded) result = level;
    }
    // Any credential-looking value after "Bearer" (RFC 6750 token68), even one never seen here.
    return result.replace(/(Bearer\s+)[\w.~+/-]{8,}=*/gi, `$1${REDACTED}`);
  }

  /** A URL with secret query parameters masked (whatever their value), then any known secret. */
  url(value: string): string {
    try {
      const url = new URL(value);
      if (url.searchParams.has('access_key')) url.searchParams.set('access_key', REDACTED);
      return this.text(url.toString());
    } catch {
      return this.text(value);
    }
  }

  #mask(text: string): string {
    // includes() first: most texts hold no form of any secret, and a search is cheaper than a replace.
    for (const forms of this.#secrets) for (const form of forms) if (text.includes(form)) text = text.replaceAll(form, REDACTED);
    return text;
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
