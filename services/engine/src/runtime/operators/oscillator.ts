// oscillator: a periodic signal of the tick time (sine, square, saw, triangle) with its phase.
// The SDK's pure waveform module, not its index (which brings node:* and NATS with it).
import { WAVEFORMS, waveform } from '../../../../../src/sdk/waveform.js';
import type { OperatorContext, OperatorDefinition } from '../types.js';
import { finiteOrNull } from '../values.js';
import { dataPort, num, numField, NUMBER, specHead } from './common.js';

export const oscillator: OperatorDefinition = {
  spec: {
    ...specHead(
      'oscillator',
      'Oscillator',
      'signal',
      'value = offset + amplitude * wave(p), p = frac(t * frequency + phase), t the tick time in seconds. ' +
        'sine = sin(2*pi*p); square = 1 for p < 0.5 else -1; saw rises -1..1; triangle -1..1..-1. Output phase is p in [0, 1).',
    ),
    dataOutPorts: [dataPort('value', 'The signal.', NUMBER), dataPort('phase', 'Cycle position p in [0, 1).', NUMBER)],
    stateFields: [
      numField('frequency', 1, 'Cycles per second (Hz).', { uiControl: { kind: 'number', min: 0, step: 0.1, unit: 'Hz' } }),
      numField('amplitude', 1, 'Peak deviation from offset.'),
      numField('offset', 0, 'Center value.'),
      numField('phase', 0, 'Phase offset in cycles (0..1).', { showOnNode: false }),
      {
        name: 'waveform',
        valueSchema: { type: 'string', enum: [...WAVEFORMS] },
        access: 'rw',
        default: 'sine',
        showOnNode: true,
        uiControl: { kind: 'select', options: [...WAVEFORMS] },
        description: 'Wave shape.',
      },
    ],
  },
  create: () => {
    const position = (ctx: OperatorContext): number => {
      const x = (ctx.now / 1000) * num(ctx, 'frequency', 1) + num(ctx, 'phase', 0);
      const p = x - Math.floor(x);
      return Number.isFinite(p) ? p : 0;
    };
    return {
      output: (port, ctx) => {
        const p = position(ctx);
        if (port === 'phase') return p;
        const w = ctx.state('waveform');
        return finiteOrNull(num(ctx, 'offset', 0) + num(ctx, 'amplitude', 1) * waveform(typeof w === 'string' ? w : 'sine', p));
      },
    };
  },
};
