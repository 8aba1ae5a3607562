import { decodeCharacters, findSecret, formsOf, type SecretForms } from 'coord-parking/redactor';

/** Shorter values are too likely to occur by chance (the Redactor ignores them too). */
const MIN_CREDENTIAL_LENGTH = 8;

/**
 * Finds credentials a response carries back: the target's own, and whatever the request
 * presented (a wrong key echoed today is the right key echoed tomorrow). Run on the raw
 * response, before redaction would hide what it is looking for; it reports which credential,
 * in what encoding and where, never the value.
 */
export class Reflections {
  readonly #known: [name: string, secret: string][];
  readonly #forms = new Map<string, SecretForms>();

  constructor(credentials: [name: string, secret: string | undefined][]) {
    this.#known = credentials.filter((entry): entry is [string, string] => (entry[1]?.length ?? 0) >= MIN_CREDENTIAL_LENGTH);
  }

  find(headers: Record<string, string>, body: string, sent: (string | null | undefined)[]): string[] {
    const credentials = [...this.#known];
    for (const secret of sent) {
      if (secret && secret.length >= MIN_CREDENTIAL_LENGTH && !credentials.some(([, known]) => known === secret))
        credentials.push(['a credential the request presented', secret]);
    }
    const places = [...Object.entries(headers).map(([name, value]) => [`header ${name}`, value] as const), ['the body', body] as const].map(
      ([where, text]) => ({ where, text, decoded: decodeCharacters(text) }),
    );
    const found: string[] = [];
    for (const [name, secret] of credentials) {
      const forms = this.#formsOf(secret);
      for (const { where, text, decoded } of places) {
        const encoding = findSecret(text, forms, decoded);
        if (encoding) found.push(`${name} (${encoding}) in ${where}`);
      }
    }
    return found;
  }

  #formsOf(secret: string): SecretForms {
    let forms = this.#forms.get(secret);
    if (!forms) this.#forms.set(secret, (forms = formsOf(secret)));
    return forms;
  }
}
