import { isObject, walk, type Json, type JsonObject } from './json.ts';

export interface RefUse {
  /** The `$ref` value, e.g. `#/definitions/holder`. */
  ref: string;
  /** Where the `$ref` stands, as a JSON pointer. */
  at: string;
}

export function refsIn(doc: Json): RefUse[] {
  const uses: RefUse[] = [];
  for (const [node, pointer] of walk(doc)) {
    if (isObject(node) && typeof node.$ref === 'string') uses.push({ ref: node.$ref, at: pointer || '/' });
  }
  return uses;
}

/** Resolves a local `#/…` reference; undefined when nothing is there. */
export function resolveLocalRef(doc: Json, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: Json | undefined = doc;
  for (const raw of ref.slice(2).split('/')) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = Object.hasOwn(node, token) ? node[token] : undefined;
    else return undefined;
  }
  return node;
}

/** The node a `$ref` object points at (one level), or the node itself when it is not a `$ref`. */
export function derefOnce<T = JsonObject>(doc: Json, node: unknown): T {
  const ref = isObject(node as Json) ? (node as JsonObject).$ref : undefined;
  return (typeof ref === 'string' ? resolveLocalRef(doc, ref) : node) as T;
}

/** Every `$ref` that does not resolve inside the document itself (external ones included). */
export function danglingRefs(doc: Json): RefUse[] {
  return refsIn(doc).filter(({ ref }) => resolveLocalRef(doc, ref) === undefined);
}

/** A copy of `node` with every local `$ref` replaced by what it points at (the contract has no cycles). */
export function dereferenceAll(doc: Json, node: Json, depth = 0): Json {
  if (depth > 32) throw new Error('$ref nesting deeper than 32: a cycle?');
  if (Array.isArray(node)) return node.map((item) => dereferenceAll(doc, item, depth));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') return dereferenceAll(doc, resolveLocalRef(doc, node.$ref) ?? null, depth + 1);
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, dereferenceAll(doc, value, depth)]));
}
