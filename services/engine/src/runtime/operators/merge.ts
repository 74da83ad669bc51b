// merge: the first of its inputs that has a value, else the last value it output.
import type { OperatorDefinition } from '../types.js';
import { dataPort, specHead } from './common.js';

export const merge: OperatorDefinition = {
  spec: {
    ...specHead(
      'merge',
      'Merge',
      'data',
      'value = a if a has a value (not undefined or null), else b if it has one, else the last value it output (hold). Useful to combine an optional external feed with a default.',
    ),
    dataInPorts: [dataPort('a', 'Preferred source.'), dataPort('b', 'Fallback source.')],
    dataOutPorts: [dataPort('value', 'The merged value (undefined until something arrives).')],
  },
  create: () => {
    let last: unknown;
    return {
      output: (_port, ctx) => {
        const a = ctx.input('a');
        const v = a !== undefined && a !== null ? a : ctx.input('b');
        if (v !== undefined && v !== null) last = v;
        return last;
      },
    };
  },
};
