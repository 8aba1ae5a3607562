import type { JsonObject } from '../../scripts/spec/json.ts';
import { derefOnce } from '../../scripts/spec/refs.ts';
import { loadSpec, operationsOf } from './spec.ts';

const spec = loadSpec();
const deref = (node: unknown) => derefOnce(spec, node);

/** The first example the contract gives for an operation's response: valid fixtures, not restated. */
export function exampleResponse(operationId: string, status = '200'): unknown {
  const found = operationsOf(spec).find(({ operation }) => operation.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  const response = deref((found.operation.responses as JsonObject)[status]);
  const media = Object.values(response.content as JsonObject)[0] as JsonObject;
  return (Object.values(media.examples as JsonObject)[0] as JsonObject).value;
}
