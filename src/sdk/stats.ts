// The instance verb `stats` (contract v1.1): process CPU and memory, tick figures for engines,
// per input and output counters with rates over about the last second, handler errors. The
// counters are plain increments on the hot path; rates and percentages are computed here, when
// asked, from the previous answer.
import type { InstanceStats } from '../shared/verbs.js';
import type { BusCounters } from './bus.js';

/** Tick figures an engine keeps: count, mean, p95 of the last ticks, overruns. */
export class TickTimes {
  count = 0;
  overruns = 0;
  private sum = 0;
  private readonly recent: number[] = [];

  record(ms: number, budgetMs: number): void {
    this.count++;
    this.sum += ms;
    if (ms > budgetMs) this.overruns++;
    this.recent.push(ms);
    if (this.recent.length > 256) this.recent.shift();
  }

  snapshot(): NonNullable<InstanceStats['tick']> {
    const sorted = [...this.recent].sort((a, b) => a - b);
    const p95 = sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] as number) : 0;
    return { count: this.count, meanMs: this.count ? this.sum / this.count : 0, p95Ms: p95, overruns: this.overruns };
  }
}

interface Sample {
  at: number;
  cpuMicros: number;
  received: Map<string, number>;
  published: Map<string, number>;
}

export class StatsKeeper {
  handlerErrors = 0;
  /** Log lines that could not be written (a full disk). */
  logWriteErrors = 0;
  private last: Sample | null = null;
  private readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  snapshot(bus: BusCounters, extra: Pick<InstanceStats, 'tick' | 'operators'> = {}): InstanceStats {
    const at = this.now();
    const cpu = process.cpuUsage();
    const cpuMicros = cpu.user + cpu.system;
    const prev = this.last;
    const dt = prev ? Math.max(1, at - prev.at) : Math.max(1, at - this.startedAt);
    // a counter that went down was reset (its edge re-created by a reconfigure): count from zero
    const rate = (n: number, before: number | undefined) => ((before === undefined || n < before ? n : n - before) * 1000) / dt;
    const mem = process.memoryUsage();
    const out: InstanceStats = {
      ts: at,
      uptimeMs: at - this.startedAt,
      pid: process.pid,
      cpuPercent: Math.max(0, ((cpuMicros - (prev?.cpuMicros ?? 0)) / 1000 / dt) * 100),
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      inputs: bus.inputs.map((i) => ({ ...i, ratePerS: rate(i.received, prev?.received.get(i.edgeId)) })),
      outputs: bus.outputs.map((o) => ({ ...o, ratePerS: rate(o.published, prev?.published.get(o.subject)) })),
      handlerErrors: this.handlerErrors,
      ...(extra.tick ? { tick: extra.tick } : {}),
      ...(extra.operators ? { operators: extra.operators } : {}),
    };
    this.last = { at, cpuMicros, received: new Map(bus.inputs.map((i) => [i.edgeId, i.received])), published: new Map(bus.outputs.map((o) => [o.subject, o.published])) };
    return out;
  }
}
