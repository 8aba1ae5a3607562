import fc from 'fast-check';
import type { JsonSchema, Validator } from 'coord-parking/contract';

/**
 * fast-check arbitraries read from the contract's own schemas (only the keywords it uses), so
 * generated traffic follows the spec as it changes.
 *
 * `valid(schema)` yields values the schema accepts. `invalid(schema, validate)` yields values
 * that break it in one named way (wrong type, out of range, pattern, enum, a missing or extra
 * property, or one bad property inside a valid object), each confirmed invalid by the compiled
 * validator, so "negative" data is never accidentally valid.
 */
export interface Broken {
  value: unknown;
  /** What was broken, e.g. "/duration_m above maximum 1440". */
  how: string;
}

export function valid(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return validString(schema);
    case 'array':
      return fc.array(valid(schema.items ?? {}), { maxLength: 3 });
    case 'object': {
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, sub]) => [name, valid(sub)]));
      return fc.record(properties, { requiredKeys: [...(schema.required ?? [])] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 64;
  if (schema.format === 'date-time')
    return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString());
  if (schema.format === 'uuid') return fc.uuid();
  const base = schema.pattern ? fc.stringMatching(new RegExp(schema.pattern)) : fc.string({ minLength, maxLength });
  // Keep within the length bounds whatever the pattern generator makes, without filtering to death.
  return base.map((text) => text.slice(0, maxLength)).filter((text) => [...text].length >= minLength);
}

export function invalid(schema: JsonSchema, validate: Validator, at = ''): fc.Arbitrary<Broken> {
  const where = at || '(value)';
  const ways: fc.Arbitrary<Broken>[] = [wrongType(schema, where)];
  if (schema.enum) {
    ways.push(fc.constantFrom('not-in-enum', 'QR', '').map((value) => ({ value, how: `${where} outside the enum` })));
  }
  if (schema.type === 'integer') {
    if (schema.minimum !== undefined)
      ways.push(
        fc
          .integer({ min: schema.minimum - 1000, max: schema.minimum - 1 })
          .map((value) => ({ value, how: `${where} below minimum ${schema.minimum}` })),
      );
    if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) {
      ways.push(
        fc
          .integer({ min: schema.maximum + 1, max: schema.maximum + 1000 })
          .map((value) => ({ value, how: `${where} above maximum ${schema.maximum}` })),
      );
    }
    ways.push(fc.double({ min: 1.1, max: 99.9, noInteger: true }).map((value) => ({ value, how: `${where} not an integer` })));
  }
  if (schema.type === 'string' && !schema.enum && !schema.format) {
    if (schema.maxLength !== undefined) {
      ways.push(fc.constant('A'.repeat(schema.maxLength + 1)).map((value) => ({ value, how: `${where} longer than ${schema.maxLength}` })));
    }
    if ((schema.minLength ?? 0) > 0) ways.push(fc.constant({ value: '', how: `${where} empty` }));
    if (schema.pattern) {
      ways.push(
        fc
          .constantFrom('has space', 'semi;colon', 'ümlaut', '<tag>', 'quote"d')
          .map((value) => ({ value, how: `${where} not matching ${schema.pattern}` })),
      );
    }
  }
  if (schema.type === 'object') {
    const properties = Object.entries(schema.properties ?? {});
    for (const name of schema.required ?? []) {
      ways.push(
        valid(schema).map((value) => {
          const { [name]: _removed, ...rest } = value as Record<string, unknown>;
          return { value: rest, how: `${at}/${name} missing (required)` };
        }),
      );
    }
    if (schema.additionalProperties === false) {
      ways.push(
        valid(schema).map((value) => ({ value: { ...(value as object), unexpected_field: 1 }, how: `${at}/unexpected_field not allowed` })),
      );
    }
    for (const [name, sub] of properties) {
      ways.push(
        fc
          .tuple(
            valid(schema),
            invalid(sub, () => false, `${at}/${name}`),
          )
          .map(([value, broken]) => ({
            value: { ...(value as object), [name]: broken.value },
            how: broken.how,
          })),
      );
    }
  }
  return fc.oneof(...ways).filter(({ value }) => !validate(value));
}

function wrongType(schema: JsonSchema, where: string): fc.Arbitrary<Broken> {
  const others: Record<string, unknown[]> = {
    string: [42, true, null, ['x'], { x: 1 }],
    integer: ['12', 'twelve', true, null, [1], { n: 1 }],
    number: ['1.5', true, null],
    boolean: ['true', 1, null],
    object: ['{}', 42, null, [], true],
    array: ['[]', 42, null, {}],
  };
  return fc
    .constantFrom(...(others[schema.type ?? 'object'] ?? [null]))
    .map((value) => ({ value, how: `${where} of the wrong type (${JSON.stringify(value)})` }));
}
