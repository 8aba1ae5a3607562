/**
 * The forms a server may give a secret, written independently of the code under test (which
 * has its own, in src/errors/secret-forms.ts), so that a test asserting "no secret anywhere"
 * does not share a blind spot with the code it tests.
 */
export function secretEncodings(secret: string): { name: string; text: string }[] {
  const percent = encodeURIComponent(secret);
  const forms = [
    { name: 'raw', text: secret },
    { name: 'JSON-escaped', text: JSON.stringify(secret).slice(1, -1) },
    { name: 'JSON-escaped with \\/', text: secret.replaceAll('/', '\\/') },
    { name: 'JSON \\u-escaped', text: secret.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) },
    { name: 'percent-encoded', text: percent },
    { name: 'percent-encoded, lower-case', text: percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()) },
    { name: 'percent-encoded twice', text: encodeURIComponent(percent) },
    { name: 'hex', text: Buffer.from(secret).toString('hex') },
    { name: 'hex, upper-case', text: Buffer.from(secret).toString('hex').toUpperCase() },
  ];
  // base64 of a value holding the secret at each byte offset: the characters well inside it.
  for (const encoding of ['base64', 'base64url'] as const) {
    for (const offset of [0, 1, 2]) {
      const rendered = Buffer.from(`${'#'.repeat(offset)}${secret}`).toString(encoding);
      forms.push({ name: `${encoding} at offset ${offset}`, text: rendered.slice(4, -4) });
    }
  }
  return forms;
}

/** Which encodings of which secrets `text` holds, by name (empty: none). */
export function secretsIn(text: string, secrets: string[]): string[] {
  return secrets.flatMap((secret, i) =>
    secretEncodings(secret)
      .filter((form) => text.includes(form.text))
      .map((form) => `secret #${i + 1} ${form.name}`),
  );
}
