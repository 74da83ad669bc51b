// smooth: EMA once per tick; the first value passes; a non-number holds.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { smooth } from './smooth.js';

describe('smooth', () => {
  it('passes the first value, then moves alpha of the way once per tick, and holds on a non-number', () => {
    const op = runOperator(smooth, { alpha: 0.5 });
    expect(op.output()).toBeNull();
    op.nextTick(100);
    op.run.inputs.value = 10;
    expect(op.output()).toBe(10);
    op.nextTick(100);
    op.run.inputs.value = 20;
    expect(op.output()).toBe(15);
    expect(op.output()).toBe(15); // pulled twice in one tick: the same value
    op.nextTick(100);
    op.run.inputs.value = 'x';
    expect(op.output()).toBe(15);
  });
});
