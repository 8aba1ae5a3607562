/**
 * Headers the user adds with `-H "Name: value"`. Those verify sets itself are refused: a user's
 * Authorization would replace the tokens the checks vary, a Content-Type the media types the
 * negative checks send, and the framing headers belong to the HTTP client.
 */
export const OWNED_HEADERS: Record<string, string> = {
  authorization: 'the user tokens go there: give them with --token and --non-test-token',
  'content-type': 'each check chooses the media type of its bodies',
  host: 'the HTTP client sets it from --base-url',
  'content-length': 'the HTTP client sets it',
  'transfer-encoding': 'the HTTP client sets it',
  connection: 'the HTTP client sets it',
  'keep-alive': 'the HTTP client sets it',
  upgrade: 'the HTTP client sets it',
  expect: 'the HTTP client sets it',
  te: 'the HTTP client sets it',
  trailer: 'the HTTP client sets it',
};

/**
 * "Name: value" lines, already checked against the option's schema pattern, as pairs; or what
 * is wrong with them. A problem names the header, never its value.
 */
export function parseHeaders(lines: readonly string[]): { headers: [name: string, value: string][] } | { problem: string } {
  const headers: [string, string][] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const owned = OWNED_HEADERS[name.toLowerCase()];
    if (owned) return { problem: `may not set ${name}: ${owned}` };
    if (headers.some(([seen]) => seen.toLowerCase() === name.toLowerCase())) return { problem: `gives ${name} twice` };
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return { headers };
}
