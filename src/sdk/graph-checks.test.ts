// What the engine relies on from the compiler's checks, seen through the SDK.
import { describe, expect, it } from 'vitest';
import { acceptsNull, CLASS_PATTERN, findCycles, NAME_PATTERN } from './graph-checks.js';

describe('graph checks for services', () => {
  it('findCycles finds each loop (self-loops too) and nothing in a DAG', () => {
    const arc = (from: string, to: string) => ({ from, to, id: `${from}>${to}` });
    expect(findCycles([arc('a', 'b'), arc('b', 'c')])).toEqual([]);
    expect(findCycles([arc('b', 'a'), arc('a', 'b'), arc('c', 'c'), arc('c', 'd')]).map((c) => c.vertices)).toEqual([['a', 'b'], ['c']]);
  });

  it('acceptsNull is false only where the schema shows null is excluded', () => {
    expect([{}, { type: ['number', 'null'] }, { minimum: 0 }].map(acceptsNull)).toEqual([true, true, true]);
    expect([{ type: 'number' }, { enum: [1, 2] }, { const: 'x' }].map(acceptsNull)).toEqual([false, false, false]);
  });

  it('the name patterns accept operator classes and port names as the contract spells them', () => {
    expect(['math.add', 'rate_limiter', 'a-b'].every((c) => CLASS_PATTERN.test(c))).toBe(true);
    expect(['Math', 'a..b', '.x'].some((c) => CLASS_PATTERN.test(c))).toBe(false);
    expect(NAME_PATTERN.test('then0') && !NAME_PATTERN.test('0then')).toBe(true);
  });
});
