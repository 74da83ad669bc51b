import { describe, expect, it } from 'vitest';
import { PullInput, PushInput, type Input } from './inbound.js';
import { dataEdge } from './testing.js';
import type { Strategy } from '../shared/types.js';

const edge = (strategy: Strategy, queueSize = 3, extra: { timeoutMs?: number; dropOld?: boolean } = {}) => dataEdge('p', 'out', 'c', 'in', { strategy, queueSize, ...extra }).in;
const holds = (i: Input, now = 0) => {
  const c = i.counts(now);
  expect(c.received, JSON.stringify(c)).toBe(c.delivered + c.dropped + c.queued);
  return c;
};
/** A handler whose calls stay running until released. */
function asyncHandler() {
  const seen: unknown[] = [];
  const running: (() => void)[] = [];
  return {
    seen,
    handler: (v: unknown) => {
      seen.push(v);
      return new Promise<void>((r) => running.push(r));
    },
    /** Lets the running call finish and the next value in. */
    async release() {
      running.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('PushInput (a service with onData)', () => {
  it('a synchronous handler gets every value as it arrives, whatever the strategy and queue size: nothing waits, nothing drops', () => {
    for (const strategy of ['latest', 'queue', 'average', 'hold', 'repeat', 'interpolate'] as const) {
      const seen: unknown[] = [];
      const i = new PushInput(
        edge(strategy, 4),
        (v) => void seen.push(v),
        () => 0,
      );
      for (let k = 0; k < 100; k++) i.accept(k, k);
      expect(seen).toEqual([...Array(100).keys()]);
      expect(holds(i)).toEqual({ received: 100, delivered: 100, dropped: 0, superseded: 0, queued: 0 });
      expect(i.read()).toEqual({ has: true, value: 99 });
    }
  });

  it('queue: values that arrive while an async handler runs wait in order, up to queueSize; beyond that they are dropped', async () => {
    const h = asyncHandler();
    const i = new PushInput(edge('queue', 3), h.handler, () => 0);
    for (let k = 1; k <= 10; k++) i.accept(k, 0);
    // 1 is running; 2..10 arrived meanwhile: 8, 9, 10 wait, 2..7 were pushed out
    expect(holds(i)).toEqual({ received: 10, delivered: 1, dropped: 6, superseded: 0, queued: 3 });
    for (let k = 0; k < 4; k++) await h.release();
    expect(h.seen).toEqual([1, 8, 9, 10]);
    expect(holds(i)).toEqual({ received: 10, delivered: 4, dropped: 6, superseded: 0, queued: 0 });
    const refuse = new PushInput(edge('queue', 2, { dropOld: false }), asyncHandler().handler, () => 0);
    for (let k = 1; k <= 5; k++) refuse.accept(k, 0);
    expect(holds(refuse)).toMatchObject({ delivered: 1, dropped: 2, queued: 2 });
  });

  it('latest: only the newest waits for a busy handler; the ones it replaced are superseded, not dropped', async () => {
    const h = asyncHandler();
    const i = new PushInput(edge('latest'), h.handler, () => 0);
    for (let k = 1; k <= 10; k++) i.accept(k, 0);
    expect(holds(i)).toEqual({ received: 10, delivered: 9, dropped: 0, superseded: 8, queued: 1 });
    await h.release();
    await h.release();
    expect(h.seen).toEqual([1, 10]);
    expect(holds(i)).toEqual({ received: 10, delivered: 10, dropped: 0, superseded: 8, queued: 0 });
  });

  it('timeoutMs: a value that waited too long for a busy handler is dropped', async () => {
    let now = 0;
    const h = asyncHandler();
    const i = new PushInput(edge('queue', 8, { timeoutMs: 100 }), h.handler, () => now);
    i.accept('a', 0);
    i.accept('b', 10);
    now = 500;
    await h.release();
    expect(h.seen).toEqual(['a']);
    expect(holds(i, now)).toEqual({ received: 2, delivered: 1, dropped: 1, superseded: 0, queued: 0 });
  });

  it('after close, a running handler delivers nothing more', async () => {
    const h = asyncHandler();
    const i = new PushInput(edge('queue'), h.handler, () => 0);
    i.accept(1, 0);
    i.accept(2, 0);
    i.close();
    await h.release();
    expect(h.seen).toEqual([1]);
  });
});

describe('PullInput (a service that reads with ctx.read)', () => {
  it('holds values for reads under the edge strategy and counts what no read took', () => {
    const i = new PullInput(edge('queue', 2));
    for (let k = 1; k <= 5; k++) i.accept(k, 0);
    expect(i.read(0)).toEqual({ has: true, value: 4 });
    expect(holds(i)).toEqual({ received: 5, delivered: 1, dropped: 3, superseded: 0, queued: 1 });
  });
});

describe('PushInput with a handler that is sometimes async', () => {
  it('after an async call settles, the values that waited go on through synchronous calls too', async () => {
    const seen: number[] = [];
    const i = new PushInput(
      edge('queue', 64),
      (v) => {
        seen.push(v as number);
        return (v as number) % 2 ? undefined : Promise.resolve();
      },
      () => 0,
    );
    for (let k = 1; k <= 10; k++) i.accept(k, 0);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([...Array(10).keys()].map((k) => k + 1));
    expect(holds(i)).toEqual({ received: 10, delivered: 10, dropped: 0, superseded: 0, queued: 0 });
  });
});
