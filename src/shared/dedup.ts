// msgId dedup: a repeat of (verb, clientId, msgId) within the window gets the first reply byte for
// byte, and the effect happens once; a repeat during the first run waits for the same reply.
import { systemClock, type Clock } from './disposable.js';

export const DEFAULT_DEDUP_WINDOW_MS = 120_000;

interface Entry {
  reply: Promise<Uint8Array>;
  expiresAt: number;
}

export class DedupCache {
  private readonly entries = new Map<string, Entry>();
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly maxEntries: number;

  constructor(opts: { windowMs?: number; clock?: Clock; maxEntries?: number } = {}) {
    this.windowMs = opts.windowMs ?? DEFAULT_DEDUP_WINDOW_MS;
    this.clock = opts.clock ?? systemClock;
    this.maxEntries = opts.maxEntries ?? 100_000;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * One request: the verb, the calling account (as the server stamped it; '' when none), the
   * clientId it claims and its msgId (contract v1.2). Without the verb, a msgId reused on another
   * verb got that verb's cached reply and nothing was done; without the account, one identity
   * could replay another's msgId and get its reply.
   */
  static key(verb: string, account: string, clientId: string, msgId: string): string {
    return `${verb}\u0000${account}\u0000${clientId}\u0000${msgId}`;
  }

  /** Runs `produce` once per key within the window; repeats share its reply. */
  run(key: string, produce: () => Promise<Uint8Array>): Promise<Uint8Array> {
    this.sweep();
    const hit = this.entries.get(key);
    if (hit) return hit.reply;
    const reply = produce();
    const entry: Entry = { reply, expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    // The window starts when the reply is known.
    reply.then(
      () => {
        entry.expiresAt = this.clock.now() + this.windowMs;
      },
      () => {
        this.entries.delete(key);
      },
    );
    return reply;
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
    // Bound memory: drop the oldest finished entries (Map keeps insertion order).
    if (this.entries.size > this.maxEntries) {
      for (const [key, entry] of this.entries) {
        if (this.entries.size <= this.maxEntries) break;
        if (entry.expiresAt !== Number.POSITIVE_INFINITY) this.entries.delete(key);
      }
    }
  }
}
