// The shared waveforms: each shape at the quarter points, and only the phase's fraction counts.
import { describe, expect, it } from 'vitest';
import { waveform } from './waveform.js';

describe('waveform', () => {
  it.each([
    ['sine', [0, 1, 0, -1]],
    ['square', [1, 1, -1, -1]],
    ['saw', [-1, -0.5, 0, 0.5]],
    ['triangle', [-1, 0, 1, 0]],
    ['no-such-shape', [0, 1, 0, -1]],
  ] as const)('%s at p = 0, 0.25, 0.5, 0.75', (shape, expected) => {
    [0, 0.25, 0.5, 0.75].forEach((p, i) => expect(waveform(shape, p)).toBeCloseTo(expected[i] as number, 12));
  });

  it('has period 1 and reads negative phases from their fraction', () => {
    for (const shape of ['sine', 'square', 'saw', 'triangle']) {
      for (const p of [0.1, 0.3, 0.6, 0.9]) {
        expect(waveform(shape, p + 3)).toBeCloseTo(waveform(shape, p), 9);
        expect(waveform(shape, p - 2)).toBeCloseTo(waveform(shape, p), 9);
      }
    }
  });

  it('the triangle is linear between its corners', () => {
    expect(waveform('triangle', 0.125)).toBeCloseTo(-0.5, 12);
    expect(waveform('triangle', 0.625)).toBeCloseTo(0.5, 12);
  });
});
