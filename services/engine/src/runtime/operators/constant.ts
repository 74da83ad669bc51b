// constant: outputs its state field `value`.
import type { OperatorDefinition } from '../types.js';
import { dataPort, specHead } from './common.js';

export const constant: OperatorDefinition = {
  spec: {
    ...specHead('constant', 'Constant', 'data', 'Outputs the value of its state field `value` (any JSON value).'),
    dataOutPorts: [dataPort('value', 'The constant.')],
    stateFields: [{ name: 'value', valueSchema: {}, access: 'rw', default: 0, showOnNode: true, uiControl: 'json', description: 'The value to output.' }],
  },
  create: () => ({ output: (_port, ctx) => ctx.state('value') }),
};
