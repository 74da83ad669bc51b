// counter: count += step each firing, reset by writing count.
import { describe, expect, it } from 'vitest';
import { applyOk, data, exec, harness, runOperator } from '../__fixtures__/harness.js';
import { counter } from './counter.js';

describe('counter', () => {
  it('counter counts, reports its state and feeds data', () => {
    const h = harness();
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'c', operatorClass: 'counter', state: { step: 2 } },
        { nodeId: 'p', operatorClass: 'print' },
      ],
      edges: [exec('t.out', 'c.in'), exec('c.out', 'p.in'), data('c.count', 'p.value')],
      publishedOutputs: [{ nodeId: 'c', port: 'count' }],
    });
    h.engine.tick(0);
    h.engine.tick(50);
    expect(h.texts()).toEqual(['2', '4']);
    expect(h.states).toEqual([
      ['c', 'count', 2],
      ['c', 'count', 4],
    ]);
    expect(h.outputs).toEqual([
      ['c', 'count', 2],
      ['c', 'count', 4],
    ]);
    // reset through an outside write
    expect(h.engine.setState('c', 'count', 0)).toEqual({ ok: true });
    h.engine.tick(100);
    expect(h.texts().at(-1)).toBe('2');
    expect(h.engine.setState('c', 'nope', 1).ok).toBe(false);
    expect(h.engine.setState('c', 'step', 'x').ok).toBe(false);
    expect(h.engine.setState('zz', 'step', 1).ok).toBe(false);
  });

  it('adds step to count on each firing and fires out', () => {
    const op = runOperator(counter, { count: 10, step: -3 });
    expect(op.exec()).toBe('out');
    expect(op.exec()).toBe('out');
    expect(op.run.state.count).toBe(4);
    expect(op.output('count')).toBe(4);
  });
});
