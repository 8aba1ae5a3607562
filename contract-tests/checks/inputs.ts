import fc from 'fast-check';
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { OPERATIONS, type OperationEntry, type OperationId } from 'coord-parking/contract';
import { invalid, valid } from '../../src/verify/arbitraries.ts';
import type { Check } from '../../src/verify/check.ts';
import type { Exchange, OutgoingRequest } from '../../src/verify/exchange.ts';
import type { Failure } from '../../src/verify/results.ts';
import { plainRequestFor, requestFor, type RunContext } from '../../src/verify/run-context.ts';
import { excerpt } from '../../src/verify/exchange.ts';

const EVERY_OPERATION: OperationId[] = OPERATIONS.map((operation) => operation.operationId as OperationId);
/** Operations with something to generate: path parameters or a body. */
const TAKING_INPUT: OperationId[] = OPERATIONS.filter(
  (operation) => operation.parameters.some((p) => p.in === 'path') || operation.body !== null,
).map((operation) => operation.operationId as OperationId);

/** Credentials that must each be refused with 401, by what is wrong with them. */
type BadCredentials = { name: string; credentials: () => Promise<Partial<OutgoingRequest>> };
const MISSING_CREDENTIALS: BadCredentials[] = [
  { name: 'no access_key', credentials: async () => ({ accessKey: null }) },
  { name: 'no bearer token', credentials: async () => ({ token: null }) },
];
const INVALID_CREDENTIALS: BadCredentials[] = [
  { name: 'a wrong access_key', credentials: async () => ({ accessKey: `wrong-${randomBytes(6).toString('hex')}` }) },
  { name: 'a malformed token', credentials: async () => ({ token: 'not-a-jwt' }) },
  { name: 'a token with alg: none', credentials: async () => ({ token: unsignedToken() }) },
  { name: 'a token signed with a foreign key', credentials: async () => ({ token: await foreignToken() }) },
];

/** Each of `variants` on a valid request for the operation: every answer must be 401. */
async function refusedWith(run: RunContext, operation: OperationEntry, variants: BadCredentials[]): Promise<Failure[]> {
  const failures: Failure[] = [];
  for (const variant of variants) {
    const exchange = await run.exchanger.send(
      plainRequestFor(run, operation, { ...(await variant.credentials()), invalidOnPurpose: true }),
    );
    const status = exchange.response?.status;
    if (status !== 401) {
      failures.push({
        message: `${operation.operationId} with ${variant.name} was not refused`,
        expected: '401',
        actual: String(status ?? exchange.error),
        exchange,
      });
    }
  }
  return failures;
}

