// threshold: a comparator with hysteresis that branches the exec chain on its state.
import type { OperatorContext, OperatorDefinition } from '../types.js';
import { toNumber } from '../values.js';
import { BOOLEAN, dataPort, num, numField, NUMBER, specHead } from './common.js';

const ABOUT =
  'A comparator with hysteresis: becomes active when value > threshold + hysteresis, inactive when value < threshold - hysteresis, ' +
  'and otherwise keeps its state (starts inactive). When `in` fires it fires `above` if active, else `below`.';

export const threshold: OperatorDefinition = {
  spec: {
    ...specHead('threshold', 'Threshold', 'flow', ABOUT),
    dataInPorts: [dataPort('value', 'Compared value.', NUMBER)],
    dataOutPorts: [dataPort('active', 'Whether value is above the threshold.', BOOLEAN)],
    execInPorts: [{ name: 'in', description: 'Compare and branch.' }],
    execOutPorts: [
      { name: 'above', description: 'Fires when active.' },
      { name: 'below', description: 'Fires when inactive.' },
    ],
    stateFields: [numField('threshold', 0.5, 'Switch point.'), numField('hysteresis', 0, 'Half-width of the dead band around the threshold.', { valueSchema: { type: 'number', minimum: 0 } })],
  },
  create: () => {
    let active = false;
    const update = (ctx: OperatorContext): boolean => {
      const x = toNumber(ctx.input('value'));
      if (x === undefined || Number.isNaN(x)) return active;
      const t = num(ctx, 'threshold', 0.5);
      const h = Math.abs(num(ctx, 'hysteresis', 0));
      if (x > t + h) active = true;
      else if (x < t - h) active = false;
      return active;
    };
    return {
      exec: (ctx) => (update(ctx) ? 'above' : 'below'),
      output: (_port, ctx) => update(ctx),
    };
  },
};
