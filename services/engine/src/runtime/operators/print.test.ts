// print: logs its input (with "label: " when set) and fires out.
import { describe, expect, it } from 'vitest';
import { runOperator } from '../__fixtures__/harness.js';
import { formatValue, print } from './print.js';

describe('print', () => {
  it('logs the formatted input, prefixed by its label, and fires out', () => {
    const op = runOperator(print, {}, { value: { a: 1 } });
    expect(op.exec()).toBe('out');
    op.setState('label', 'x');
    op.run.inputs.value = 'hi';
    op.exec();
    expect(op.run.logs).toEqual(['{"a":1}', 'x: hi']);
  });

  it('formats strings as they are and everything else as JSON or String', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect([formatValue('s'), formatValue(1.5), formatValue(undefined), formatValue(null), formatValue([1, true]), formatValue(cyclic)]).toEqual([
      's',
      '1.5',
      'undefined',
      'null',
      '[1,true]',
      '[object Object]',
    ]);
  });
});
