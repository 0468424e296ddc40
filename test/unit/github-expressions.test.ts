import { describe, expect, it } from 'vitest';
import { evaluate, substitute } from '../support/github-expressions.ts';

const contexts = {
  github: { event_name: 'push', ref_name: 'v1.4.0' },
  inputs: { step: 'rollback', 'dry-run': true },
  secrets: { RETELL_API_KEY: 'k' },
  matrix: { 'api-key-env': 'RETELL_API_KEY', name: '', 'agent-id': 'agent_1' },
  needs: { plan: { outputs: { matrix: '{"include":[]}' } } },
};

describe('GitHub expressions in the docs workflows', () => {
  it.each([
    ["github.event_name == 'push' && '10' || '100'", '10'],
    ["inputs.step == 'ROLLBACK' && 'rollback' || 'publish'", 'rollback'],
    ["inputs.step != 'rollback' && 'experiment' || ''", ''],
    ['secrets[matrix.api-key-env]', 'k'],
    ['matrix.name || matrix.agent-id', 'agent_1'],
    ['fromJSON(needs.plan.outputs.matrix).include[0] != null', false],
    ['!inputs.dry-run', false],
  ])('%s is %j', (expression, value) => {
    expect(evaluate(expression, contexts)).toEqual(value);
  });

  it('keeps an object when a value is one expression, else joins text', () => {
    expect(substitute('${{ fromJSON(needs.plan.outputs.matrix) }}', contexts)).toEqual({ include: [] });
    expect(substitute('${{ github.ref_name }} - spring menu', contexts)).toBe('v1.4.0 - spring menu');
  });

  it('refuses what it does not know', () => {
    expect(() => evaluate('vars.X', contexts)).toThrow(/no context "vars"/);
    expect(() => evaluate("contains('a', 'b')", contexts)).toThrow();
  });
});
