// threshold: a comparator with hysteresis that branches above / below.
import { describe, expect, it } from 'vitest';
import { applyOk, data, exec, harness, runOperator } from '../__fixtures__/harness.js';
import { threshold } from './threshold.js';

describe('threshold', () => {
  it('threshold branches to above or below with hysteresis', () => {
    let x = 0;
    const h = harness({ readExternal: (n, p) => (n === 'th' && p === 'value' ? x : undefined) });
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'th', operatorClass: 'threshold', state: { threshold: 5, hysteresis: 1 } },
        { nodeId: 'hi', operatorClass: 'print', state: { label: 'above' } },
        { nodeId: 'lo', operatorClass: 'print', state: { label: 'below' } },
      ],
      edges: [exec('t.out', 'th.in'), exec('th.above', 'hi.in'), exec('th.below', 'lo.in'), data('th.active', 'hi.value'), data('th.active', 'lo.value')],
      externalInputs: [{ nodeId: 'th', port: 'value' }],
    });
    for (const v of [0, 5.5, 6.5, 5.5, 4.5, 3.9]) {
      x = v;
      h.engine.tick(0);
    }
    expect(h.texts()).toEqual(['below: false', 'below: false', 'above: true', 'above: true', 'above: true', 'below: false']);
  });

  it('keeps its state on a non-numeric input and reads the active output without firing', () => {
    const op = runOperator(threshold, { threshold: 0, hysteresis: 0 }, { value: 1 });
    expect(op.output('active')).toBe(true);
    op.run.inputs.value = 'x';
    expect(op.exec()).toBe('above');
    op.run.inputs.value = -1;
    expect(op.exec()).toBe('below');
  });
});
