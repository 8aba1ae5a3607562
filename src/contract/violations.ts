import type { Validator } from '../../generated/contract.ts';

export interface Violation {
  /** JSON pointer to the offending value ('' for the whole document). */
  pointer: string;
  message: string;
}

/** Runs a compiled validator and turns ajv's errors into pointer + message pairs. */
export function violationsOf(validate: Validator, data: unknown): Violation[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => {
    const missing = error.keyword === 'required' ? `/${String(error.params.missingProperty)}` : '';
    const extra = error.keyword === 'additionalProperties' ? `/${String(error.params.additionalProperty)}` : '';
    const message =
      error.keyword === 'required'
        ? 'is required'
        : error.keyword === 'additionalProperties'
          ? 'is not allowed'
          : (error.message ?? error.keyword);
    return { pointer: `${error.instancePath}${missing}${extra}`, message };
  });
}
