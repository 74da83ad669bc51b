// smooth: an exponential moving average of its input, advancing once per tick.
import type { OperatorDefinition } from '../types.js';
import { dataPort, num, numField, NUMBER, NUMBER_OR_NULL, specHead } from './common.js';
import { perTickFilter } from './per-tick.js';

export const smooth: OperatorDefinition = {
  spec: {
    ...specHead(
      'smooth',
      'Smooth (EMA)',
      'signal',
      'Exponential moving average: y = y_prev + alpha * (x - y_prev), once per tick; the first value passes through. ' +
        'alpha 1 follows the input, smaller is smoother. A non-numeric input holds the last output. Memory survives redeploys.',
    ),
    dataInPorts: [dataPort('value', 'Input x.', NUMBER)],
    dataOutPorts: [dataPort('value', 'Smoothed y (null before any input).', NUMBER_OR_NULL)],
    stateFields: [numField('alpha', 0.2, 'Smoothing factor 0..1.', { valueSchema: { type: 'number', minimum: 0, maximum: 1 }, uiControl: { kind: 'slider', min: 0, max: 1, step: 0.01 } })],
  },
  create: perTickFilter((prev, x, ctx) => {
    if (prev === undefined) return x;
    const alpha = Math.min(1, Math.max(0, num(ctx, 'alpha', 0.2)));
    return prev + alpha * (x - prev);
  }),
};
