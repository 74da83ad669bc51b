// random: min + r * (max - min) with one draw of the injected source per tick.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { random } from './random.js';

describe('random', () => {
  it('scales the injected draw to [min, max) and draws once per tick', () => {
    const draws = [0.25, 0.75];
    const op = runOperator(random, { min: 10, max: 20 });
    op.run.random = () => draws.shift() ?? 0;
    expect(op.output()).toBe(12.5);
    expect(op.output()).toBe(12.5);
    op.nextTick(100);
    expect(op.output()).toBe(17.5);
  });
});
