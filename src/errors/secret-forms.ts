/**
 * Every form a secret takes once something re-encodes it: a server echoing it in JSON (`\/`,
 * `\u002B`), a proxy percent-encoding it (either hex case), an HTML page, or any mix of these,
 * character by character; and base64 or base64url, at any byte alignment inside a longer
 * encoded value. Redaction (Redactor) and verify's check that a server never sends a
 * credential back both find secrets through this one definition.
 *
 * Finding is fast on text without the secret: the text is decoded once (`decodeCharacters`)
 * and searched for the plain secret; only text that holds it is searched with the pattern
 * that locates each encoded form.
 */
export interface SecretForms {
  secret: string;
  /** The secret with each character in any of its character-level forms (global); built when first read. */
  readonly characters: RegExp;
  /** The stable middle of the secret's base64 and base64url renderings at each alignment. */
  encoded: { encoding: 'base64' | 'base64url'; text: string }[];
}

/** Compiled forms of recent secrets: a client per call, or a token per hour, compiles each once. */
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
  const pattern = () => (characters ??= new RegExp([...secret].map((char) => `(?:${characterForms(char).join('|')})`).join(''), 'g'));
  const encoded: SecretForms['encoded'] = [];
  for (const encoding of ['base64', 'base64url'] as const) {
    for (const text of alignedCores(utf8(secret), encoding)) {
      if (!encoded.some((form) => form.text === text)) encoded.push({ encoding, text });
    }
  }
  return {
    secret,
    get characters() {
      return pattern();
    },
    encoded,
  };
}

/** The text with percent-encoding, JSON escapes and HTML character references decoded. */
export function decodeCharacters(text: string): string {
  return text.replace(
    ESCAPES,
    (match, percent?: string, unicode?: string, short?: string, hex?: string, decimal?: string, named?: string) => {
      if (percent)
        return new TextDecoder().decode(
          new Uint8Array(
            percent
              .slice(1)
              .split('%')
              .map((hex) => parseInt(hex, 16)),
          ),
        );
      if (unicode) return String.fromCharCode(parseInt(unicode, 16));
      if (short) return short;
      if (hex) return safeCodePoint(parseInt(hex, 16), match);
      if (decimal) return safeCodePoint(Number(decimal), match);
      return HTML_NAMED_DECODED[named!] ?? match;
    },
  );
}

/** How the secret appears in `text`, if it does: "raw", "percent-encoded", "base64url"… */
export function findSecret(text: string, forms: SecretForms, decoded = decodeCharacters(text)): string | undefined {
  if (text.includes(forms.secret)) return 'raw';
  if (decoded.includes(forms.secret)) {
    const match = text.match(forms.characters)?.[0];
    if (match !== undefined) return characterEncodings(match);
  }
  return forms.encoded.find((form) => text.includes(form.text))?.encoding;
}

export function hideSecret(text: string, forms: SecretForms, replacement: string, decoded = decodeCharacters(text)): string {
  let result = decoded.includes(forms.secret) ? text.replace(forms.characters, replacement) : text;
  for (const { text: form } of forms.encoded) if (result.includes(form)) result = result.split(form).join(replacement);
  return result;
}

const ESCAPES = /((?:%[0-9A-Fa-f]{2})+)|\\u([0-9A-Fa-f]{4})|\\([/"\\])|&#[xX]([0-9A-Fa-f]+);|&#([0-9]+);|&(amp|lt|gt|quot|apos);/g;
const HTML_NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const HTML_NAMED_DECODED = Object.fromEntries(Object.entries(HTML_NAMED).map(([char, entity]) => [entity.slice(1, -1), char]));
const JSON_SHORT: Record<string, string> = { '/': '\\/', '"': '\\"', '\\': '\\\\' };

/** The ways one character is written: itself, %XX per UTF-8 byte, JSON and HTML escapes. */
function characterForms(char: string): string[] {
  const codePoint = char.codePointAt(0)!;
  const forms = [escapeRegExp(char)];
  forms.push([...utf8(char)].map((byte) => `%${hexPattern(byte, 2)}`).join(''));
  if (JSON_SHORT[char]) forms.push(escapeRegExp(JSON_SHORT[char]));
  forms.push([...char].map((_, i) => `\\\\u${hexPattern(char.charCodeAt(i), 4)}`).join(''));
  if (HTML_NAMED[char]) forms.push(HTML_NAMED[char]);
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

function safeCodePoint(value: number, fallback: string): string {
  return value <= 0x10ffff ? String.fromCodePoint(value) : fallback;
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

/**
 * In base64, each byte's bits land in characters that depend on the bytes around it. For each
 * of the three offsets the secret can start at, keep only the characters made of its bits
 * alone, less a few at each end (as long as 8 remain): so that a fragment holding most of the
 * secret is found too, and loses its middle.
 */
function alignedCores(bytes: Uint8Array, encoding: 'base64' | 'base64url'): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const rendered = base64([...new Array<number>(offset).fill(0), ...bytes], encoding);
    const core = rendered.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    const margin = Math.max(0, Math.min(4, Math.floor((core.length - 8) / 2)));
    if (core.length >= 8) cores.push(core.slice(margin, core.length - margin));
  }
  return cores;
}

/** Browser-safe (the client runs in browsers too): no Buffer. */
function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function base64(bytes: number[], encoding: 'base64' | 'base64url'): string {
  const standard = btoa(String.fromCharCode(...bytes));
  return encoding === 'base64' ? standard : standard.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
