// math.add, math.subtract, math.multiply, math.divide: one family built by one factory, so they
// share this file (value = a <op> b, an unconnected input counting as the operation's identity).
import type { OperatorDefinition } from '../types.js';
import { finiteOrNull, toNumber } from '../values.js';
import { dataPort, NUMBER, NUMBER_OR_NULL, specHead } from './common.js';

function binaryMath(cls: string, label: string, symbol: string, identity: number, fn: (a: number, b: number) => number, extra = ''): OperatorDefinition {
  return {
    spec: {
      ...specHead(cls, label, 'math', `value = a ${symbol} b. An unconnected input counts as ${identity}; a non-numeric input or a non-finite result gives null.${extra}`),
      dataInPorts: [dataPort('a', 'Left operand.', NUMBER), dataPort('b', 'Right operand.', NUMBER)],
      dataOutPorts: [dataPort('value', `a ${symbol} b (null when undefined).`, NUMBER_OR_NULL)],
    },
    create: () => ({
      output: (_port, ctx) => {
        const ra = ctx.input('a');
        const rb = ctx.input('b');
        const a = ra === undefined ? identity : toNumber(ra);
        const b = rb === undefined ? identity : toNumber(rb);
        if (a === undefined || b === undefined) return null;
        return finiteOrNull(fn(a, b));
      },
    }),
  };
}

export const add = binaryMath('math.add', 'Add', '+', 0, (a, b) => a + b);
export const subtract = binaryMath('math.subtract', 'Subtract', '-', 0, (a, b) => a - b);
export const multiply = binaryMath('math.multiply', 'Multiply', '*', 1, (a, b) => a * b);
export const divide = binaryMath('math.divide', 'Divide', '/', 1, (a, b) => a / b, ' Divide by 0 gives null.');
