// tick: fires `out` every tick and tells the tick time and dt in seconds.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { tick } from './tick.js';

describe('tick', () => {
  it('fires out and outputs time and dt in seconds', () => {
    const op = runOperator(tick);
    op.run.now = 2500;
    op.run.dt = 250;
    expect(op.exec(undefined)).toBe('out');
    expect(op.output('time')).toBe(2.5);
    expect(op.output('dt')).toBe(0.25);
  });
});
