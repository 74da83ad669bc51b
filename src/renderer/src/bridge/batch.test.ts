// The live batcher's timing: the store update runs after the frame's callback (in a task of its
// own, so the render it causes does not share the frame's vsync), and a burst still arriving is
// taken whole, but never later than its wait bound.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveBatcher } from './batch';
import type { LiveUpdate } from '../store/live';

const u: LiveUpdate = { type: 'summary', id: 'a', summary: null };

describe('live batcher', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('applies a batch in a task after the animation frame callback, not inside it', async () => {
    const callbacks: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => callbacks.push(cb));
    const applied: string[] = [];
    const b = new LiveBatcher((x) => applied.push(`batch of ${x.length}`));
    b.push(u);
    b.push(u);
    expect(callbacks).toHaveLength(1);
    callbacks[0]!(0);
    applied.push('frame callback returned');
    await new Promise((r) => setTimeout(r, 20));
    expect(applied).toEqual(['frame callback returned', 'batch of 2']);
    b.dispose();
  });

  it('waits while a burst keeps arriving, then takes it whole', () => {
    let t = 0;
    let frame: (() => void) | null = null;
    const batches: number[] = [];
    const b = new LiveBatcher(
      (x) => batches.push(x.length),
      (f) => (frame = f),
      { quietMs: 4, maxWaitMs: 50, now: () => t },
    );
    const runFrame = () => {
      const f = frame as unknown as () => void;
      frame = null;
      f();
    };
    for (t = 0; t < 10; t += 2) b.push(u); // 5 updates over 8 ms
    t = 10; // the last came 2 ms ago: more are on their way
    runFrame();
    expect(batches).toEqual([]);
    b.push(u);
    t = 26; // quiet for 16 ms
    runFrame();
    expect(batches).toEqual([6]);
    expect(frame).toBeNull();
  });

  it('takes a steady stream at most its wait bound after the first queued update', () => {
    let t = 0;
    let frame: (() => void) | null = null;
    const at: number[] = [];
    const b = new LiveBatcher(
      () => at.push(t),
      (f) => (frame = f),
      { quietMs: 4, maxWaitMs: 50, now: () => t },
    );
    for (t = 0; t <= 200; t += 1) {
      b.push(u); // one update a millisecond, never quiet
      if (t % 16 === 15 && frame) {
        const f = frame as () => void;
        frame = null;
        f();
      }
    }
    expect(at.length).toBeGreaterThanOrEqual(3);
    expect(at[0]).toBeGreaterThanOrEqual(50);
    expect(at[0]).toBeLessThan(50 + 16);
    for (let i = 1; i < at.length; i++) expect((at[i] as number) - (at[i - 1] as number)).toBeLessThan(50 + 2 * 16);
  });
});
