import assert from 'node:assert/strict';
import { OPERATIONS } from 'coord-parking/contract';
import { STATE_RULES } from '../../contract-tests/checks/state-rules.ts';

describe('state_rules: the contract’s 404s and 409s, every one provoked', () => {
  const documented = OPERATIONS.flatMap((operation) =>
    ['404', '409'].filter((status) => operation.responses[status]).map((status) => `${operation.operationId} ${status}`),
  );
  const claimed = STATE_RULES.map((rule) => `${rule.operation} ${rule.status}`);

  it('has a rule for every 404 and 409 the contract documents, read from the contract itself', () => {
    assert.deepEqual(
      documented.filter((pair) => !claimed.includes(pair)),
      [],
    );
  });

  it('claims no status the contract does not document for the operation', () => {
    assert.deepEqual(
      claimed.filter((pair) => !documented.includes(pair)),
      [],
    );
  });
});
