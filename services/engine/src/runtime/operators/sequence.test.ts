// sequence: fires then0, then1, then2 in order, each chain to its end first.
import { describe, expect, it } from 'vitest';
import { applyOk, exec, harness, runOperator } from '../__fixtures__/harness.js';
import { sequence } from './sequence.js';

describe('sequence', () => {
  it('sequence fires its outputs in order, each chain to its end first', () => {
    const h = harness();
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 's', operatorClass: 'sequence' },
        { nodeId: 'p0', operatorClass: 'print', state: { label: 'zero' } },
        { nodeId: 'p0b', operatorClass: 'print', state: { label: 'zero-b' } },
        { nodeId: 'p1', operatorClass: 'print', state: { label: 'one' } },
        { nodeId: 'p2', operatorClass: 'print', state: { label: 'two' } },
      ],
      // edges listed out of order on purpose
      edges: [exec('s.then2', 'p2.in'), exec('p0.out', 'p0b.in'), exec('s.then1', 'p1.in'), exec('t.out', 's.in'), exec('s.then0', 'p0.in')],
    });
    const r = h.engine.tick(0);
    expect(h.texts()).toEqual(['zero: undefined', 'zero-b: undefined', 'one: undefined', 'two: undefined']);
    expect(r.steps).toBe(6);
  });

  it('returns its three exec outputs in order', () => {
    expect(runOperator(sequence).exec()).toEqual(['then0', 'then1', 'then2']);
  });
});
