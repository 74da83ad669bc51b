// select: outputs a or b depending on a switch input.
import type { OperatorDefinition } from '../types.js';
import { dataPort, NUMBER_OR_BOOLEAN, specHead } from './common.js';

export const select: OperatorDefinition = {
  spec: {
    ...specHead('select', 'Select', 'data', 'value = sel ? b : a (sel is true for true or a non-zero number; unconnected sel is false).'),
    dataInPorts: [dataPort('a', 'Chosen when sel is false.'), dataPort('b', 'Chosen when sel is true.'), dataPort('sel', 'The switch (true or a non-zero number).', NUMBER_OR_BOOLEAN)],
    dataOutPorts: [dataPort('value', 'a or b.')],
  },
  create: () => ({
    output: (_port, ctx) => {
      const sel = ctx.input('sel');
      const on = sel === true || (typeof sel === 'number' && sel !== 0 && !Number.isNaN(sel));
      return on ? ctx.input('b') : ctx.input('a');
    },
  }),
};
