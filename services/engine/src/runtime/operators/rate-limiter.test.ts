// rate_limiter: changes by at most maxRatePerSec * dt per tick.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { rateLimiter } from './rate-limiter.js';

describe('rate_limiter', () => {
  it('passes the first value, then limits the change by dt, both ways, once per tick', () => {
    const op = runOperator(rateLimiter, { maxRatePerSec: 4 }, { value: 0 });
    expect(op.output()).toBe(0);
    op.nextTick(500);
    op.run.inputs.value = 10;
    expect(op.output()).toBe(2);
    expect(op.output()).toBe(2);
    op.nextTick(250);
    op.run.inputs.value = -10;
    expect(op.output()).toBe(1);
    op.nextTick(250);
    op.run.inputs.value = undefined;
    expect(op.output()).toBe(1);
  });
});
