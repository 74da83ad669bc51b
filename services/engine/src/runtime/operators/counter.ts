// counter: adds `step` to its `count` state each time it fires.
import type { OperatorDefinition } from '../types.js';
import { dataPort, num, numField, NUMBER, specHead } from './common.js';

export const counter: OperatorDefinition = {
  spec: {
    ...specHead('counter', 'Counter', 'flow', 'Each time `in` fires, count += step, then `out` fires. Write count (e.g. 0) to reset it. The count survives redeploys.'),
    execInPorts: [{ name: 'in', description: 'Count once.' }],
    execOutPorts: [{ name: 'out', description: 'Fires after counting.' }],
    dataOutPorts: [dataPort('count', 'The current count.', NUMBER)],
    stateFields: [numField('count', 0, 'The current count (written by the engine; write it to reset).'), numField('step', 1, 'Added on each firing.')],
  },
  create: () => ({
    exec: (ctx) => {
      ctx.setState('count', num(ctx, 'count', 0) + num(ctx, 'step', 1));
      return 'out';
    },
    output: (_port, ctx) => num(ctx, 'count', 0),
  }),
};
