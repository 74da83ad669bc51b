// oscillator: the SDK's waveform scaled by amplitude and offset, the phase port, and in a graph through print.
import { describe, expect, it } from 'vitest';
import { applyOk, data, exec, harness, runOperator } from '../__fixtures__/harness.js';
import { oscillator } from './oscillator.js';

describe('oscillator', () => {
  it('prints with a label and supports every waveform', () => {
    const h = harness();
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'sq', operatorClass: 'oscillator', state: { waveform: 'square' } },
        { nodeId: 'p', operatorClass: 'print', state: { label: 'sq' } },
      ],
      edges: [exec('t.out', 'p.in'), data('sq.value', 'p.value')],
    });
    h.engine.tick(100);
    h.engine.tick(600);
    expect(h.texts()).toEqual(['sq: 1', 'sq: -1']);
  });

  it('value = offset + amplitude * wave(frac(t * frequency + phase)); phase outputs p', () => {
    const op = runOperator(oscillator, { waveform: 'triangle', frequency: 2, amplitude: 3, offset: 10, phase: 0.25 });
    op.run.now = 1000; // t = 1 s: x = 2.25, p = 0.25
    expect(op.output('phase')).toBeCloseTo(0.25, 12);
    expect(op.output()).toBeCloseTo(10 + 3 * 0, 12);
    op.run.now = 1125; // x = 2.5, p = 0.5: the triangle's peak
    expect(op.output()).toBeCloseTo(13, 12);
  });
});
