import { describe, expect, it } from 'vitest';
import { compileExpression, formatParseError, parseExpression, type Variables } from './expression.js';

const vars: Variables = { a: 2, b: 3, c: -1, d: 0.5, t: 10 };
function ev(src: string, v: Variables = vars): number | boolean {
  const c = compileExpression(src);
  if (!c.ok) throw new Error(`${c.error} at ${c.position}`);
  return c.evaluate(v);
}
function err(src: string): { error: string; position: number } {
  const r = parseExpression(src);
  if (r.ok) throw new Error(`expected a parse error for ${src}`);
  return r;
}

describe('expression language', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['10 - 4 - 3', 3],
    ['24 / 4 / 2', 3],
    ['7 % 4 * 2', 6],
    ['a * b + c', 5],
    ['--a', 2],
    ['1.5e2 + .5', 150.5],
    ['t / 2', 5],
    ['pi', Math.PI],
    ['e', Math.E],
    ['a > b ? 10 : b > a ? 20 : 30', 20],
    ['1 ? 2 : 3 ? 4 : 5', 2],
    ['0 ? 2 : 0 ? 4 : 5', 5],
  ])('%s = %s', (src, want) => {
    expect(ev(src)).toBeCloseTo(want as number, 12);
  });

  it('comparisons and logic give booleans', () => {
    expect(ev('a < b && b <= 3')).toBe(true);
    expect(ev('a == 2 && !(b != 3)')).toBe(true);
    expect(ev('a > b || c >= 0')).toBe(false);
    expect(ev('!0')).toBe(true);
    expect(ev('(a < b) + 1')).toBe(2);
    expect(ev('1 + 1 == 2')).toBe(true);
  });

  it('functions', () => {
    expect(ev('sin(pi / 2)')).toBeCloseTo(1);
    expect(ev('cos(0) + tan(0)')).toBe(1);
    expect(ev('abs(c) + sqrt(16) + pow(2, 10)')).toBe(1 + 4 + 1024);
    expect(ev('min(a, b, c) + max(a, b)')).toBe(-1 + 3);
    expect(ev('clamp(15, 0, 10) + clamp(-5, 0, 10)')).toBe(10);
    expect(ev('floor(2.7) + ceil(2.1) + round(2.5)')).toBe(2 + 3 + 3);
    expect(ev('exp(0) + log(e) + sign(-3)')).toBe(1);
    expect(ev('atan2(1, 1)')).toBeCloseTo(Math.PI / 4);
    expect(ev('1 / 0')).toBe(Infinity);
  });

  it('reports errors with positions', () => {
    expect(err('1 + (2')).toMatchObject({ position: 6, error: expect.stringContaining('expected ")"') });
    expect(err('1 +')).toMatchObject({ position: 3, error: 'unexpected end of expression' });
    expect(err('a b')).toMatchObject({ position: 2 });
    expect(err('2 $ 3')).toMatchObject({ position: 2, error: expect.stringContaining('unexpected character "$"') });
    expect(err('foo(1)')).toMatchObject({ position: 0, error: 'unknown function "foo"' });
    expect(err('sin(1, 2)')).toMatchObject({ position: 0, error: expect.stringContaining('takes 1 argument') });
    expect(err('clamp(1)').error).toContain('takes 3');
    expect(err('1 + x')).toMatchObject({ position: 4, error: expect.stringContaining('unknown identifier "x"') });
    expect(err('sin + 1').error).toContain('is a function');
    expect(err('').error).toBe('unexpected end of expression');
    expect(err('12abc')).toMatchObject({ position: 0 });
    expect(err('a ? b')).toMatchObject({ position: 5 });
    expect(formatParseError('1 + (2', 'x', 6)).toBe('x at position 6\n  1 + (2\n        ^');
  });

  it.each(['constructor', '__proto__', 'process', 'globalThis', 'this', 'window', 'require', 'eval', 'Function', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'])(
    '%s is not reachable',
    (name) => {
      expect(err(name).error).toContain(`unknown identifier "${name}"`);
      expect(err(`${name}(1)`).error).toContain(`unknown function "${name}"`);
      expect(err(`a + ${name}`).position).toBe(4);
    },
  );

  it('rejects member access and strings', () => {
    expect(err('a.constructor').position).toBe(1);
    expect(err('"x"').position).toBe(0);
    expect(err('a[0]').position).toBe(1);
    expect(err('a = 1').position).toBe(2);
  });

  it('limits nesting and length without throwing', () => {
    expect(err('('.repeat(500) + '1' + ')'.repeat(500)).error).toContain('nested deeper');
    expect(err('-'.repeat(500) + '1').error).toContain('nested deeper');
    expect(err('2^'.repeat(500) + '2').error).toContain('nested deeper');
    expect(err('1+'.repeat(6000) + '1').error).toContain('longer than');
    expect(ev('1+'.repeat(4000) + '1')).toBe(4001);
  });
});
