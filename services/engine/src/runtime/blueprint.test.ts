// The cycle path the engine reports, built on the compiler's cycle finder.
import { describe, expect, it } from 'vitest';
import { cyclePath } from './blueprint.js';

const adj = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

describe('cyclePath', () => {
  it('is null for a graph without a loop', () => {
    expect(cyclePath(adj({ a: ['b', 'c'], b: ['c'] }))).toBeNull();
  });

  it('walks a loop from its smallest vertex, repeating it at the end', () => {
    expect(cyclePath(adj({ c: ['a'], a: ['b'], b: ['c'], x: ['a'] }))).toEqual(['a', 'b', 'c', 'a']);
    expect(cyclePath(adj({ s: ['s'] }))).toEqual(['s', 's']);
  });

  it('stays inside the loop when a vertex also leads out of it', () => {
    expect(cyclePath(adj({ a: ['a0', 'b'], b: ['a'], a0: [] }))).toEqual(['a', 'b', 'a']);
  });
});
