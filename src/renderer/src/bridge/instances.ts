// The running instances as the editor sees them: the registry (kv_f8_master_instances) and, per
// instance, its own bucket (status/summary, the applied graph, live state entries, an engine's
// catalog/operators). What it reads goes to a sink: the store's frame batcher on the page, or
// the live worker's posts to the page (live-feed.ts). Needs nothing of the page, so it runs in
// either.
import type { KvProvider } from '../../../shared/ports';
import { buckets, keys } from '../../../shared/naming';
import { validate } from '../../../shared/schemas';
import type { DisposableStore } from '../../../shared/disposable';
import { type Disposable } from '../../../shared/disposable';
import type { InstanceRecord, OperatorSpec, StateEntry, StatusSummary } from '../../../shared/types';
import type { LiveUpdate } from '../store/live';

/** Where the watches' findings go. */
export interface LiveSink {
  push(u: LiveUpdate): void;
  /**
   * The operators an instance's bucket lists (valid ones; null: none or gone). `serviceClass` is
   * its record's class ('' when the instance went away): the page keeps them only for an engine.
   */
  operators(instanceId: string, serviceClass: string, specs: OperatorSpec[] | null): void;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One instance's bucket: every key the editor shows, through one watch. */
async function watchBucket(kvs: KvProvider, id: string, cls: string, sink: LiveSink): Promise<Disposable> {
  const kv = await kvs.openExisting<unknown>(buckets.instance(id));
  return kv.watch('>', (c) => {
    if (c.key === keys.statusSummary) {
      const r = c.value === null ? null : validate<StatusSummary>('status-summary', c.value);
      sink.push({ type: 'summary', id, summary: r && r.ok ? r.value : null });
    } else if (c.key === keys.graph) {
      sink.push({ type: 'applied', id, etag: isObject(c.value) && typeof c.value.etag === 'string' ? c.value.etag : null });
    } else if (c.key === keys.operatorCatalog) {
      const specs = Array.isArray(c.value) ? (c.value as unknown[]).filter((x) => validate('operator-spec', x).ok) : null;
      sink.operators(id, cls, specs as OperatorSpec[] | null);
    } else {
      const k = keys.parseState(c.key);
      if (!k) return;
      const r = c.value === null ? null : validate<StateEntry>('state-entry', c.value);
      sink.push({ type: 'state', id, nodeId: k.nodeId, field: k.field, entry: r && r.ok ? r.value : null });
    }
  });
}

/** Watches the registry and each registered instance's bucket until disposed. */
export async function watchInstances(kvs: KvProvider, sink: LiveSink, owned: DisposableStore): Promise<void> {
  const registry = await kvs.openExisting<unknown>(buckets.instances);
  const watches = new Map<string, { cls: string; runId: string; w: Promise<Disposable | null> }>();
  const stop = (id: string) => {
    const cur = watches.get(id);
    if (!cur) return;
    watches.delete(id);
    void cur.w.then((w) => w?.dispose());
    sink.operators(id, '', null);
  };
  owned.defer(() => {
    for (const id of [...watches.keys()]) stop(id);
  });
  owned.add(
    await registry.watch('>', (change) => {
      const id = change.key;
      const r = change.value === null ? null : validate<InstanceRecord>('instance-record', change.value);
      const record = r && r.ok ? r.value : null;
      sink.push({ type: 'record', id, record });
      if (!record) {
        stop(id);
        sink.push({ type: 'summary', id, summary: null });
        sink.push({ type: 'stats', id, stats: null });
        return;
      }
      const cur = watches.get(id);
      // a new process (runId) may come with a recreated bucket: watch it afresh
      if (cur && cur.cls === record.serviceClass && (cur.runId === record.runId || record.runId === '')) return;
      if (cur) stop(id);
      const w = watchBucket(kvs, id, record.serviceClass, sink).catch(() => null);
      watches.set(id, { cls: record.serviceClass, runId: record.runId, w });
      void w.then((d) => {
        if (owned.isDisposed || watches.get(id)?.w !== w) void d?.dispose();
      });
    }),
  );
}
