// Operator cook times: each call's own time (the time spent pulling upstream outputs, which are
// timed calls too, is excluded), with the count, mean and p95 of the recent calls per node.
const RECENT = 128;

export interface CookTime {
  nodeId: string;
  calls: number;
  meanMs: number;
  p95Ms: number;
}

export class CookTimes {
  private readonly byNode = new Map<string, { calls: number; sumMs: number; recent: number[] }>();
  /** Time of the timed calls made inside the current one (its children). */
  private childMs = 0;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Runs operator code for `nodeId`, recording its self time. */
  time<T>(nodeId: string, fn: () => T): T {
    const t0 = this.clock();
    const outer = this.childMs;
    this.childMs = 0;
    try {
      return fn();
    } finally {
      const total = this.clock() - t0;
      const self = Math.max(0, total - this.childMs);
      this.childMs = outer + total;
      let c = this.byNode.get(nodeId);
      if (!c) this.byNode.set(nodeId, (c = { calls: 0, sumMs: 0, recent: [] }));
      c.calls++;
      c.sumMs += self;
      c.recent.push(self);
      if (c.recent.length > RECENT) c.recent.shift();
    }
  }

  /** Since start, for the nodes `alive` says still exist, sorted by nodeId. */
  report(alive: (nodeId: string) => boolean): CookTime[] {
    return [...this.byNode.entries()]
      .filter(([id]) => alive(id))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([nodeId, c]) => {
        const sorted = [...c.recent].sort((x, y) => x - y);
        return { nodeId, calls: c.calls, meanMs: c.calls ? c.sumMs / c.calls : 0, p95Ms: (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] as number | undefined) ?? 0 };
      });
  }
}
