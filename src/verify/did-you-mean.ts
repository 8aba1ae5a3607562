import leven from 'leven';

/**
 * The candidate a mistyped name most likely meant, if one is close enough to be a typo of it:
 * case, `-` against `_` and camelCase cost nothing (`baseUrl` is `base-url`, `not-a-server-error`
 * is `not_a_server_error`), and then at most a third of the letters may differ.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const squash = (text: string) => text.toLowerCase().replace(/[-_]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = leven(squash(name), squash(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(squash(name).length / 3)) ? best : undefined;
}
