export interface VerifyOptions {
  target: 'sandbox' | 'mock' | 'url';
  baseUrl?: string;
  accessKey?: string;
  /** A test user's token. */
  token?: string;
  nonTestToken?: string;
  /** The test user's token once expired, for the expiry check against a server of one's own. */
  expiredToken?: string;
  location?: string;
  gatedLocation?: string;
  viaPrism: boolean;
  reporter: 'spec' | 'junit' | 'json';
  /** Where to write reports, each in the format its extension names: `.html`, `.md`, `.xml` (JUnit), `.json`. */
  reports?: string[];
  seed: number;
  /** Generated requests per operation and check. */
  runs: number;
  bail: boolean;
  /** Per request, in every driver, body included. */
  requestTimeoutMs: number;
  /** A larger response body is a failure, never read further. */
  maxResponseBytes: number;
  /** The whole run, in seconds; what is left when it is over is not covered. */
  maxTime?: number;
  /** Extra headers sent on every request, as given (`-H "Name: value"`); their values are secrets. */
  headers?: [name: string, value: string][];
  /** Colour the terminal output; `undefined`: when the stream and the environment allow it. */
  color?: boolean;
  /** Only these checks (by name); every check when none is given. */
  checks?: string[];
  excludeChecks?: string[];
  /** Only these operations (by operationId); every operation when none is given. */
  includeOperationIds?: string[];
  excludeOperationIds?: string[];
  /** Print what would run and what it would create, and send nothing. */
  list: boolean;
}

/** A JSON Schema for one option's value, as the config file holds it (flag and environment text is converted first). */
export type OptionSchema =
  | {
      type: 'string';
      enum?: readonly string[];
      pattern?: string;
      /** Read by editors (VS Code, yaml-language-server) and by our own error messages alike. */
      patternErrorMessage?: string;
      minLength?: number;
      default?: string;
    }
  | { type: 'integer'; minimum?: number; maximum?: number; default?: number }
  | { type: 'boolean'; default?: boolean }
  | {
      type: 'array';
      items: { type: 'string'; pattern?: string; patternErrorMessage?: string; minLength?: number };
      default?: readonly string[];
    };

/** One option of `coord-parking verify`, said once: the parser, the environment, the config schema, the usage and the README come from it. */
export interface OptionEntry {
  /** The long flag without `--`, and the config file's key. */
  flag: string;
  short?: string;
  /** Another long name for the same flag (`--dry-run` for `--list`); flags only, not a config key. */
  alias?: string;
  /** A list whose flag also takes comma-separated values (`--checks a,b`), as Schemathesis' do. */
  commaSeparated?: boolean;
  /** The environment variable that supplies it when neither a flag nor the config file does. */
  env?: string;
  schema: OptionSchema;
  /** What the usage shows after the flag (`URL`, `N`); none for a switch. */
  placeholder?: string;
  description: string;
  /** Never echoed in an error, and redacted from every output. */
  secret?: boolean;
}

const NON_EMPTY = { type: 'string', minLength: 1 } as const;
/** Names are checked against the suite and the contract once they are known (with a "did you mean"); here, only their form. */
const CHECK_NAME = { type: 'string', pattern: '^[A-Za-z0-9_-]+$', patternErrorMessage: 'must be check names, without spaces' } as const;
const OPERATION_ID = {
  type: 'string',
  pattern: '^[A-Za-z0-9_-]+$',
  patternErrorMessage: 'must be operationIds, without spaces',
} as const;
/**
 * Credentials are redacted from every output wherever they occur, so one of a few characters
 * would mask every match in every message; no real access key or JWT is that short, and the
 * client refuses such access keys too.
 */
const CREDENTIAL = {
  type: 'string',
  minLength: 8,
  // A secret pasted into a CI store often keeps its newline; the server would see another value.
  pattern: '^\\S(.*\\S)?$',
  patternErrorMessage: 'must not begin or end with white space',
} as const;