/** Checks that send their own requests for each operation: methods, credentials, generated data. */
export const INPUT_CHECKS: Check[] = [
  {
    name: 'unsupported_method',
    description: "A method the contract does not define on the operation's path: 405, with an Allow header naming those it does.",
    needs: [],
    per: 'operation',
    operations: EVERY_OPERATION,
    async judge({ run, operations: [operation] }) {
      const defined = OPERATIONS.filter((other) => other.path === operation.path).map((other) => other.method.toUpperCase());
      const failures: Failure[] = [];
      for (const method of ['DELETE', 'PATCH'].filter((m) => !defined.includes(m))) {
        // Not this operation's traffic: the response checks must not judge a 405 as its status.
        const request = { ...plainRequestFor(run, operation), operationId: undefined, method, json: undefined, invalidOnPurpose: true };
        const exchange = await run.exchanger.send(request);
        const status = exchange.response?.status;
        const allow = (exchange.response?.headers.allow ?? '')
          .split(',')
          .map((m) => m.trim().toUpperCase())
          .filter(Boolean);
        if (status !== 405) {
          failures.push({
            message: `${method} ${operation.path} was not refused as a method`,
            expected: '405',
            actual: String(status ?? exchange.error),
            exchange,
          });
        } else if (allow.sort().join() !== [...defined].sort().join()) {
          failures.push({
            message: `${method} ${operation.path}: the 405 does not name the allowed methods`,
            expected: `Allow: ${defined.join(', ')}`,
            actual: allow.length ? `Allow: ${allow.join(', ')}` : 'no Allow header (RFC 9110 requires one on 405)',
            exchange,
          });
        }
      }
      return { failures };
    },
  },
  {
    name: 'ignored_auth',
    description: 'Without the access key, or without a bearer token: 401.',
    needs: [],
    per: 'operation',
    operations: EVERY_OPERATION,
    async judge({ run, operations: [operation] }) {
      return { failures: await refusedWith(run, operation, MISSING_CREDENTIALS) };
    },
  },
  {
    name: 'invalid_credentials',
    description: 'A wrong access key, a malformed token, an unsigned one (alg: none) or one signed with another key: 401.',
    needs: ['behaviour'],
    per: 'operation',
    operations: EVERY_OPERATION,
    async judge({ run, operations: [operation] }) {
      return { failures: await refusedWith(run, operation, INVALID_CREDENTIALS) };
    },
  },
  {
    name: 'expired_token',
    description:
      "The test user's token once expired, the same in all but its exp (minted by the embedded sandbox, or --expired-token): 401.",
    needs: ['expired token'],
    per: 'operation',
    operations: EVERY_OPERATION,
    async judge({ run, operations: [operation] }) {
      const expired = { name: 'an expired token', credentials: async () => ({ token: run.target.expiredToken }) };
      return { failures: await refusedWith(run, operation, [expired]) };
    },
  },
  {
    name: 'negative_data_rejection',
    description:
      'Invalid path parameters and bodies generated from the schemas, malformed JSON, another media type, 1 MiB: a documented 4xx.',
    needs: [],
    per: 'operation',
    operations: TAKING_INPUT,
    async judge({ run, operations: [operation] }) {
      const failures = await generated(
        run,
        operation,
        invalidRequests(run, operation),
        (exchange) => {
          const status = exchange.response?.status;
          return status !== undefined && status >= 400 && status < 500 && operation.responses[String(status)] !== undefined;
        },
        'a documented 4xx',
      );
      if (operation.body) failures.push(...(await malformedBodies(run, operation)));
      return { failures };
    },
  },
  {
    name: 'positive_data_acceptance',
    description: 'Valid path parameters and bodies, generated from the schemas, are not refused as invalid.',
    needs: [],
    per: 'operation',
    operations: TAKING_INPUT,
    async judge({ run, operations: [operation] }) {
      const failures = await generated(
        run,
        operation,
        validRequests(run, operation),
        (exchange) => {
          const status = exchange.response?.status;
          return status !== undefined && ![400, 413, 415, 422].includes(status);
        },
        'not a 400: the request is valid',
      );
      return { failures };
    },
  },
];

type Generated = { request: OutgoingRequest; how: string };

/**
 * Runs a property over generated requests with fast-check (seeded, shrunk on failure), and
 * reports the smallest failing request it found, with the seed to replay it.
 */
async function generated(
  run: RunContext,
  operation: OperationEntry,
  requests: fc.Arbitrary<Generated>,
  holds: (exchange: Exchange) => boolean,
  expected: string,
): Promise<Failure[]> {
  let smallest: { exchange: Exchange; how: string } | undefined;
  const result = await fc.check(
    fc.asyncProperty(requests, async ({ request, how }) => {
      const exchange = await run.exchanger.send(request);
      if (holds(exchange)) return true;
      smallest = { exchange, how };
      return false;
    }),
    { seed: run.options.seed, numRuns: run.options.runs, endOnFailure: false },
  );
  if (!result.failed || !smallest) return [];
  const { exchange, how } = smallest;
  return [
    {
      message: `${operation.operationId} with ${how} (seed ${run.options.seed}, shrunk after ${result.numShrinks} steps; replay with --seed ${run.options.seed})`,
      expected,
      actual: exchange.response ? `${exchange.response.status}: ${excerpt(exchange.response.text, 300)}` : String(exchange.error),
      exchange,
    },
  ];
}

/** One invalid part (a path parameter or the body), everything else valid. */
function invalidRequests(run: RunContext, operation: OperationEntry): fc.Arbitrary<Generated> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const validPath = validPathValues(run, operation);
  const validBody = operation.body ? valid(operation.body.schema) : fc.constant(undefined);
  const ways: fc.Arbitrary<Generated>[] = pathParams.map((parameter) =>
    fc.tuple(validPath, validBody, invalidPathValue(operation, parameter.name)).map(([path, json, bad]) => ({
      request: requestFor(operation, { pathValues: { ...path, [parameter.name]: bad }, json, invalidOnPurpose: true }),
      how: `path parameter ${parameter.name} = ${JSON.stringify(bad)}`,
    })),
  );
  if (operation.body) {
    ways.push(
      fc.tuple(validPath, invalid(operation.body.schema, operation.body.validate)).map(([path, broken]) => ({
        request: requestFor(operation, { pathValues: path, json: broken.value, invalidOnPurpose: true }),
        how: `body ${broken.how}: ${JSON.stringify(broken.value)}`,
      })),
    );
  }
  return fc.oneof(...ways);
}

