// tick: the entrypoint of exec chains; fires once per engine tick and tells the time.
import type { OperatorDefinition } from '../types.js';
import { dataPort, NUMBER, specHead } from './common.js';

export const tick: OperatorDefinition = {
  spec: {
    ...specHead('tick', 'Tick', 'flow', 'Starts an exec chain on every engine tick (the engine ticks every tickMs).'),
    execOutPorts: [{ name: 'out', description: 'Fires once per tick.' }],
    dataOutPorts: [dataPort('time', 'Tick time in seconds.', NUMBER), dataPort('dt', 'Seconds since the previous tick.', NUMBER)],
  },
  create: () => ({
    exec: () => 'out',
    output: (port, ctx) => (port === 'time' ? ctx.now / 1000 : ctx.dt / 1000),
  }),
};
