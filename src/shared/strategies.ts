// Receiver-side rate strategies for cross-instance data (docs/contract.md, The data plane): what a consumer
// that reads an input (`ctx.read`, once per tick in the engine) sees when producer and consumer
// run at different rates. Pure: time is passed in. docs/data-edges.md explains the strategies
// and the counters.
//
// Accounting: every pushed value ends in exactly one of
//   delivered  a read returned it (or, for average/interpolate, used it), or a newer value
//              replaced it under a strategy that keeps only the newest (also counted superseded);
//   dropped    the consumer never saw it: a full queue pushed it out or refused it, it went stale
//              (timeoutMs) before any read, or it was not a number (average, interpolate);
//   queued     held now, not read yet;
// so received = delivered + dropped + queued at every moment.
import type { Strategy } from './types.js';
import { Fifo } from './fifo.js';

export interface Sample {
  value: unknown;
  /** Arrival time (ms) on the receiver's clock. */
  ts: number;
}

export interface ReceiverOptions {
  strategy: Strategy;
  /** Bound of the queue, and the window of `average` (default 64). */
  queueSize?: number;
  /** `queue`: drop the oldest when full (default true), else refuse the newest. */
  dropOld?: boolean;
  /** Samples older than this are evicted (`hold` / `repeat` keep the last value regardless). */
  timeoutMs?: number;
}

/** The outcome of one read: no value, or a value. */
export type Read = { has: false } | { has: true; value: unknown };

/** Per-edge counters; received = delivered + dropped + queued. */
export interface InputCounts {
  /** Values that arrived. */
  received: number;
  /** Values the consumer took (superseded ones included). */
  delivered: number;
  /** Values the consumer never saw. */
  dropped: number;
  /** Of `delivered`: values a newer one replaced before any read (latest, hold, repeat, average, interpolate). */
  superseded: number;
  /** Values held that no read has taken yet. */
  queued: number;
}

const NONE: Read = { has: false };

export interface Receiver {
  readonly strategy: Strategy;
  push(value: unknown, now: number): void;
  /** The value the consumer sees at `now` (one read per tick). */
  read(now: number): Read;
  /** Samples currently held, read or not (for tests). */
  size(): number;
  /** Values the consumer never saw (see InputCounts). */
  readonly dropped: number;
  /** The counters; with `now`, values stale at `now` are evicted (and counted) first. */
  counts(now?: number): InputCounts;
}

interface Held extends Sample {
  seen: boolean;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Whether a strategy keeps only the newest value(s), replacing older ones (a replaced value is superseded, not dropped). */
export const keepsNewest = (s: Strategy): boolean => s !== 'queue';

/** Whether timeoutMs evicts values under a strategy (hold and repeat keep the last value regardless). */
export const expiresUnder = (s: Strategy, timeoutMs: number | undefined): boolean => s !== 'hold' && s !== 'repeat' && timeoutMs !== undefined && timeoutMs > 0;

/** The samples a receiver holds, in arrival order, and the counters every strategy keeps. */
class Holding {
  /** Arrival order, oldest first (a ring: a full queue drops its oldest in O(1)). */
  readonly buf: Fifo<Held>;
  received = 0;
  delivered = 0;
  dropped = 0;
  superseded = 0;

  constructor(
    capacity: number,
    private readonly timeout: number | undefined,
  ) {
    this.buf = new Fifo<Held>(capacity);
  }

  /** Values older than timeoutMs leave; one nobody read is a drop. */
  evict(now: number): void {
    if (this.timeout === undefined) return;
    for (let s = this.buf.at(0); s && now - s.ts > this.timeout; s = this.buf.at(0)) {
      if (!s.seen) this.dropped++;
      this.buf.shift();
    }
  }

  /** A newer value replaces `s`: if nobody read it, it is superseded (taken through the newer one). */
  replaced(s: Held | undefined): void {
    if (s && !s.seen) {
      this.superseded++;
      this.delivered++;
    }
  }

  see(s: Held): void {
    if (!s.seen) {
      s.seen = true;
      this.delivered++;
    }
  }

