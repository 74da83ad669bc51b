// The single-editor lease (docs/contract.md, Lease): one clientId holds it for `ttlMs`, refreshed
// by its pings; another client gets `conflict` (holder, expiresAt) unless it takes over.
import { conflict, unauthorized } from '../../../shared/errors.js';
import { systemClock, type Clock } from '../../../shared/disposable.js';

export const DEFAULT_LEASE_TTL_MS = 10_000;

export interface LeaseState {
  holder: string;
  expiresAt: number;
}

export class Lease {
  private state: LeaseState | null = null;
  readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(opts: { ttlMs?: number; clock?: Clock } = {}) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.clock = opts.clock ?? systemClock;
  }

  /** The live lease, or null when nobody holds one. */
  current(): LeaseState | null {
    if (this.state && this.state.expiresAt <= this.clock.now()) this.state = null;
    return this.state ? { ...this.state } : null;
  }

  /** Takes or refreshes the lease for `clientId`; `conflict` when another client holds it. */
  acquire(clientId: string, takeover = false): LeaseState {
    const live = this.current();
    if (live && live.holder !== clientId && !takeover) {
      throw conflict(`lease held by '${live.holder}' until ${new Date(live.expiresAt).toISOString()}; pass takeover: true to evict it`, {
        holder: live.holder,
        expiresAt: live.expiresAt,
      });
    }
    this.state = { holder: clientId, expiresAt: this.clock.now() + this.ttlMs };
    return { ...this.state };
  }

  /** `unauthorized` unless `clientId` holds a live lease. */
  check(clientId: string): void {
    const live = this.current();
    if (!live) throw unauthorized(`no live lease: call ping first (client '${clientId}')`);
    if (live.holder !== clientId) throw unauthorized(`lease is held by '${live.holder}', not '${clientId}'`, { holder: live.holder, expiresAt: live.expiresAt });
  }

  /** Gives the lease up if `clientId` holds it. */
  release(clientId: string): void {
    if (this.state?.holder === clientId) this.state = null;
  }
}
