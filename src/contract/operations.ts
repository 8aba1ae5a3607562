import { operations, type OperationEntry, type OperationId } from '../../generated/contract.ts';

export { operations, type OperationEntry, type OperationId };

/** Every operation of the contract, in the spec's order. */
export const OPERATIONS: readonly OperationEntry[] = Object.values(operations);

const byTemplate = new Map(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]));

/** The operation for a method and a path template (`/{location_id}/session`), as openapi-fetch names it. */
export function operationByTemplate(method: string, template: string): OperationEntry | undefined {
  return byTemplate.get(`${method.toUpperCase()} ${template}`);
}

interface CompiledTemplate {
  pattern: RegExp;
  names: string[];
  operations: Map<string, OperationEntry>;
}

/** Path templates as regexes, grouped so one path can tell "no such path" from "wrong method". */
const templates: CompiledTemplate[] = [];
for (const op of OPERATIONS) {
  let compiled = templates.find((t) => t.pattern.source === templateToRegex(op.path).source);
  if (!compiled) {
    compiled = { pattern: templateToRegex(op.path), names: templateNames(op.path), operations: new Map() };
    templates.push(compiled);
  }
  compiled.operations.set(op.method.toUpperCase(), op);
}

export type PathMatch =
  | { kind: 'operation'; operation: OperationEntry; pathParams: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'no-path' };

/**
 * Finds the operation for a method and a raw (still percent-encoded) path below the base URL.
 * Parameters come back decoded; a segment that does not decode is left as it came.
 */
export function matchOperation(method: string, rawPath: string): PathMatch {
  for (const { pattern, names, operations: byMethod } of templates) {
    const match = pattern.exec(rawPath);
    if (!match) continue;
    const operation = byMethod.get(method.toUpperCase());
    if (!operation) return { kind: 'wrong-method', allowed: [...byMethod.keys()] };
    const pathParams = Object.fromEntries(names.map((name, index) => [name, safeDecode(match[index + 1]!)]));
    return { kind: 'operation', operation, pathParams };
  }
  return { kind: 'no-path' };
}

function templateToRegex(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  // Exact: a trailing slash is another path, which the contract does not define.
  return new RegExp(`^${source}$`);
}

function templateNames(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
