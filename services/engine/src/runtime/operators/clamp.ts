// clamp: limits its input to [min, max].
import type { OperatorDefinition } from '../types.js';
import { finiteOrNull, toNumber } from '../values.js';
import { dataPort, num, numField, NUMBER, NUMBER_OR_NULL, specHead } from './common.js';

export const clamp: OperatorDefinition = {
  spec: {
    ...specHead('clamp', 'Clamp', 'math', 'Limits value to [min, max] (min wins if min > max). A non-numeric input gives null.'),
    dataInPorts: [dataPort('value', 'Input.', NUMBER)],
    dataOutPorts: [dataPort('value', 'Clamped value.', NUMBER_OR_NULL)],
    stateFields: [numField('min', 0, 'Lower bound.'), numField('max', 1, 'Upper bound.')],
  },
  create: () => ({
    output: (_port, ctx) => {
      const x = toNumber(ctx.input('value'));
      if (x === undefined) return null;
      return finiteOrNull(Math.max(num(ctx, 'min', 0), Math.min(num(ctx, 'max', 1), x)));
    },
  }),
};
