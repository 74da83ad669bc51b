// Receiver-side rate strategies for cross-instance data (CONTRACT.md "Edges"): what a consumer
// sees when producer and consumer run at different rates. Pure: time is passed in.
import type { Strategy } from './types.js';

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

const NONE: Read = { has: false };

export interface Receiver {
  readonly strategy: Strategy;
  push(value: unknown, now: number): void;
  /** The value the consumer sees at `now` (one read per tick). */
  read(now: number): Read;
  /** Samples currently held (for tests and stats). */
  size(): number;
  /** Samples dropped because the queue was full. */
  readonly dropped: number;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function createReceiver(opts: ReceiverOptions): Receiver {
  const size = Math.max(1, opts.queueSize ?? 64);
  const dropOld = opts.dropOld ?? true;
  const timeout = opts.timeoutMs;
  const fresh = (s: Sample, now: number) => timeout === undefined || timeout <= 0 || now - s.ts <= timeout;
  let buf: Sample[] = [];
  let dropped = 0;
  const evict = (now: number) => {
    if (timeout !== undefined && timeout > 0) buf = buf.filter((s) => fresh(s, now));
  };
  const impl = pick();
  return {
    strategy: opts.strategy,
    push: impl.push,
    read: impl.read,
    size: () => buf.length,
    get dropped() {
      return dropped;
    },
  };

  function pick(): Pick<Receiver, 'push' | 'read'> {
    switch (opts.strategy) {
      case 'latest':
        return {
          push(value, now) {
            buf = [{ value, ts: now }];
          },
          read(now) {
            evict(now);
            const last = buf[buf.length - 1];
            return last ? { has: true, value: last.value } : NONE;
          },
        };
      case 'hold':
      case 'repeat':
        return {
          push(value, now) {
            buf = [{ value, ts: now }];
          },
          read() {
            const last = buf[buf.length - 1];
            return last ? { has: true, value: last.value } : NONE;
          },
        };
      case 'queue':
        return {
          push(value, now) {
            if (buf.length >= size) {
              dropped++;
              if (!dropOld) return;
              buf.shift();
            }
            buf.push({ value, ts: now });
          },
          read(now) {
            evict(now);
            const first = buf.shift();
            return first ? { has: true, value: first.value } : NONE;
          },
        };
      case 'average':
        return {
          push(value, now) {
            if (!isNum(value)) return;
            buf.push({ value, ts: now });
            if (buf.length > size) buf.shift();
          },
          read(now) {
            evict(now);
            if (!buf.length) return NONE;
            let sum = 0;
            for (const s of buf) sum += s.value as number;
            return { has: true, value: sum / buf.length };
          },
        };
      case 'interpolate':
        // Linear interpolation between the last two samples, played back one producer interval
        // late so the consumer sees a continuous ramp instead of steps.
        return {
          push(value, now) {
            if (!isNum(value)) return;
            buf.push({ value, ts: now });
            if (buf.length > 2) buf.shift();
          },
          read(now) {
            evict(now);
            const b = buf[buf.length - 1];
            if (!b) return NONE;
            const a = buf[buf.length - 2];
            if (!a || b.ts <= a.ts) return { has: true, value: b.value };
            const span = b.ts - a.ts;
            const t = Math.min(1, Math.max(0, (now - span - a.ts) / span));
            return { has: true, value: (a.value as number) + ((b.value as number) - (a.value as number)) * t };
          },
        };
    }
  }
}
