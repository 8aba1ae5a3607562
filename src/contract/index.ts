/**
 * `coord-parking/contract`: the operation table and the contract's judgements of a response,
 * for tools that check servers against the contract (the testing package's sandbox and verify)
 * and for builds that generate code from it.
 */
export {
  operations,
  OPERATIONS,
  operationByTemplate,
  matchOperation,
  type OperationEntry,
  type OperationId,
  type PathMatch,
} from './operations.ts';
export {
  RESPONSE_JUDGEMENTS,
  responseViolations,
  parseBody,
  mediaTypeOf,
  type ObservedResponse,
  type ParsedBody,
} from './response-conformance.ts';
export { violationsOf, type Violation } from './violations.ts';
export { isRfc3339DateTime } from './date-time.ts';
export type { JsonSchema, Validator, ParameterEntry, ResponseEntry } from '../../generated/contract.ts';
