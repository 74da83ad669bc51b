// Live updates arrive one message at a time; the store takes them once per animation frame, so
// a burst of KV changes and stats replies costs one render.
import type { LiveUpdate } from '../store/live';

export type FrameScheduler = (flush: () => void) => void;

const nextFrame: FrameScheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
};

export class LiveBatcher {
  private queue: LiveUpdate[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly apply: (batch: readonly LiveUpdate[]) => void,
    private readonly schedule: FrameScheduler = nextFrame,
  ) {}

  push(u: LiveUpdate): void {
    if (this.closed) return;
    this.queue.push(u);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
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
