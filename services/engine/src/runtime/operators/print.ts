// print: logs its input when it fires (the host shows the line in the node's log).
import type { OperatorDefinition } from '../types.js';
import { dataPort, specHead } from './common.js';

/** How print shows a value. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export const print: OperatorDefinition = {
  spec: {
    ...specHead('print', 'Print', 'debug', 'When `in` fires, prints its input `value` (prefixed with "label: " when label is set), then fires `out`.'),
    execInPorts: [{ name: 'in', description: 'Print now.' }],
    execOutPorts: [{ name: 'out', description: 'Fires after printing.' }],
    dataInPorts: [dataPort('value', 'What to print (any value).')],
    stateFields: [{ name: 'label', valueSchema: { type: 'string' }, access: 'rw', default: '', showOnNode: true, uiControl: 'text', description: 'Prefix of each line.' }],
  },
  create: () => ({
    exec: (ctx) => {
      const label = ctx.state('label');
      const text = formatValue(ctx.input('value'));
      ctx.log(typeof label === 'string' && label !== '' ? `${label}: ${text}` : text);
      return 'out';
    },
  }),
};
