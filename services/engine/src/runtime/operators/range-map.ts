// range_map: maps its input linearly from one range to another, optionally clamped.
import type { OperatorDefinition } from '../types.js';
import { finiteOrNull, toNumber } from '../values.js';
import { BOOLEAN, dataPort, num, numField, NUMBER, NUMBER_OR_NULL, specHead } from './common.js';

export const rangeMap: OperatorDefinition = {
  spec: {
    ...specHead('range_map', 'Range map', 'math', 'Maps value linearly from [inMin, inMax] to [outMin, outMax]; with clamp the result stays inside the output range. inMin = inMax gives outMin.'),
    dataInPorts: [dataPort('value', 'Input.', NUMBER)],
    dataOutPorts: [dataPort('value', 'Mapped value (null for a non-numeric input).', NUMBER_OR_NULL)],
    stateFields: [
      numField('inMin', 0, 'Input range start.'),
      numField('inMax', 1, 'Input range end.'),
      numField('outMin', 0, 'Output range start.'),
      numField('outMax', 100, 'Output range end.'),
      { name: 'clamp', valueSchema: BOOLEAN, access: 'rw', default: false, showOnNode: true, uiControl: 'toggle', description: 'Keep the result inside [outMin, outMax].' },
    ],
  },
  create: () => ({
    output: (_port, ctx) => {
      const x = toNumber(ctx.input('value'));
      if (x === undefined) return null;
      const inMin = num(ctx, 'inMin', 0);
      const inMax = num(ctx, 'inMax', 1);
      const outMin = num(ctx, 'outMin', 0);
      const outMax = num(ctx, 'outMax', 100);
      let y = inMax === inMin ? outMin : outMin + ((x - inMin) / (inMax - inMin)) * (outMax - outMin);
      if (ctx.state('clamp') === true) y = Math.min(Math.max(y, Math.min(outMin, outMax)), Math.max(outMin, outMax));
      return finiteOrNull(y);
    },
  }),
};