  /** average and interpolate: a number joins the window of the `keep` newest (the oldest leaves, superseded); anything else is dropped. */
  pushNumber(value: unknown, now: number, keep: number): void {
    if (!isNum(value)) {
      this.dropped++;
      return;
    }
    this.buf.push({ value, ts: now, seen: false });
    if (this.buf.length > keep) this.replaced(this.buf.shift());
  }
}

/** What a strategy does with a value that arrives and with a read. */
interface StrategyRule {
  push(value: unknown, now: number): void;
  read(now: number): Read;
}

/** latest, hold, repeat: the last value, read as often as the consumer likes; latest forgets it after timeoutMs. */
function lastValue(h: Holding): StrategyRule {
  return {
    push(value, now) {
      h.replaced(h.buf.at(0));
      h.buf.clear();
      h.buf.push({ value, ts: now, seen: false });
    },
    read() {
      const last = h.buf.at(0);
      if (!last) return NONE;
      h.see(last);
      return { has: true, value: last.value };
    },
  };
}

/** queue: each value read once, in order; a full queue drops its oldest (dropOld) or refuses the newest. */
function queue(h: Holding, size: number, dropOld: boolean): StrategyRule {
  return {
    push(value, now) {
      if (h.buf.length >= size) {
        h.dropped++; // the oldest (dropOld) or this one: either way a value nobody will read
        if (!dropOld) return;
        h.buf.shift();
      }
      h.buf.push({ value, ts: now, seen: false });
    },
    read() {
      const first = h.buf.shift();
      if (!first) return NONE;
      h.delivered++;
      return { has: true, value: first.value };
    },
  };
}

/** average: the mean of the last `size` numbers. */
function average(h: Holding, size: number): StrategyRule {
  return {
    push: (value, now) => h.pushNumber(value, now, size),
    read() {
      if (!h.buf.length) return NONE;
      let sum = 0;
      for (const s of h.buf) {
        sum += s.value as number;
        h.see(s);
      }
      return { has: true, value: sum / h.buf.length };
    },
  };
}

/**
 * interpolate: linear interpolation between the last two samples, played back one producer
 * interval late so the consumer sees a continuous ramp instead of steps.
 */
function interpolate(h: Holding): StrategyRule {
  return {
    push: (value, now) => h.pushNumber(value, now, 2),
    read(now) {
      const b = h.buf.at(h.buf.length - 1);
      if (!b) return NONE;
      const a = h.buf.at(h.buf.length - 2);
      h.see(b);
      if (!a || b.ts <= a.ts) return { has: true, value: b.value };
      h.see(a);
      const span = b.ts - a.ts;
      const t = Math.min(1, Math.max(0, (now - span - a.ts) / span));
      return { has: true, value: (a.value as number) + ((b.value as number) - (a.value as number)) * t };
    },
  };
}

function ruleOf(strategy: Strategy, h: Holding, size: number, dropOld: boolean): StrategyRule {
  switch (strategy) {
    case 'latest':
    case 'hold':
    case 'repeat':
      return lastValue(h);
    case 'queue':
      return queue(h, size, dropOld);
    case 'average':
      return average(h, size);
    case 'interpolate':
      return interpolate(h);
  }
}

export function createReceiver(opts: ReceiverOptions): Receiver {
  const size = Math.max(1, opts.queueSize ?? 64);
  const dropOld = opts.dropOld ?? true;
  const timeout = expiresUnder(opts.strategy, opts.timeoutMs) ? (opts.timeoutMs as number) : undefined;
  const h = new Holding(Math.min(size, 64), timeout);
  const rule = ruleOf(opts.strategy, h, size, dropOld);
  return {
    strategy: opts.strategy,
    push(value, now) {
      h.received++;
      h.evict(now);
      rule.push(value, now);
    },
    read(now) {
      h.evict(now);
      return rule.read(now);
    },
    size: () => h.buf.length,
    get dropped() {
      return h.dropped;
    },
    counts(now) {
      if (now !== undefined) h.evict(now);
      let queued = 0;
      for (const s of h.buf) if (!s.seen) queued++;
      return { received: h.received, delivered: h.delivered, dropped: h.dropped, superseded: h.superseded, queued };
    },
  };
}
