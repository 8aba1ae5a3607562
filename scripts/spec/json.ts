/** The JSON value model every step of the spec pipeline works on (YAML parsed to JS). */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 6901 escaping of one reference token. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Walks every node with its JSON pointer, depth first, in document order. */
export function* walk(node: Json, pointer = ''): Generator<[Json, string]> {
  yield [node, pointer];
  if (Array.isArray(node)) {
    for (const [index, child] of node.entries()) yield* walk(child, `${pointer}/${index}`);
  } else if (isObject(node)) {
    for (const [key, child] of Object.entries(node)) yield* walk(child, `${pointer}/${escapePointerToken(key)}`);
  }
}
