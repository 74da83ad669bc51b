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
    expect([r.read(6), r.read(6), r.read(6), r.read(6)]).toEqual([{ has: true, value: 3 }, { has: true, value: 4 }, { has: true, value: 5 }, { has: false }]);
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

describe('receiver counters: received = delivered + dropped + queued (docs/data-edges.md)', () => {
  const holds = (r: ReturnType<typeof createReceiver>, now?: number) => {
    const c = r.counts(now);
    expect(c.received, JSON.stringify(c)).toBe(c.delivered + c.dropped + c.queued);
    return c;
  };

  it('queue: a value counts as delivered when a read takes it, dropped when a full queue pushes it out or refuses it, queued meanwhile', () => {
    const r = createReceiver({ strategy: 'queue', queueSize: 3 });
    for (let i = 1; i <= 5; i++) r.push(i, i);
    expect(holds(r)).toEqual({ received: 5, delivered: 0, dropped: 2, superseded: 0, queued: 3 });
    r.read(6);
    expect(holds(r)).toEqual({ received: 5, delivered: 1, dropped: 2, superseded: 0, queued: 2 });
    r.read(6);
    r.read(6);
    r.read(6); // empty: counts nothing
    expect(holds(r)).toEqual({ received: 5, delivered: 3, dropped: 2, superseded: 0, queued: 0 });
    const keep = createReceiver({ strategy: 'queue', queueSize: 2, dropOld: false });
    for (let i = 1; i <= 4; i++) keep.push(i, i);
    expect(holds(keep)).toMatchObject({ dropped: 2, queued: 2 });
  });

  it('queue read once per tick, fed faster than it ticks, drops for real', () => {
    const r = createReceiver({ strategy: 'queue', queueSize: 4 });
    const got: unknown[] = [];
    for (let t = 0; t < 100; t++) {
      r.push(t, t); // one value per ms ...
      if (t % 10 === 9) {
        const x = r.read(t); // ... one read per 10 ms tick
        if (x.has) got.push(x.value);
      }
    }
    const c = holds(r);
    expect(c).toMatchObject({ received: 100, delivered: 10, queued: 3, dropped: 87 });
    expect(got).toEqual([6, 16, 26, 36, 46, 56, 66, 76, 86, 96]);
  });

  it('a value that goes stale (timeoutMs) before any read is dropped; one already read is not counted again', () => {
    const r = createReceiver({ strategy: 'queue', timeoutMs: 50 });
    r.push('old', 0);
    r.push('new', 60); // 'old' expired on arrival of 'new'
    expect(holds(r)).toMatchObject({ dropped: 1, queued: 1 });
    expect(r.read(70)).toEqual({ has: true, value: 'new' });
    const l = createReceiver({ strategy: 'latest', timeoutMs: 100 });
    l.push(1, 0);
    expect(l.read(10)).toEqual({ has: true, value: 1 });
    expect(holds(l, 500)).toEqual({ received: 1, delivered: 1, dropped: 0, superseded: 0, queued: 0 });
    l.push(2, 600);
    expect(holds(l, 800)).toEqual({ received: 2, delivered: 1, dropped: 1, superseded: 0, queued: 0 });
  });

  it('latest, hold and repeat: a value replaced before any read is superseded (delivered through the newer one), never dropped; rereads count once', () => {
    for (const strategy of ['latest', 'hold', 'repeat'] as const) {
      const r = createReceiver({ strategy });
      for (let i = 1; i <= 10; i++) r.push(i, i);
      expect(holds(r)).toEqual({ received: 10, delivered: 9, dropped: 0, superseded: 9, queued: 1 });
      expect(r.read(11)).toEqual({ has: true, value: 10 });
      expect(r.read(12)).toEqual({ has: true, value: 10 });
      expect(holds(r)).toEqual({ received: 10, delivered: 10, dropped: 0, superseded: 9, queued: 0 });
      r.push(11, 13); // the read 10 is replaced: nothing more to count
      expect(holds(r)).toEqual({ received: 11, delivered: 10, dropped: 0, superseded: 9, queued: 1 });
    }
  });

  it('average and interpolate: values a read used are delivered, values pushed out of the window unread are superseded, non-numbers are dropped', () => {
    const a = createReceiver({ strategy: 'average', queueSize: 3 });
    for (const v of [1, 2, 3, 'x', 10]) a.push(v, 0);
    expect(holds(a)).toEqual({ received: 5, delivered: 1, dropped: 1, superseded: 1, queued: 3 });
    expect(a.read(0)).toEqual({ has: true, value: 5 });
    expect(holds(a)).toEqual({ received: 5, delivered: 4, dropped: 1, superseded: 1, queued: 0 });
    const i = createReceiver({ strategy: 'interpolate' });
    for (const v of [0, 'y', 5, 10]) i.push(v, v === 'y' ? 0 : (v as number) * 10);
    expect(holds(i)).toEqual({ received: 4, delivered: 1, dropped: 1, superseded: 1, queued: 2 });
    i.read(150);
    expect(holds(i)).toEqual({ received: 4, delivered: 3, dropped: 1, superseded: 1, queued: 0 });
  });

  it('the invariant holds for any sequence of pushes, reads and stats snapshots', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const strategy of ['latest', 'queue', 'average', 'hold', 'repeat', 'interpolate'] as const) {
      for (const timeoutMs of [undefined, 30]) {
        const r = createReceiver({ strategy, queueSize: 4, dropOld: rnd() < 0.5, ...(timeoutMs ? { timeoutMs } : {}) });
        let now = 0;
        for (let k = 0; k < 500; k++) {
          now += Math.floor(rnd() * 10);
          const x = rnd();
          if (x < 0.55) r.push(rnd() < 0.1 ? 'nan' : rnd(), now);
          else if (x < 0.9) r.read(now);
          else holds(r, now);
          holds(r);
        }
      }
    }
  });
});
