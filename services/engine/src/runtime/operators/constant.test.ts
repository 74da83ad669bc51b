// constant: outputs its `value` state, default 0, any JSON value.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { constant } from './constant.js';

describe('constant', () => {
  it('outputs its value field (0 by default) and follows writes', () => {
    expect(runOperator(constant).output()).toBe(0);
    const op = runOperator(constant, { value: { a: [1, 2] } });
    expect(op.output()).toEqual({ a: [1, 2] });
    op.setState('value', 'x');
    expect(op.output()).toBe('x');
  });
});
