/**
 * Every form a secret takes once something re-encodes it: a server echoing it in JSON (`\/`,
 * `\u002B`), a proxy percent-encoding it (either hex case), an HTML page, or any mix of these,
 * character by character; and base64 or base64url, at any byte alignment inside a longer
 * encoded value. Redaction (Redactor) and verify's check that a server never sends a
 * credential back both find secrets through these definitions.
 *
 * The character-level forms are all undone by `decodeCharacters`, after which the secret is
 * plain text: with `encodedForms`, that is all the Redactor, in every client bundle, needs.
 * Saying *how* a secret was written takes a pattern with each of its characters in each of its
 * forms; only verify asks that (`findSecret`), so that code sits where no client bundle reaches it.
 */

/** The text with percent-encoding (UTF-8), JSON escapes and HTML character references decoded, in one pass. */
export function decodeCharacters(text: string): string {
  return text.replace(ESCAPES, decodeEscape);
}

/** A run of %XX is decoded whole, as the UTF-8 bytes of its characters; an invalid byte becomes U+FFFD alone. */
const ESCAPES = /(?:%[\dA-Fa-f]{2})+|\\u[\dA-Fa-f]{4}|\\[/"\\]|&#(?:[xX][\dA-Fa-f]+|\d+);|&(?:amp|lt|gt|quot|apos);/g;
const HTML_NAMED: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

function decodeEscape(match: string): string {
  if (match[0] === '%') return new TextDecoder().decode(Uint8Array.from(match.slice(1).split('%'), (hex) => parseInt(hex, 16)));
  // \uXXXX, \/, \" or \\: JSON's own escapes, which JSON reads.
  if (match[0] === '\\') return JSON.parse(`"${match}"`) as string;
  if (match[1] !== '#') return HTML_NAMED[match]!;
  // &#x2F; or &#47; (parseInt stops at the ';'); beyond Unicode it is no character, and stays as written.
  const hex = /x/i.test(match);
  const codePoint = parseInt(match.slice(hex ? 3 : 2), hex ? 16 : 10);
  return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : match;
}

/**
 * The secret's UTF-8 bytes in hexadecimal (lower, then upper case: hex dumps and digests print
 * bytes so), then its base64 and base64url renderings (in pairs) at each of the three byte offsets
 * it can start at inside a longer value. In base64, each byte's bits land in characters that
 * depend on the bytes around it: only the characters made of the secret's bits alone are kept,
 * less a few at each end (as long as 8 remain), so that a fragment holding most of the secret is
 * found too, and loses its middle.
 */
export function encodedForms(secret: string): string[] {
  const utf8 = new TextEncoder().encode(secret);
  const hex = Array.from(utf8, (byte) => byte.toString(16).padStart(2, '0')).join('');
  // The bytes as btoa takes them (browser-safe: the client runs in browsers too, so no Buffer).
  const bytes = String.fromCharCode(...utf8);
  return [hex, hex.toUpperCase()].concat(
    [0, 1, 2].flatMap((offset) => {
      // 4 characters per 3 bytes: from the first character after the offset's, to the last the secret fills alone.
      const core = btoa('\0'.repeat(offset) + bytes).slice(Math.ceil((offset * 4) / 3), Math.floor(((offset + bytes.length) * 4) / 3));
      if (core.length < 8) return [];
      const margin = Math.min(4, (core.length - 8) >> 1);
      const text = core.slice(margin, core.length - margin);
      return [text, text.replaceAll('+', '-').replaceAll('/', '_')];
    }),
  );
}

/** How deep escapes are undone (a JSON string inside JSON, a URL encoded twice): every level costs a pass over the text. */
export const DECODED_LEVELS = 4;

/** What verify needs to find a secret and say how it was written. */
export interface SecretForms {
  secret: string;
  /** The secret with each character in any of its character-level forms (global); built when first read. */
  readonly characters: RegExp;
  encoded: { encoding: 'base64' | 'base64url' | 'hex'; text: string }[];
}

/** Compiled forms of recent secrets: a token per hour, or a credential per request, compiles each once. */
const compiled = new Map<string, SecretForms>();
const COMPILED_KEPT = 64;

export function formsOf(secret: string): SecretForms {
  let forms = compiled.get(secret);
  if (!forms) {
    forms = compile(secret);
    if (compiled.size >= COMPILED_KEPT) compiled.delete(compiled.keys().next().value!);
    compiled.set(secret, forms);
  }
  return forms;
}

function compile(secret: string): SecretForms {
  // Only text that holds the decoded secret needs the pattern that finds each encoded form.
  let characters: RegExp | undefined;
  return {
    secret,
    get characters() {
      return (characters ??= new RegExp([...secret].map((char) => `(?:${characterForms(char).join('|')})`).join(''), 'g'));
    },
    encoded: encodedForms(secret).map((text, i) => ({ encoding: i < 2 ? 'hex' : i % 2 ? 'base64url' : 'base64', text })),
  };
}

/** How the secret appears in `text`, if it does: "raw", "percent-encoded", "base64url"… */
export function findSecret(text: string, forms: SecretForms, decoded = decodeCharacters(text)): string | undefined {
  if (text.includes(forms.secret)) return 'raw';
  if (decoded.includes(forms.secret)) {
    const match = text.match(forms.characters)?.[0];
    if (match !== undefined) return characterEncodings(match);
  }
  const encoded = forms.encoded.find((form) => text.includes(form.text))?.encoding;
  if (encoded) return encoded;
  // Escaped more than once: found, though not named escape by escape.
  for (let level = decoded, depth = 2; depth <= DECODED_LEVELS; depth++) {
    const deeper = decodeCharacters(level);
    if (deeper === level) return undefined;
    if (deeper.includes(forms.secret)) return `escaped ${depth} times`;
    level = deeper;
  }
  return undefined;
}

/** The ways one character is written: itself, %XX per UTF-8 byte, JSON and HTML escapes (what decodeCharacters undoes). */
function characterForms(char: string): string[] {
  const codePoint = char.codePointAt(0)!;
  const forms = [escapeRegExp(char)];
  forms.push([...new TextEncoder().encode(char)].map((byte) => `%${hexPattern(byte, 2)}`).join(''));
  if ('/"\\'.includes(char)) forms.push(escapeRegExp(`\\${char}`));
  forms.push([...char].map((_, i) => `\\\\u${hexPattern(char.charCodeAt(i), 4)}`).join(''));
  const named = Object.keys(HTML_NAMED).find((entity) => HTML_NAMED[entity] === char);
  if (named) forms.push(named);
  forms.push(`&#[xX]0*${hexPattern(codePoint, 1)};`, `&#0*${codePoint};`);
  return forms;
}

/** A hexadecimal number of at least `width` digits, matching either case of each letter. */
function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, '0')]
    .map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
    .join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function characterEncodings(match: string): string {
  const found = [
    [/%[0-9A-Fa-f]{2}/, 'percent-encoded'],
    [/\\u[0-9A-Fa-f]{4}|\\[/"\\]/, 'JSON-escaped'],
    [/&#|&[a-z]+;/, 'HTML-escaped'],
  ] as const;
  return (
    found
      .filter(([pattern]) => pattern.test(match))
      .map(([, name]) => name)
      .join(' and ') || 'raw'
  );
}
