// The master's side of least privilege: what each instance may do on the bus (its NATS account,
// src/main/nats/accounts.ts), kept up to date before it is launched, when a service started by
// hand registers, before each deployOpGraph that changes its half-edges, and revoked when it
// stops. The embedded server applies them (config reload); with an external server there is no
// authority and instances share the URL they were given.
import type { GrantKind, InstanceGrant } from '../nats/accounts.js';
import type { HalfEdge } from '../../shared/types.js';

export interface InstanceAuthority {
  instanceUrl(instanceId: string): string;
  setGrants(grants: readonly InstanceGrant[]): Promise<void>;
  /** The bytes JetStream may use for the store (null: cannot tell). */
  storeBytes?(): number | null;
}

const same = (a: InstanceGrant | undefined, b: InstanceGrant): boolean => !!a && a.kind === b.kind && JSON.stringify(a.halfEdges) === JSON.stringify(b.halfEdges);

/** The editor's nodes are compiled as one instance with this id (naming.ts EDITOR_INSTANCE_ID). */
export interface GrantsOptions {
  /** Which kind an id is now (launched by the master, registered by hand, the editor's nodes). */
  kindOf(instanceId: string): GrantKind;
}

export class Grants {
  private readonly map = new Map<string, InstanceGrant>();
  private pending: { change: () => boolean; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private draining = false;

  constructor(
    private readonly authority: InstanceAuthority | undefined,
    private readonly opts: GrantsOptions = { kindOf: () => 'launched' },
  ) {}

  get enabled(): boolean {
    return !!this.authority;
  }

  url(instanceId: string): string | undefined {
    return this.authority?.instanceUrl(instanceId);
  }

  /** Grants each instance what its half-edges need (one reload for the lot; nothing when unchanged). */
  grant(list: readonly { instanceId: string; halfEdges?: readonly HalfEdge[] }[]): Promise<void> {
    return this.apply(() => {
      let changed = false;
      for (const { instanceId, halfEdges } of list) {
        const g: InstanceGrant = { instanceId, kind: this.opts.kindOf(instanceId), halfEdges: [...(halfEdges ?? this.map.get(instanceId)?.halfEdges ?? [])] };
        if (same(this.map.get(instanceId), g)) continue;
        this.map.set(instanceId, g);
        changed = true;
      }
      return changed;
    });
  }

  revoke(ids: readonly string[]): Promise<void> {
    return this.apply(() => ids.map((id) => this.map.delete(id)).some(Boolean));
  }

  /**
   * Changes are batched: while one reload runs, the changes that arrive wait and go together in
   * the next one (a deploy that starts 20 instances reloads nats-server twice, not 20 times; each
   * reload of nats-server 2.9.10 briefly leaves JetStream without responders).
   */
  private apply(change: () => boolean): Promise<void> {
    if (!this.authority) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ change, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    const authority = this.authority;
    if (this.draining || !authority) return;
    this.draining = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0);
        let changed = false;
        for (const b of batch) changed = b.change() || changed;
        try {
          if (changed) await authority.setGrants([...this.map.values()]);
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
