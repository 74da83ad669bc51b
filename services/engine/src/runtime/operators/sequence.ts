// sequence: fires three exec outputs in order.
import type { OperatorDefinition } from '../types.js';
import { specHead } from './common.js';

export const sequence: OperatorDefinition = {
  spec: {
    ...specHead('sequence', 'Sequence', 'flow', 'When `in` fires, fires then0, then1 and then2 in that order (each chain runs to its end before the next).'),
    execInPorts: [{ name: 'in', description: 'Start the sequence.' }],
    execOutPorts: [
      { name: 'then0', description: 'Fires first.' },
      { name: 'then1', description: 'Fires second.' },
      { name: 'then2', description: 'Fires third.' },
    ],
  },
  create: () => ({ exec: () => ['then0', 'then1', 'then2'] }),
};