function validRequests(run: RunContext, operation: OperationEntry): fc.Arbitrary<Generated> {
  return fc
    .tuple(validPathValues(run, operation), operation.body ? valid(operation.body.schema) : fc.constant(undefined))
    .map(([path, json]) => ({
      request: requestFor(operation, { pathValues: path, json }),
      how: `path ${JSON.stringify(path)}${json === undefined ? '' : ` and body ${JSON.stringify(json)}`}`,
    }));
}

/**
 * Valid path values, never the target's own locations: generated traffic must not touch the
 * sessions the stateful checks rely on.
 */
function validPathValues(run: RunContext, operation: OperationEntry): fc.Arbitrary<Record<string, unknown>> {
  const own = new Set([run.target.locationId, run.target.gatedLocationId]);
  const record = Object.fromEntries(
    operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, valid(p.schema).filter((value) => !own.has(value as string))]),
  );
  return fc.record(record);
}

/**
 * An invalid value for one path parameter, as the text that goes in the URL. A value is invalid
 * when the operation's parameter validator refuses it after the usual reading of a path segment
 * (all digits → integer). Empty and dot segments are left out: URLs route them elsewhere.
 */
function invalidPathValue(operation: OperationEntry, name: string): fc.Arbitrary<string> {
  const parameter = operation.parameters.find((p) => p.name === name)!;
  const asRead = (text: string) => (parameter.schema.type === 'integer' && /^[0-9]{1,16}$/.test(text) ? Number(text) : text);
  const others = sampleValidPath(operation);
  const refuses = (text: string) => !operation.validateParameters!({ ...others, [name]: asRead(text) });
  return invalid(parameter.schema, () => false)
    .map(({ value }) => (typeof value === 'string' ? value : JSON.stringify(value)))
    .filter((text) => text !== '' && text !== '.' && text !== '..' && refuses(text));
}

/** One valid value per path parameter, so that a value can be judged alone. */
function sampleValidPath(operation: OperationEntry): Record<string, unknown> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  return Object.fromEntries(pathParams.map((p) => [p.name, fc.sample(valid(p.schema), { seed: 1, numRuns: 1 })[0]]));
}

/** Bodies no generator makes: malformed JSON, another media type, and one too large to accept. */
async function malformedBodies(run: RunContext, operation: OperationEntry): Promise<Failure[]> {
  const cases = [
    { how: 'a truncated JSON body', rawBody: '{"duration_m": ', contentType: 'application/json', expected: [400] },
    { how: 'a form-encoded body', rawBody: 'duration_m=5', contentType: 'application/x-www-form-urlencoded', expected: [400, 415] },
    // 1 MiB of JSON: whatever a server's limit, it must refuse it as input (413), not fail on it.
    {
      how: 'a 1 MiB body',
      rawBody: JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }),
      contentType: 'application/json',
      expected: [400, 413],
    },
  ];
  const failures: Failure[] = [];
  for (const { how, rawBody, contentType, expected } of cases) {
    // Straight to the target: Prism's proxy never answers a request whose JSON is malformed.
    const exchange = await run.exchanger.send(
      plainRequestFor(run, operation, { rawBody, contentType, json: undefined, direct: true, invalidOnPurpose: true }),
    );
    const status = exchange.response?.status;
    if (status === undefined || !expected.includes(status)) {
      failures.push({
        message: `${operation.operationId} with ${how} was not refused`,
        expected: expected.join(' or '),
        actual: String(status ?? exchange.error),
        exchange,
      });
    }
  }
  return failures;
}

function unsignedToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: randomUUID(), test: true, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
}

function foreignToken(): Promise<string> {
  return new SignJWT({ test: true })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(randomUUID())
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(randomBytes(32));
}
