// math.*: a <op> b with identities for unconnected inputs and null for non-numbers and non-finite results.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { add, divide, multiply, subtract } from './math.js';

describe('math', () => {
  it.each([
    [add, { a: 2, b: 3 }, 5],
    [subtract, { a: 2, b: 3 }, -1],
    [multiply, { a: 2, b: 3 }, 6],
    [divide, { a: 3, b: 2 }, 1.5],
    [add, { a: '4', b: true }, 5],
  ] as const)('%#: computes a <op> b (numeric strings and booleans count)', (def, inputs, expected) => {
    expect(runOperator(def, {}, { ...inputs }).output()).toBe(expected);
  });

  it('an unconnected input counts as the identity: 0 for add/subtract, 1 for multiply/divide', () => {
    expect(runOperator(add, {}, { a: 7 }).output()).toBe(7);
    expect(runOperator(subtract, {}, { b: 7 }).output()).toBe(-7);
    expect(runOperator(multiply, {}, { a: 7 }).output()).toBe(7);
    expect(runOperator(divide, {}, { b: 4 }).output()).toBe(0.25);
  });

  it('a non-numeric input or a non-finite result gives null', () => {
    expect(runOperator(add, {}, { a: 'x', b: 1 }).output()).toBeNull();
    expect(runOperator(multiply, {}, { a: null, b: 1 }).output()).toBeNull();
    expect(runOperator(divide, {}, { a: 1, b: 0 }).output()).toBeNull();
  });
});
