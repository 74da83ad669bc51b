import { describe, expect, it } from 'vitest';
import { createReceiver } from './strategies.js';

describe('receiver strategies', () => {
  it('latest keeps the newest and evicts it after timeoutMs', () => {
    const r = createReceiver({ strategy: 'latest', timeoutMs: 100 });
    expect(r.read(0)).toEqual({ has: false });
    r.push(1, 0);
    r.push(2, 10);
    expect(r.read(20)).toEqual({ has: true, value: 2 });
    expect(r.read(50)).toEqual({ has: true, value: 2 });
    expect(r.read(111)).toEqual({ has: false });
  });
  it('hold and repeat keep the last value past the timeout', () => {
    for (const strategy of ['hold', 'repeat'] as const) {
      const r = createReceiver({ strategy, timeoutMs: 10 });
      r.push('x', 0);
      expect(r.read(1000)).toEqual({ has: true, value: 'x' });
    }
  });
  it('queue delivers FIFO, bounded, dropping the oldest (or the newest without dropOld)', () => {
    const r = createReceiver({ strategy: 'queue', queueSize: 3 });
    for (let i = 1; i <= 5; i++) r.push(i, i);
    expect(r.dropped).toBe(2);
    expect([r.read(6), r.read(6), r.read(6), r.read(6)]).toEqual([
      { has: true, value: 3 },
      { has: true, value: 4 },
      { has: true, value: 5 },
      { has: false },
    ]);
    const keep = createReceiver({ strategy: 'queue', queueSize: 2, dropOld: false });
    for (let i = 1; i <= 4; i++) keep.push(i, i);
    expect([keep.read(5), keep.read(5)].map((x) => (x.has ? x.value : null))).toEqual([1, 2]);
  });
  it('queue evicts stale samples', () => {
    const r = createReceiver({ strategy: 'queue', timeoutMs: 50 });
    r.push('old', 0);
    r.push('new', 60);
    expect(r.read(70)).toEqual({ has: true, value: 'new' });
  });
  it('average is the mean of the numeric window', () => {
    const r = createReceiver({ strategy: 'average', queueSize: 3 });
    for (const v of [1, 2, 3, 'x', 10]) r.push(v, 0);
    expect(r.read(0)).toEqual({ has: true, value: 5 });
  });
  it('interpolate ramps between the last two samples one interval late', () => {
    const r = createReceiver({ strategy: 'interpolate' });
    r.push(0, 0);
    r.push(10, 100);
    expect(r.read(100)).toEqual({ has: true, value: 0 });
    expect(r.read(150)).toEqual({ has: true, value: 5 });
    expect(r.read(250)).toEqual({ has: true, value: 10 });
  });
});
