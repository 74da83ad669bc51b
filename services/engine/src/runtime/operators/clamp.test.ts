// clamp: limits to [min, max]; min wins when min > max.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { clamp } from './clamp.js';

describe('clamp', () => {
  it('limits the value to [min, max], min winning when min > max, null for a non-number', () => {
    expect(runOperator(clamp, { min: -1, max: 1 }, { value: 5 }).output()).toBe(1);
    expect(runOperator(clamp, { min: -1, max: 1 }, { value: -5 }).output()).toBe(-1);
    expect(runOperator(clamp, { min: -1, max: 1 }, { value: 0.5 }).output()).toBe(0.5);
    expect(runOperator(clamp, { min: 3, max: 1 }, { value: 2 }).output()).toBe(3);
    expect(runOperator(clamp, {}, { value: {} }).output()).toBeNull();
  });
});
