// rate_limiter: follows its input, changing by at most maxRatePerSec per second of tick time.
import type { OperatorDefinition } from '../types.js';
import { dataPort, num, numField, NUMBER, NUMBER_OR_NULL, specHead } from './common.js';
import { perTickFilter } from './per-tick.js';

export const rateLimiter: OperatorDefinition = {
  spec: {
    ...specHead(
      'rate_limiter',
      'Rate limiter',
      'signal',
      'Follows the input but changes by at most maxRatePerSec * dt per tick (dt the time since the previous tick). ' + 'The first value passes through; a non-numeric input holds the last output.',
    ),
    dataInPorts: [dataPort('value', 'Target value.', NUMBER)],
    dataOutPorts: [dataPort('value', 'Limited value (null before any input).', NUMBER_OR_NULL)],
    stateFields: [numField('maxRatePerSec', 1, 'Largest change per second.', { valueSchema: { type: 'number', minimum: 0 } })],
  },
  create: perTickFilter((prev, x, ctx) => {
    if (prev === undefined) return x;
    const maxDelta = Math.max(0, num(ctx, 'maxRatePerSec', 1)) * (Math.max(0, ctx.dt) / 1000);
    return prev + Math.min(maxDelta, Math.max(-maxDelta, x - prev));
  }),
};
