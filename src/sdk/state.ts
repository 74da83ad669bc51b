// An instance's state in its KV bucket (`nodes.<nodeId>.state.<field>` entries): loaded at
// start, own defaults seeded, outside writes watched (own echoes ignored), writes skipped when
// the value is unchanged, and cross-instance state edges fed from a watch of the source key
// (re-opened when the source bucket is missing or recreated).
import { canonicalJson } from '../shared/hash.js';
import { keys } from '../shared/naming.js';
import { validate } from '../shared/schemas.js';
import type { Disposable } from '../shared/disposable.js';
import type { JsonKv, KvProvider } from '../shared/ports.js';
import type { HalfEdge, StateEntry, StateFieldSpec } from '../shared/types.js';

/** State entries read at once when an instance starts (its own bucket; an engine may have hundreds). */
const LOAD_AT_ONCE = 32;

export interface StateChange {
  nodeId: string;
  field: string;
  value: unknown;
  entry: StateEntry;
}

export interface InstanceStateOptions {
  kv: JsonKv<unknown>;
  /** Writes a key (default kv.put); the host's survives NATS outages. */
  put?: (key: string, value: unknown) => Promise<number>;
  /** Opens other instances' buckets (state edges). */
  buckets: KvProvider;
  actor: () => string;
  now: () => number;
  onChange: (change: StateChange) => void;
  /** Delay before a state-edge watch is opened again. */
  reopenMs?: number;
}

function asEntry(value: unknown): StateEntry | null {
  const r = validate<StateEntry>('state-entry', value);
  return r.ok ? r.value : null;
}

export class InstanceState {
  private readonly entries = new Map<string, StateEntry>();
  private edgeWatches: Disposable[] = [];
  private ownWatch: Disposable | null = null;

  constructor(private readonly o: InstanceStateOptions) {}

  get(nodeId: string, field: string): StateEntry | undefined {
    return this.entries.get(keys.state(nodeId, field));
  }

  /** Entries sorted by key, optionally of one node: `{"<nodeId>.<field>": entry}`. */
  snapshot(nodeId?: string): Record<string, StateEntry> {
    const out: Record<string, StateEntry> = {};
    for (const [k, e] of [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const parsed = keys.parseState(k);
      if (!parsed || (nodeId !== undefined && parsed.nodeId !== nodeId)) continue;
      out[`${parsed.nodeId}.${parsed.field}`] = e;
    }
    return out;
  }

  async load(): Promise<void> {
    const all = await this.o.kv.keys(keys.stateWatch());
    // the gets go out together (a few at a time), not one round trip after another
    for (let i = 0; i < all.length; i += LOAD_AT_ONCE) {
      await Promise.all(
        all.slice(i, i + LOAD_AT_ONCE).map(async (k) => {
          const e = await this.o.kv.get(k).catch(() => null);
          const entry = e ? asEntry(e.value) : null;
          if (entry) this.entries.set(k, entry);
        }),
      );
    }
  }

  /** Seeds the service's own defaults that have no entry yet (create: a concurrent seed wins). */
  async seedDefaults(instanceId: string, fields: StateFieldSpec[]): Promise<void> {
    for (const f of fields) {
      const key = keys.state(instanceId, f.name);
      if (this.entries.has(key) || f.default === undefined) continue;
      const entry: StateEntry = { value: f.default, source: 'topology', actor: this.o.actor(), ts: this.o.now() };
      try {
        await this.o.kv.create(key, entry);
        this.entries.set(key, entry);
      } catch {
        // someone seeded it meanwhile; the watch brings it
      }
    }
  }

  /** Watches writes by others (editor via another path, the master's seeding). */
  async watchOwn(): Promise<void> {
    this.ownWatch = await this.o.kv.watch(
      keys.stateWatch(),
      (change) => {
        // own echoes (every write of its own comes back) are dropped before the schema check
        if (change.value === null || (change.value as { actor?: unknown }).actor === this.o.actor()) return;
        const entry = asEntry(change.value);
        if (!entry) return; // malformed
        const parsed = keys.parseState(change.key);
        if (!parsed) return;
        this.entries.set(change.key, entry);
        this.o.onChange({ ...parsed, value: entry.value, entry });
      },
      { updatesOnly: true },
    );
  }

  /** Writes an entry unless the value is unchanged (returns 0 then); notifies when `notify`. */
  async write(nodeId: string, field: string, value: unknown, source: StateEntry['source'], actor: string, notify: boolean): Promise<number> {
    const key = keys.state(nodeId, field);
    const prior = this.entries.get(key);
    if (prior && canonicalJson(prior.value) === canonicalJson(value)) return 0;
    const entry: StateEntry = { value, source, actor, ts: this.o.now() };
    this.entries.set(key, entry);
    const revision = await (this.o.put ? this.o.put(key, entry) : this.o.kv.put(key, entry));
    if (notify) this.o.onChange({ nodeId, field, value, entry });
    return revision;
  }

  /** Deletes a field's entry (a reset field that has no default). */
  async remove(nodeId: string, field: string): Promise<void> {
    const key = keys.state(nodeId, field);
    if (!this.entries.delete(key)) return;
    await this.o.kv.delete(key);
  }

  /** Cross-instance state edges: watch each source key and copy it into the local field. */
  wireEdges(halfEdges: HalfEdge[]): void {
    this.unwireEdges();
    for (const e of halfEdges) {
      if (e.kind !== 'state' || e.direction !== 'in' || !e.bucket || !e.key) continue;
      this.edgeWatches.push(this.followRemote(e.bucket, e.key, (value) => void this.write(e.local.nodeId, e.local.port, value, 'topology', this.o.actor(), true).catch(() => {})));
    }
  }

  private unwireEdges(): void {
    for (const w of this.edgeWatches) void w.dispose();
    this.edgeWatches = [];
  }

  private followRemote(bucket: string, key: string, onValue: (v: unknown) => void): Disposable {
    let stopped = false;
    let current: Disposable | null = null;
    const loop = async (): Promise<void> => {
      while (!stopped) {
        try {
          const kv = await this.o.buckets.openExisting(bucket);
          if (stopped) break;
          const w = await kv.watch(key, (change) => {
            const entry = change.value === null ? null : asEntry(change.value);
            if (entry) onValue(entry.value);
          });
          current = w;
          if (stopped) await w.dispose();
          await w.ended;
        } catch {
          // bucket missing or recreated: try again
        }
        if (!stopped) await new Promise((r) => setTimeout(r, this.o.reopenMs ?? 500));
      }
    };
    void loop();
    return {
      dispose: async () => {
        stopped = true;
        await current?.dispose();
      },
    };
  }

  async dispose(): Promise<void> {
    this.unwireEdges();
    await this.ownWatch?.dispose();
    this.ownWatch = null;
  }
}
