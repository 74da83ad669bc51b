// expression: a formula over inputs a..d and the tick time, in the engine's expression language
// (../expression.ts); the compiled formula is kept until `expr` changes.
import { compileExpression, type CompiledExpression } from '../expression.js';
import type { OperatorContext, OperatorDefinition } from '../types.js';
import { finiteOrNull, toNumber } from '../values.js';
import { dataPort, NUMBER_OR_BOOLEAN, NUMBER_OR_NULL, specHead } from './common.js';

export const expression: OperatorDefinition = {
  spec: {
    ...specHead(
      'expression',
      'Expression',
      'math',
      'Evaluates a formula over inputs a, b, c, d (unconnected = 0), t (tick time in seconds), pi and e. ' +
        'Operators: + - * / % ^ (power), unary - and !, == != < <= > >=, && ||, cond ? x : y. ' +
        'Functions: sin cos tan asin acos atan atan2 abs min max clamp sqrt pow floor ceil round exp log sign. ' +
        'Booleans count as 1/0 in arithmetic, on the inputs too; a comparison or logic result is output as 1 (true) or 0 (false), so the result feeds any number input. ' +
        'A non-finite result gives null (no value); a parse error is reported with its position and gives no value.',
    ),
    dataInPorts: ['a', 'b', 'c', 'd'].map((n) => dataPort(n, `Variable ${n} (a boolean counts as 1/0).`, NUMBER_OR_BOOLEAN)),
    dataOutPorts: [dataPort('value', 'The result (1/0 for true/false; null when not finite).', NUMBER_OR_NULL)],
    stateFields: [{ name: 'expr', valueSchema: { type: 'string', maxLength: 10000 }, access: 'rw', default: 'a + b', showOnNode: true, uiControl: 'text', description: 'The formula.' }],
  },
  create: (init) => {
    let source: string | undefined;
    let compiled: CompiledExpression | undefined;
    const compile = (src: unknown): CompiledExpression => {
      const s = typeof src === 'string' ? src : '';
      if (compiled === undefined || s !== source) {
        source = s;
        compiled = compileExpression(s);
      }
      return compiled;
    };
    compile(init.state.expr);
    const inputNumber = (ctx: OperatorContext, port: string): number => {
      const v = ctx.input(port);
      return v === undefined ? 0 : (toNumber(v) ?? NaN);
    };
    return {
      setState: (field, value) => {
        if (field === 'expr') compile(value);
      },
      output: (_port, ctx) => {
        const c = compile(ctx.state('expr'));
        if (!c.ok) throw new Error(`expression error: ${c.error} at position ${c.position}`);
        const v = c.evaluate({ a: inputNumber(ctx, 'a'), b: inputNumber(ctx, 'b'), c: inputNumber(ctx, 'c'), d: inputNumber(ctx, 'd'), t: ctx.now / 1000 });
        return typeof v === 'boolean' ? (v ? 1 : 0) : finiteOrNull(v);
      },
    };
  },
};
