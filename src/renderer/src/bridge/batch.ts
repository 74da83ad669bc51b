// Live updates arrive one message at a time; the store takes them once per animation frame, so
// a burst of KV changes and stats replies costs one render. The store update runs in a task of
// its own just after the frame is drawn, not in the frame's callback: the render it causes then
// has the whole frame interval, and the next frame only draws what changed (run inside the
// callback, the render and the frame's style, layout and paint shared one vsync and missed it).
import type { LiveUpdate } from '../store/live';

export type FrameScheduler = (flush: () => void) => void;

/** A task right after the current one (a message, not setTimeout's clamped timer). */
function afterFrame(): (fn: () => void) => void {
  if (typeof MessageChannel !== 'function') return (fn) => setTimeout(fn, 0);
  const ch = new MessageChannel();
  const queue: (() => void)[] = [];
  ch.port1.onmessage = () => queue.shift()?.();
  // under Node (tests) an open port would keep the process alive
  (ch.port1 as { unref?: () => void }).unref?.();
  return (fn) => {
    queue.push(fn);
    ch.port2.postMessage(null);
  };
}

let after: ((fn: () => void) => void) | null = null;

const nextFrame: FrameScheduler = (flush) => {
  if (typeof requestAnimationFrame !== 'function') return void setTimeout(flush, 16);
  after ??= afterFrame();
  const run = after;
  requestAnimationFrame(() => run(flush));
};

/**
 * Taking a burst whole: while updates keep coming (the last one less than `quietMs` before the
 * frame), the flush waits for a later frame, up to `maxWaitMs` after the first queued one. A
 * writer's burst (hundreds of KV puts spread over a few frames) then costs one render, not one
 * per frame it spans; a steady stream is taken every `maxWaitMs`.
 */
export interface BurstOptions {
  quietMs: number;
  maxWaitMs: number;
  now?: () => number;
}

export class LiveBatcher {
  private queue: LiveUpdate[] = [];
  private scheduled = false;
  private closed = false;
  private firstAt = 0;
  private lastAt = 0;
  private readonly now: () => number;

  constructor(
    private readonly apply: (batch: readonly LiveUpdate[]) => void,
    private readonly schedule: FrameScheduler = nextFrame,
    private readonly burst: BurstOptions | null = null,
  ) {
    this.now = burst?.now ?? (() => performance.now());
  }

  push(u: LiveUpdate): void {
    if (this.closed) return;
    this.queue.push(u);
    if (this.burst) this.lastAt = this.now();
    if (this.scheduled) return;
    this.scheduled = true;
    this.firstAt = this.lastAt;
    this.schedule(() => this.onFrame());
  }

  private onFrame(): void {
    const b = this.burst;
    if (b && !this.closed) {
      const t = this.now();
      if (t - this.lastAt < b.quietMs && t - this.firstAt < b.maxWaitMs) return this.schedule(() => this.onFrame());
    }
    this.flush();
  }

  flush(): void {
    this.scheduled = false;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    this.apply(batch);
  }

  dispose(): void {
    this.closed = true;
    this.queue = [];
  }
}
