// Who may steer an instance: activate, deactivate, setState and cmd are taken from the master
// and the current lease holder only (docs/security.md); deployOpGraph and terminate
// from the master alone. The master writes the holder to kv_f8_master key `lease` when it
// changes; the instance watches it.
//
// On the embedded server every identity has its own NATS account, and a request that crosses
// accounts carries the caller's account, stamped by the server (src/shared/caller.ts): the
// master's account (CTL) may do everything, the editor's (ED) may steer when the clientId it
// sends holds the lease (two editor tabs differ by clientId alone), nobody else may. Without
// accounts (F8_NATS_URL) a clientId is a claim, and this is a consistency rule only: it keeps a
// stale or second editor from steering what the holder runs. An instance that never saw a lease
// record (run by hand, without a master) accepts any caller.
import type { KvProvider } from '../shared/ports.js';
import { unauthorized } from '../shared/errors.js';
import { ACCOUNT, buckets, keys, MASTER_CLIENT_ID } from '../shared/naming.js';
import type { Caller } from '../shared/caller.js';
import type { Disposable } from '../shared/disposable.js';

export class LeaseGate implements Disposable {
  private known = false;
  private holder: string | null = null;
  private watch: Disposable | null = null;
  private closed = false;
  /** Callers are known by account (the embedded server): set once the store is found behind its imports. */
  accounts = false;

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
  check(clientId: string, verb: string, caller: Caller): void {
    if (this.accounts) {
      if (caller.account === ACCOUNT.control) return;
      if (caller.account !== ACCOUNT.editor) throw unauthorized(`${verb}: ${who(caller)} may not steer this instance (the master and the editor holding the lease may)`);
      if (this.known && clientId === this.holder) return;
    } else if (clientId === MASTER_CLIENT_ID || !this.known || clientId === this.holder) return;
    throw unauthorized(
      `${verb}: '${clientId}' does not hold the lease${this.holder ? ` (${this.holder} does)` : ' (nobody does: ping the master first)'}`,
      this.holder ? { holder: this.holder } : null,
    );
  }

  /** `unauthorized` unless the master's account sent it (deployOpGraph, terminate); anyone without accounts. */
  masterOnly(verb: string, caller: Caller): void {
    if (this.accounts && caller.account !== ACCOUNT.control) throw unauthorized(`${verb}: only the master may ${verb} an instance, not ${who(caller)}`);
  }

  dispose(): void {
    this.closed = true;
    void this.watch?.dispose();
  }
}

const who = (caller: Caller): string => (caller.account === null ? "a caller in this instance's own account" : `the ${caller.account} account`);
