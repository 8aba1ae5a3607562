/**
 * The JSON report's schema (`--report FILE.json`, `--reporter json`): the single source of its
 * structure, JSON Schema 2020-12. `npm run verify-docs` ships it as
 * schemas/verify-report.schema.json in coord-parking-testing; the writer's types come from it
 * (json-schema-to-ts), and test/verify/reports.test.ts validates real reports against the file
 * shipped. A change that would break a reader raises `formatVersion`.
 */
export const REPORT_SCHEMA_ID = 'urn:coord-parking:verify-report';
/** Its path in the package, which exports it. */
export const REPORT_SCHEMA_EXPORT = 'schemas/verify-report.schema.json';
export const REPORT_SCHEMA_FILE = `packages/coord-parking-testing/${REPORT_SCHEMA_EXPORT}`;
export const REPORT_FORMAT_VERSION = 1;

const TEXT = { type: 'string' } as const;
const STRINGS = { type: 'array', items: TEXT } as const;
const HEADERS = {
  type: 'object',
  description: 'Names in lower case; credentials and -H values replaced by [REDACTED].',
  additionalProperties: TEXT,
} as const;

const FAILURE = {
  type: 'object',
  description: 'One way the check found the contract broken.',
  required: ['message', 'operation', 'expected', 'actual', 'request', 'response', 'curl'],
  additionalProperties: false,
  properties: {
    message: { type: 'string', description: 'What broke, in one sentence.' },
    operation: {
      type: ['string', 'null'],
      description: 'The operation whose answer broke the rule (for a flow, the step that failed); null when no request was involved.',
    },
    driver: { enum: ['http', 'client'], description: "A flow's: raw HTTP, or this package's typed client." },
    step: {
      type: 'object',
      description: "A flow's: which of its requests got the answer that broke the rule, counting from 1, of how many it sent.",
      required: ['index', 'of'],
      additionalProperties: false,
      properties: { index: { type: 'integer', minimum: 1 }, of: { type: 'integer', minimum: 1 } },
    },
    expected: TEXT,
    actual: TEXT,
    request: {
      description: 'The request that got the answer, credentials redacted; null when none was involved.',
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['method', 'url', 'headers'],
          additionalProperties: false,
          properties: {
            method: TEXT,
            url: { type: 'string', description: 'With access_key=[REDACTED].' },
            headers: HEADERS,
            body: { type: 'string', description: 'As sent, its first 2 000 characters.' },
          },
        },
      ],
    },
    response: {
      description: 'The answer that broke the rule; null when there was none (see error).',
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['status', 'mediaType', 'headers', 'body', 'size'],
          additionalProperties: false,
          properties: {
            status: { type: 'integer' },
            mediaType: { type: 'string', description: 'The Content-Type without parameters; empty when none.' },
            headers: HEADERS,
            body: { type: 'string', description: 'As text, credentials redacted, its first 4 000 characters.' },
            size: { type: 'integer', minimum: 0, description: 'Bytes received, after decompression.' },
          },
        },
      ],
    },
    error: { type: 'string', description: 'Why there was no usable answer (refused, timed out, too large, the run stopped).' },
    curl: {
      type: ['string', 'null'],
      description: 'A curl command that sends the request again; credentials are ${COORD_…} shell variables.',
    },
  },
} as const;

const TEST = {
  type: 'object',
  description: 'One test: a check on one operation, or a flow over several.',
  required: ['name', 'title', 'description', 'per', 'operation', 'operations', 'status', 'durationMs', 'failures'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', description: "The check's name, as in --checks and the README's table." },
    title: { type: 'string', description: 'The name of the test: `check — operation`, or `check (operations…)` for a flow.' },
    description: { type: 'string', description: 'What the check asserts.' },
    per: { enum: ['operation', 'flow'] },
    operation: { type: ['string', 'null'], description: 'The operation judged; null for a flow, which judges all of `operations`.' },
    operations: STRINGS,
    status: {
      enum: ['passed', 'failed', 'not covered'],
      description: '`not covered`: the target lacks what the check needs, or the run stopped before it; never a pass.',
    },
    note: { type: 'string', description: 'Why it is not covered, or what a passing or failing check could not cover.' },
    durationMs: { type: 'number', minimum: 0 },
    failures: { type: 'array', items: FAILURE },
  },
} as const;

const SESSION = {
  type: 'object',
  required: ['id', 'location', 'owner', 'madeBy', 'state', 'cleanedUp'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer' },
    location: TEXT,
    owner: { enum: ['test user', 'regular user', null], description: 'null: made with a credential that is no user verify acts as.' },
    madeBy: { type: ['string', 'null'], description: 'The check whose request made it.' },
    state: { enum: ['active', 'awaiting redemption', 'ended'], description: 'As the server last described it.' },
    cleanedUp: { type: 'boolean', description: 'Ended or redeemed by the clean-up at the end of the run, not by its check.' },
    problem: { type: 'string', description: 'Why the clean-up could not end it.' },
  },
} as const;

export const REPORT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: REPORT_SCHEMA_ID,
  title: 'coord-parking verify report',
  description: 'What one run of `coord-parking verify` found: written by --report FILE.json, and on stdout by --reporter json.',
  type: 'object',
  required: ['formatVersion', 'run', 'summary', 'checks', 'coverage', 'sessions'],
  additionalProperties: false,
  properties: {
    formatVersion: { const: REPORT_FORMAT_VERSION, description: 'Raised with any change that would break a reader.' },
    run: {
      type: 'object',
      required: ['version', 'target', 'seed', 'started', 'durationMs', 'outcome', 'exitCode'],
      additionalProperties: false,
      properties: {
        version: { type: 'string', description: 'The package that ran: `coord-parking-testing 0.1.0`.' },
        target: {
          type: 'object',
          required: ['kind', 'description'],
          additionalProperties: false,
          properties: { kind: { enum: ['sandbox', 'mock', 'url'] }, description: TEXT },
        },
        seed: { type: 'integer', description: 'Replays the generated data with --seed.' },
        started: { type: 'string', format: 'date-time' },
        durationMs: { type: 'number', minimum: 0 },
        outcome: {
          enum: ['held', 'broken', 'no verdict', 'interrupted', 'could not run'],
          description:
            'held: exit 0; broken: exit 1; no verdict (stopped by --max-time before a failure, or every test not covered) and could not run: exit 3; interrupted: 130 or 143.',
        },
        exitCode: { type: 'integer' },
        stoppedBy: { enum: ['max-time', 'bail', 'SIGINT', 'SIGTERM'], description: 'What stopped the run before every check ran.' },
        error: { type: 'string', description: 'Why the run could not happen.' },
      },
    },
    summary: {
      type: 'object',
      required: ['passed', 'failed', 'notCovered'],
      additionalProperties: false,
      properties: {
        passed: { type: 'integer', minimum: 0 },
        failed: { type: 'integer', minimum: 0 },
        notCovered: { type: 'integer', minimum: 0 },
      },
    },
    checks: { type: 'array', description: 'Every test the run planned, in order.', items: TEST },
    coverage: {
      type: 'array',
      description: "Each operation's documented statuses, and which of them the run saw.",
      items: {
        type: 'object',
        required: ['operation', 'documented', 'observed'],
        additionalProperties: false,
        properties: { operation: TEXT, documented: STRINGS, observed: STRINGS },
      },
    },
    sessions: {
      description: 'The sessions the run made on the server and what became of them; null where none are tracked (a mock keeps none).',
      oneOf: [{ type: 'null' }, { type: 'array', items: SESSION }],
    },
  },
} as const;
