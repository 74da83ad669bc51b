// range_map: linear map between ranges, optional clamp, inMin = inMax gives outMin.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { rangeMap } from './range-map.js';

describe('range_map', () => {
  it('maps linearly, clamps only when asked, and gives outMin for an empty input range', () => {
    expect(runOperator(rangeMap, {}, { value: 0.25 }).output()).toBe(25);
    expect(runOperator(rangeMap, { outMin: 100, outMax: 0 }, { value: 2 }).output()).toBe(-100);
    expect(runOperator(rangeMap, { outMin: 100, outMax: 0, clamp: true }, { value: 2 }).output()).toBe(0);
    expect(runOperator(rangeMap, { inMin: 3, inMax: 3, outMin: 7 }, { value: 9 }).output()).toBe(7);
    expect(runOperator(rangeMap, {}, { value: 'x' }).output()).toBeNull();
  });
});
