// merge: a if it has a value, else b, else the last value (hold).
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { merge } from './merge.js';

describe('merge', () => {
  it('prefers a, falls back to b, and holds the last value when neither has one', () => {
    const op = runOperator(merge, {}, { a: undefined, b: undefined });
    expect(op.output()).toBeUndefined();
    op.run.inputs.b = 2;
    expect(op.output()).toBe(2);
    op.run.inputs.a = 1;
    expect(op.output()).toBe(1);
    op.run.inputs = { a: null, b: null };
    expect(op.output()).toBe(1);
  });
});
