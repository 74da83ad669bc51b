// Who may steer an instance: activate, deactivate, setState and cmd are taken from the master
// and the current lease holder only (CONTRACT.md security rules). The master writes the holder
// to kv_f8_master key `lease` when it changes; the instance watches it. A clientId can be
// claimed, so this is a consistency rule on top of the server's permissions: it keeps a stale
// or second editor from steering what the holder runs. An instance that never saw a lease
// record (run by hand, without a master) accepts any caller.
import type { KvProvider } from '../shared/ports.js';
import { unauthorized } from '../shared/errors.js';
import { buckets, keys, MASTER_CLIENT_ID } from '../shared/naming.js';
import type { Disposable } from '../shared/disposable.js';

export class LeaseGate implements Disposable {
  private known = false;
  private holder: string | null = null;
  private watch: Disposable | null = null;
  private closed = false;

  /** Starts watching; resolves once the current value (if any) is in. A missing bucket is retried later. */
  async start(kvs: KvProvider, retryMs = 2_000): Promise<void> {
    const kv = await kvs.openExisting<unknown>(buckets.master).catch(() => null);
    if (this.closed) return;
    if (!kv) {
      const t = setTimeout(() => void this.start(kvs, retryMs), retryMs);
      this.watch = { dispose: () => clearTimeout(t) };
      return;
    }
    const first = await kv.get(keys.lease).catch(() => null);
    if (first) this.set(first.value);
    const w = await kv.watch(keys.lease, (c) => this.set(c.value));
    if (this.closed) return void w.dispose();
    this.watch = w;
  }

  private set(v: unknown): void {
    this.known = true;
    const h = v && typeof v === 'object' ? (v as { holder?: unknown }).holder : null;
    this.holder = typeof h === 'string' && h !== '' ? h : null;
  }

  /** `unauthorized` unless the caller is the master or holds the lease. */
  check(clientId: string, verb: string): void {
    if (clientId === MASTER_CLIENT_ID || !this.known || clientId === this.holder) return;
    throw unauthorized(`${verb}: '${clientId}' does not hold the lease${this.holder ? ` (${this.holder} does)` : ' (nobody does: ping the master first)'}`, this.holder ? { holder: this.holder } : null);
  }

  dispose(): void {
    this.closed = true;
    void this.watch?.dispose();
  }
}
