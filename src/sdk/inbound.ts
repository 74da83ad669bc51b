// One input half-edge of an instance, as its consumer takes it (docs/data-edges.md):
// - pull (the service has no onData, e.g. the engine): values wait in the edge's receiver
//   (shared/strategies.ts) until `ctx.read` takes them, with the strategy's semantics;
// - push (the service has onData): every value goes to the handler as it arrives. Only while an
//   async handler is still running on an earlier value do values wait, as the strategy says: a
//   queue keeps up to queueSize of them in order (dropping when full), every other strategy keeps
//   only the newest (the ones it replaces are superseded). timeoutMs drops a value that waited
//   too long (not under hold / repeat).
// Either way received = delivered + dropped + queued.
import { createReceiver, expiresUnder, keepsNewest, type InputCounts, type Read, type Receiver, type Sample } from '../shared/strategies.js';
import type { HalfEdge } from '../shared/types.js';
import { Fifo } from '../shared/fifo.js';

/** Calls the service's handler; returns a promise (that never rejects) when it is still running. */
export type PushHandler = (value: unknown) => PromiseLike<unknown> | void;

export interface Input {
  /** A value arrived at `now`. */
  accept(value: unknown, now: number): void;
  /** What `ctx.read` returns at `now`. */
  read(now: number): Read;
  counts(now: number): InputCounts;
  /** The edge is unwired: a handler still running delivers nothing more. */
  close(): void;
}

const NONE: Read = { has: false };

export class PullInput implements Input {
  private readonly receiver: Receiver;

  constructor(edge: HalfEdge) {
    this.receiver = createReceiver({ strategy: edge.strategy, queueSize: edge.queueSize, dropOld: edge.dropOld, ...(edge.timeoutMs !== undefined ? { timeoutMs: edge.timeoutMs } : {}) });
  }

  accept(value: unknown, now: number): void {
    this.receiver.push(value, now);
  }

  read(now: number): Read {
    return this.receiver.read(now);
  }

  counts(now: number): InputCounts {
    return this.receiver.counts(now);
  }

  close(): void {}
}

export class PushInput implements Input {
  private received = 0;
  private delivered = 0;
  private dropped = 0;
  private superseded = 0;
  /** Values that arrived while the handler was busy, oldest first (a ring: no Array.shift). */
  private readonly waiting = new Fifo<Sample>(8);
  private busy = false;
  private closed = false;
  /** The value last handed to the handler (what ctx.read returns in a push service); no object per message. */
  private hasLast = false;
  private lastValue: unknown;
  private readonly size: number;
  private readonly dropOld: boolean;
  private readonly keepNewest: boolean;
  private readonly timeout: number | undefined;
  private readonly done = () => {
    this.busy = false;
    if (this.closed) return;
    this.expire(this.now());
    // values that waited go in order until the handler is busy again (a synchronous return is not)
    for (let next = this.waiting.shift(); next; next = this.busy ? undefined : this.waiting.shift()) this.deliver(next.value);
  };

  constructor(
    edge: HalfEdge,
    private readonly handler: PushHandler,
    private readonly now: () => number,
  ) {
    this.size = Math.max(1, edge.queueSize ?? 64);
    this.dropOld = edge.dropOld ?? true;
    this.keepNewest = keepsNewest(edge.strategy);
    this.timeout = expiresUnder(edge.strategy, edge.timeoutMs) ? edge.timeoutMs : undefined;
  }

  accept(value: unknown, now: number): void {
    this.received++;
    if (!this.busy) return this.deliver(value);
    this.expire(now);
    if (this.keepNewest) {
      if (this.waiting.length) {
        this.superseded++;
        this.delivered++;
      }
      this.waiting.clear();
      this.waiting.push({ value, ts: now });
      return;
    }
    if (this.waiting.length >= this.size) {
      this.dropped++;
      if (!this.dropOld) return;
      this.waiting.shift();
    }
    this.waiting.push({ value, ts: now });
  }

  read(): Read {
    return this.hasLast ? { has: true, value: this.lastValue } : NONE;
  }

  counts(now: number): InputCounts {
    this.expire(now);
    return { received: this.received, delivered: this.delivered, dropped: this.dropped, superseded: this.superseded, queued: this.waiting.length };
  }

  close(): void {
    this.closed = true;
    this.waiting.clear();
  }

  private deliver(value: unknown): void {
    this.delivered++;
    this.hasLast = true;
    this.lastValue = value;
    const running = this.handler(value);
    if (running && typeof running.then === 'function') {
      this.busy = true;
      running.then(this.done, this.done);
    }
  }

  private expire(now: number): void {
    const t = this.timeout;
    if (t === undefined) return;
    for (let s = this.waiting.at(0); s && now - s.ts > t; s = this.waiting.at(0)) {
      this.dropped++;
      this.waiting.shift();
    }
  }
}
