// select: b when sel is true or a non-zero number, else a.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { select } from './select.js';

describe('select', () => {
  it.each([
    [true, 'B'],
    [2, 'B'],
    [false, 'A'],
    [0, 'A'],
    [NaN, 'A'],
    [undefined, 'A'],
    ['1', 'A'],
  ])('sel %s chooses %s', (sel, expected) => {
    expect(runOperator(select, {}, { a: 'A', b: 'B', sel }).output()).toBe(expected);
  });
});
