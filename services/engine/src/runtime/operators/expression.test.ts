// expression: a formula over a..d and t; parse errors are reported, results 1/0 or null.
import { describe, expect, it } from 'vitest';
import { applyOk, harness, runOperator } from '../__fixtures__/harness.js';
import { expression } from './expression.js';

describe('expression operator', () => {
  it('reports an expression parse error once and outputs undefined', () => {
    const h = harness();
    applyOk(h.engine, {
      nodes: [{ nodeId: 'ex', operatorClass: 'expression', state: { expr: '1 + (2' } }],
      edges: [],
      publishedOutputs: [{ nodeId: 'ex', port: 'value' }],
    });
    h.engine.tick(0);
    h.engine.tick(1);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatch(/"ex".*position 6/);
    expect(h.outputs).toEqual([
      ['ex', 'value', undefined],
      ['ex', 'value', undefined],
    ]);
    h.engine.setState('ex', 'expr', 'a + 1');
    h.engine.tick(2);
    expect(h.outputs.at(-1)).toEqual(['ex', 'value', 1]);
  });

  it('reads a..d (unconnected 0) and t, outputs comparisons as 1/0 and non-finite results as null', () => {
    const op = runOperator(expression, { expr: 'a * 10 + b + d + t' }, { a: 2, b: true });
    op.run.now = 3000;
    expect(op.output()).toBe(24);
    op.setState('expr', 'a > 1');
    expect(op.output()).toBe(1);
    op.setState('expr', 'a / 0');
    expect(op.output()).toBeNull();
  });
});