/** Every option, keyed by its `VerifyOptions` field, in the order the usage lists them. */
export const VERIFY_OPTIONS: { [Field in keyof VerifyOptions]-?: OptionEntry } = {
  target: {
    flag: 'target',
    schema: { type: 'string', enum: ['sandbox', 'mock', 'url'] },
    placeholder: 'sandbox|mock|url',
    description:
      "sandbox: start the embedded one; mock: Prism's mock of the spec; url: any server (default: url when a base URL is given, else sandbox)",
  },
  baseUrl: {
    flag: 'base-url',
    env: 'COORD_BASE_URL',
    // Or a ${VAR} reference, so editors accept the file as written; the tool checks the expanded value.
    schema: { type: 'string', pattern: '^(https?://|\\$\\{)\\S+$', patternErrorMessage: 'must be an http:// or https:// URL' },
    placeholder: 'URL',
    description: "the server's base URL, e.g. https://staging.example/v1/access/parking",
  },
  accessKey: {
    flag: 'access-key',
    env: 'COORD_ACCESS_KEY',
    schema: CREDENTIAL,
    placeholder: 'KEY',
    description: 'the access key',
    secret: true,
  },
  token: {
    flag: 'token',
    env: 'COORD_USER_TOKEN',
    schema: CREDENTIAL,
    placeholder: 'JWT',
    description: "a test user's token",
    secret: true,
  },
  nonTestToken: {
    flag: 'non-test-token',
    env: 'COORD_NON_TEST_USER_TOKEN',
    schema: CREDENTIAL,
    placeholder: 'JWT',
    description: "a regular user's token: enables the 403 and two-user checks",
    secret: true,
  },
  expiredToken: {
    flag: 'expired-token',
    env: 'COORD_EXPIRED_USER_TOKEN',
    schema: CREDENTIAL,
    placeholder: 'JWT',
    description: "the test user's token once expired, the same in all but its exp: enables the expiry check (without it, not covered)",
    secret: true,
  },
  location: {
    flag: 'location',
    env: 'COORD_LOCATION_ID',
    schema: NON_EMPTY,
    placeholder: 'ID',
    description: 'a location whose sessions start at once',
  },
  gatedLocation: {
    flag: 'gated-location',
    env: 'COORD_GATED_LOCATION_ID',
    schema: NON_EMPTY,
    placeholder: 'ID',
    description: 'a location that issues barcodes',
  },
  headers: {
    flag: 'header',
    short: 'H',
    schema: {
      type: 'array',
      items: {
        type: 'string',
        // RFC 9110: a token, a colon, a value of visible characters (no CR, LF or NUL).
        pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+:[\\t ]*[\\x21-\\x7E\\x80-\\xFF][\\t\\x20-\\x7E\\x80-\\xFF]*$",
        patternErrorMessage: 'must be "Name: value"',
      },
    },
    placeholder: '"NAME: VALUE"',
    description:
      'a header sent on every request, repeatable; its value is kept secret. Not Authorization, Content-Type, Host nor the framing headers: verify sets those',
    secret: true,
  },
  checks: {
    flag: 'checks',
    commaSeparated: true,
    schema: { type: 'array', items: CHECK_NAME },
    placeholder: 'NAME,…',
    description: 'run only these checks (default: all; names in --list and the check table)',
  },
  excludeChecks: {
    flag: 'exclude-checks',
    commaSeparated: true,
    schema: { type: 'array', items: CHECK_NAME },
    placeholder: 'NAME,…',
    description: 'leave these checks out',
  },
  includeOperationIds: {
    flag: 'include-operation-id',
    commaSeparated: true,
    schema: { type: 'array', items: OPERATION_ID },
    placeholder: 'ID,…',
    description: 'send requests to these operations only: a check runs where every operation it sends to is included',
  },
  excludeOperationIds: {
    flag: 'exclude-operation-id',
    commaSeparated: true,
    schema: { type: 'array', items: OPERATION_ID },
    placeholder: 'ID,…',
    description: 'never send a request to these operations: the checks that would are left out',
  },
  list: {
    flag: 'list',
    alias: 'dry-run',
    schema: { type: 'boolean', default: false },
    description: 'print the checks × operations that would run and the sessions they would create, then exit 0, sending nothing',
  },
  viaPrism: {
    flag: 'via-prism',
    schema: { type: 'boolean', default: false },
    description: "also put Prism's validation proxy in front and fail on what it reports",
  },
  reporter: {
    flag: 'reporter',
    schema: { type: 'string', enum: ['spec', 'junit', 'json'], default: 'spec' },
    placeholder: 'spec|junit|json',
    description: 'what goes to stdout; with junit or json the matrix goes to stderr',
  },
  reports: {
    flag: 'report',
    schema: {
      type: 'array',
      items: { type: 'string', pattern: '\\.(html|md|xml|json)$', patternErrorMessage: 'must name a .html, .md, .xml or .json file' },
    },
    placeholder: 'FILE',
    description:
      'also write the results to FILE, repeatable; the extension names the format: .html, .md, .xml (JUnit) or .json (the JSON report)',
  },
  seed: {
    flag: 'seed',
    schema: { type: 'integer' },
    placeholder: 'N',
    description: 'replay the generated data of an earlier run (default: random, printed)',
  },
  runs: {
    flag: 'runs',
    schema: { type: 'integer', minimum: 1, default: 25 },
    placeholder: 'N',
    description: 'generated requests per operation and check',
  },
  bail: { flag: 'bail', schema: { type: 'boolean', default: false }, description: 'stop at the first failing check' },
  requestTimeoutMs: {
    flag: 'request-timeout-ms',
    // Past 2^31-1 ms a Node timer fires after 1 ms instead.
    schema: { type: 'integer', minimum: 1, maximum: 2 ** 31 - 1, default: 10_000 },
    placeholder: 'N',
    description: 'time allowed for each request, its body included, in every driver',
  },
  maxResponseBytes: {
    flag: 'max-response-bytes',
    schema: { type: 'integer', minimum: 1, default: 1024 * 1024 },
    placeholder: 'N',
    description: 'a larger response body is the failure "response too large", never read further (after decompression)',
  },
  maxTime: {
    flag: 'max-time',
    schema: { type: 'integer', minimum: 1, maximum: Math.floor((2 ** 31 - 1) / 1000) },
    placeholder: 'S',
    description: 'stop the run after S seconds; what did not run is not covered (exit 3 if nothing failed before)',
  },
  color: {
    flag: 'color',
    schema: { type: 'boolean' },
    description: 'colour the summary (default: on a terminal, unless NO_COLOR; FORCE_COLOR forces it)',
  },
};

/** Not an option of the run: where the others come from. */
export const CONFIG_FLAG: OptionEntry = {
  flag: 'config',
  schema: { type: 'string' },
  placeholder: 'FILE',
  description: 'read options from FILE (default: coord-parking.config.yaml, .yml or .json here)',
};

/** Every secret the options carry, for redaction. */
export function secretsOf(options: VerifyOptions): string[] {
  return (Object.keys(VERIFY_OPTIONS) as (keyof VerifyOptions)[])
    .filter((field) => VERIFY_OPTIONS[field].secret)
    .flatMap((field) => {
      const value = options[field];
      if (typeof value === 'string') return [value];
      // A header is a secret by its value, never its name.
      return Array.isArray(value) ? value.map((item) => (Array.isArray(item) ? item[1] : item)) : [];
    });
}
