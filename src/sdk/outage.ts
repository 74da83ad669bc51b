// Riding out a NATS outage: KV writes that survive it (the connection's state comes from
// src/bus ConnectionWatch). A write that cannot reach the server (disconnected, JetStream not back yet,
// a timeout) is kept as the latest value for its key and written when the connection is back;
// nothing is lost but superseded values, and no caller gets a rejection for an outage.
import { F8Error } from '../shared/errors.js';
import type { Disposable } from '../shared/disposable.js';
import type { JsonKv } from '../shared/ports.js';

/** Errors an outage produces (as src/bus maps them); anything else is the caller's problem. */
export function isOutage(err: unknown): boolean {
  return err instanceof F8Error ? err.code === 'unavailable' || err.code === 'timeout' : /disconnect|closed|timeout|no responders|connection/i.test(String((err as Error)?.message ?? err));
}

export interface PendingPutsOptions {
  kv: JsonKv<unknown>;
  log(text: string): void;
  /** While false, writes are deferred at once (a request would only wait for its timeout). */
  connected?: () => boolean;
  /** Retry interval while writes are pending (default 500 ms). */
  retryMs?: number;
  setTimer?: (fn: () => void, ms: number) => { dispose(): void };
}

/**
 * KV puts that outlive an outage: `put` resolves (revision 0 when the write was deferred);
 * deferred values are coalesced per key (the latest wins) and retried until written.
 */
export class PendingPuts implements Disposable {
  private readonly pending = new Map<string, unknown>();
  private timer: { dispose(): void } | null = null;
  private flushing: Promise<void> | null = null;
  private disposed = false;
  /** Values superseded while waiting (coalesced away) and writes deferred, since the start. */
  coalesced = 0;
  deferred = 0;

  constructor(private readonly o: PendingPutsOptions) {}

  get size(): number {
    return this.pending.size;
  }

  async put(key: string, value: unknown): Promise<number> {
    if (this.pending.size > 0 || this.flushing || this.o.connected?.() === false) return this.defer(key, value);
    try {
      return await this.o.kv.put(key, value);
    } catch (err) {
      if (!isOutage(err)) throw err;
      this.o.log(`KV write of ${key} deferred until NATS is back: ${(err as Error).message}`);
      return this.defer(key, value);
    }
  }

  /** Writes everything pending now (after a reconnect); what still fails stays pending. */
  flush(): Promise<void> {
    // .finally runs after the assignment, even when drain() has nothing to await
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0 && !this.disposed && this.o.connected?.() !== false) {
      const [key, value] = this.pending.entries().next().value as [string, unknown];
      try {
        await this.o.kv.put(key, value);
      } catch (err) {
        if (isOutage(err)) return; // still out: the timer tries again
        this.o.log(`KV write of ${key} failed: ${(err as Error).message}`);
      }
      // a newer value may have arrived meanwhile: keep it
      if (this.pending.get(key) === value) this.pending.delete(key);
    }
    if (this.pending.size === 0) this.stopTimer();
  }

  private defer(key: string, value: unknown): number {
    if (this.pending.has(key)) this.coalesced++;
    this.pending.delete(key); // re-insert: flush order follows the latest write
    this.pending.set(key, value);
    this.deferred++;
    if (!this.timer && !this.disposed) {
      const set =
        this.o.setTimer ??
        ((fn, ms) => {
          const t = setInterval(fn, ms);
          t.unref?.();
          return { dispose: () => clearInterval(t) };
        });
      this.timer = set(() => void this.flush(), this.o.retryMs ?? 500);
    }
    return 0;
  }

  private stopTimer(): void {
    this.timer?.dispose();
    this.timer = null;
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimer();
  }
}
