import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';

describe('Fifo (ring buffer)', () => {
  it('keeps order through wrap-around and growth, and drops from the front', () => {
    const f = new Fifo<number>(2);
    const model: number[] = [];
    let next = 0;
    // a fixed pseudo-random mix of pushes and shifts, checked against an array after each step
    let seed = 7;
    for (let step = 0; step < 2000; step++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      if (seed % 3 !== 0) {
        f.push(next);
        model.push(next++);
      } else {
        expect(f.shift()).toBe(model.shift());
      }
      expect(f.length).toBe(model.length);
      expect(f.at(0)).toBe(model[0]);
      expect(f.at(f.length - 1)).toBe(model[model.length - 1]);
    }
    expect([...f]).toEqual(model);
    f.dropFront(3);
    model.splice(0, 3);
    expect([...f]).toEqual(model);
    expect(f.at(-1)).toBeUndefined();
    expect(f.at(f.length)).toBeUndefined();
    f.dropFront(f.length + 5);
    expect(f.length).toBe(0);
    expect(f.shift()).toBeUndefined();
    f.push(1);
    f.clear();
    expect([...f]).toEqual([]);
  });
});
