// random: a uniform random number per tick, from the engine's injected random source.
import type { OperatorDefinition } from '../types.js';
import { finiteOrNull } from '../values.js';
import { dataPort, num, numField, NUMBER, specHead } from './common.js';

export const random: OperatorDefinition = {
  spec: {
    ...specHead('random', 'Random', 'signal', 'A new uniform random number in [min, max) every tick (the engine injects the random source).'),
    dataOutPorts: [dataPort('value', 'The random number.', NUMBER)],
    stateFields: [numField('min', 0, 'Lower bound.'), numField('max', 1, 'Upper bound.')],
  },
  create: () => {
    let tickSeen = -1;
    let r = 0;
    return {
      output: (_port, ctx) => {
        if (ctx.tick !== tickSeen) {
          tickSeen = ctx.tick;
          r = ctx.random();
        }
        const min = num(ctx, 'min', 0);
        return finiteOrNull(min + r * (num(ctx, 'max', 1) - min));
      },
    };
  },
};
