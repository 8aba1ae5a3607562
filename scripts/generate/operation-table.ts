import { isObject, type Json, type JsonObject } from '../spec/json.ts';
import { dereferenceAll, derefOnce } from '../spec/refs.ts';

/**
 * The operation table: what the client, the sandbox and the contract suite need to know about
 * each operation at run time, read once from the spec here so none of them parses it.
 */
export interface ParameterEntry {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** Dereferenced: for turning raw path strings into the right type, and for generating values. */
  schema: JsonObject;
}
export interface ResponseEntry {
  contentType: string;
  validator: string;
  /** Headers the contract requires on this response (e.g. `Retry-After` on 429). */
  requiredHeaders: string[];
}
export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  parameters: ParameterEntry[];
  /** Validator of all path parameters as one object, so errors point at `/location_id`. */
  parametersValidator: string | null;
  body: { required: boolean; contentType: string; validator: string; schema: JsonObject } | null;
  responses: Record<string, ResponseEntry>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function buildOperationTable(spec: JsonObject): Record<string, OperationEntry> {
  const deref = <T>(node: unknown): T => derefOnce<T>(spec, node);
  const table: Record<string, OperationEntry> = {};
  for (const [path, item] of Object.entries(spec.paths as Record<string, JsonObject>)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const op = item[method] as JsonObject;
      const operationId = op.operationId as string;
      const declared = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])];
      const parameters = declared.map((p) => {
        const { name, in: where, required, schema } = deref<JsonObject>(p);
        return { name, in: where, required: required === true, schema: dereferenceAll(spec, schema!) } as ParameterEntry;
      });
      const requestBody = op.requestBody ? deref<JsonObject>(op.requestBody) : null;
      const responses: Record<string, ResponseEntry> = {};
      for (const [status, response] of Object.entries(op.responses as JsonObject)) {
        const { content, headers } = deref<JsonObject>(response);
        const [contentType] = Object.keys(content as JsonObject);
        const requiredHeaders = Object.entries((headers ?? {}) as JsonObject)
          .filter(([, header]) => deref<JsonObject>(header).required === true)
          .map(([name]) => name);
        const { schema } = (content as Record<string, JsonObject>)[contentType!]!;
        responses[status] = { contentType: contentType!, validator: validatorName(schema, `${operationId}_${status}`), requiredHeaders };
      }
      table[operationId] = {
        operationId,
        method,
        path,
        tag: ((op.tags as string[]) ?? [])[0] ?? '',
        summary: (op.summary as string) ?? '',
        parameters,
        parametersValidator: parameters.length > 0 ? `${operationId}_parameters` : null,
        body: requestBody ? bodyEntry(spec, requestBody, operationId) : null,
        responses,
      };
    }
  }
  return table;
}

function bodyEntry(spec: JsonObject, requestBody: JsonObject, operationId: string): OperationEntry['body'] {
  const [contentType, media] = Object.entries(requestBody.content as Record<string, JsonObject>)[0]!;
  return {
    required: requestBody.required === true,
    contentType,
    validator: validatorName(media.schema, `${operationId}_body`),
    schema: dereferenceAll(spec, media.schema!) as JsonObject,
  };
}

/**
 * A schema that is just a `$ref` to a component is validated by that component's validator
 * (`Session`, `Problem`, …), shared by every operation that uses it; an inline schema gets its own.
 */
export function validatorName(schema: Json | undefined, inlineName: string): string {
  const ref = isObject(schema) && typeof schema.$ref === 'string' ? schema.$ref : '';
  return ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : inlineName;
}

/** generated/contract.ts: the table as a typed constant, each validator name bound to its function. */
export function renderContractModule(table: Record<string, OperationEntry>): string {
  // Validator names become calls binding the compiled function; keys renamed to say so.
  const bind = (name: string) => `@@validator:${name}`;
  const rendered = Object.fromEntries(
    Object.entries(table).map(([id, { parametersValidator, body, responses, ...rest }]) => [
      id,
      {
        ...rest,
        validateParameters: parametersValidator ? bind(parametersValidator) : null,
        body: body ? { required: body.required, contentType: body.contentType, validate: bind(body.validator), schema: body.schema } : null,
        responses: Object.fromEntries(
          Object.entries(responses).map(([status, { validator, ...response }]) => [status, { ...response, validate: bind(validator) }]),
        ),
      },
    ]),
  );
  const json = JSON.stringify(rendered, null, 2).replace(/"@@validator:(\w+)"/g, 'validator("$1")');
  return `import * as compiled from './validators.ts';

/**
 * What ajv's standalone code reports per failed keyword (ajv's own ErrorObject, of which the
 * client uses these fields), spelled out so the client's types do not depend on ajv.
 */
export interface ValidatorError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A compiled validator: true when \`data\` conforms; otherwise \`errors\` says where and why. */
export type Validator = ((data: unknown) => boolean) & { errors?: ValidatorError[] | null };

function validator(name: keyof typeof compiled): Validator {
  return compiled[name] as unknown as Validator;
}

/** The JSON Schema keywords the contract uses, for code that reads schemas (value generators). */
export interface JsonSchema {
  type?: string;
  description?: string;
  enum?: readonly unknown[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: { readonly [name: string]: JsonSchema };
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
}

export interface ParameterEntry {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}
export interface ResponseEntry {
  contentType: string;
  validate: Validator;
  requiredHeaders: string[];
}
export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  parameters: ParameterEntry[];
  validateParameters: Validator | null;
  body: { required: boolean; contentType: string; validate: Validator; schema: JsonSchema } | null;
  responses: Record<string, ResponseEntry>;
}

export const operations = ${json} as const satisfies Record<string, OperationEntry>;

export type OperationId = keyof typeof operations;
`;
}
