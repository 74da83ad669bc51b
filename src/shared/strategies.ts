// Receiver-side rate strategies for cross-instance data (CONTRACT.md "Edges"): what a consumer
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

export function createReceiver(opts: ReceiverOptions): Receiver {
  const size = Math.max(1, opts.queueSize ?? 64);
  const dropOld = opts.dropOld ?? true;
  const timeout = expiresUnder(opts.strategy, opts.timeoutMs) ? (opts.timeoutMs as number) : undefined;
  /** Arrival order, oldest first (a ring: a full queue drops its oldest in O(1)). */
  const buf = new Fifo<Held>(Math.min(size, 64));
  let received = 0;
  let delivered = 0;
  let dropped = 0;
  let superseded = 0;

  /** Values older than timeoutMs leave; one nobody read is a drop. */
  const evict = (now: number) => {
    if (timeout === undefined) return;
    for (let s = buf.at(0); s && now - s.ts > timeout; s = buf.at(0)) {
      if (!s.seen) dropped++;
      buf.shift();
    }
  };
  /** A newer value replaces `s`: if nobody read it, it is superseded (taken through the newer one). */
  const replaced = (s: Held | undefined) => {
    if (s && !s.seen) {
      superseded++;
      delivered++;
    }
  };
  const see = (s: Held) => {
    if (!s.seen) {
      s.seen = true;
      delivered++;
    }
  };
  const impl = pick();
  return {
    strategy: opts.strategy,
    push(value, now) {
      received++;
      evict(now);
      impl.push(value, now);
    },
    read(now) {
      evict(now);
      return impl.read(now);
    },
    size: () => buf.length,
    get dropped() {
      return dropped;
    },
    counts(now) {
      if (now !== undefined) evict(now);
      let queued = 0;
      for (const s of buf) if (!s.seen) queued++;
      return { received, delivered, dropped, superseded, queued };
    },
  };

  function pick(): { push(value: unknown, now: number): void; read(now: number): Read } {
    switch (opts.strategy) {
      case 'latest':
      case 'hold':
      case 'repeat':
        // the last value, read as often as the consumer likes; latest forgets it after timeoutMs
        return {
          push(value, now) {
            replaced(buf.at(0));
            buf.clear();
            buf.push({ value, ts: now, seen: false });
          },
          read() {
            const last = buf.at(0);
            if (!last) return NONE;
            see(last);
            return { has: true, value: last.value };
          },
        };
      case 'queue':
        return {
          push(value, now) {
            if (buf.length >= size) {
              dropped++; // the oldest (dropOld) or this one: either way a value nobody will read
              if (!dropOld) return;
              buf.shift();
            }
            buf.push({ value, ts: now, seen: false });
          },
          read() {
            const first = buf.shift();
            if (!first) return NONE;
            delivered++;
            return { has: true, value: first.value };
          },
        };
      case 'average':
        return {
          push(value, now) {
            if (!isNum(value)) {
              dropped++;
              return;
            }
            buf.push({ value, ts: now, seen: false });
            if (buf.length > size) replaced(buf.shift());
          },
          read() {
            if (!buf.length) return NONE;
            let sum = 0;
            for (const s of buf) {
              sum += s.value as number;
              see(s);
            }
            return { has: true, value: sum / buf.length };
          },
        };
      case 'interpolate':
        // Linear interpolation between the last two samples, played back one producer interval
        // late so the consumer sees a continuous ramp instead of steps.
        return {
          push(value, now) {
            if (!isNum(value)) {
              dropped++;
              return;
            }
            buf.push({ value, ts: now, seen: false });
            if (buf.length > 2) replaced(buf.shift());
          },
          read(now) {
            const b = buf.at(buf.length - 1);
            if (!b) return NONE;
            const a = buf.at(buf.length - 2);
            see(b);
            if (!a || b.ts <= a.ts) return { has: true, value: b.value };
            see(a);
            const span = b.ts - a.ts;
            const t = Math.min(1, Math.max(0, (now - span - a.ts) / span));
            return { has: true, value: (a.value as number) + ((b.value as number) - (a.value as number)) * t };
          },
        };
    }
  }
}
