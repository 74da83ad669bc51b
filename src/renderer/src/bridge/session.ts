// The editor's session with the master, over NATS WebSocket through src/bus: connect, hold the
// lease (ping every leaseTtlMs/3; a conflict makes this editor a viewer), watch the catalog
// (kv_f8_master_services) and the deployed graph (kv_f8_master/graph), and report the
// connection state. The only place the editor talks to NATS.
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, connectWs, masterClient, NatsKvProvider, type MasterClient } from '../../../bus/index';
import { F8Error } from '../../../shared/errors';
import { buckets, keys } from '../../../shared/naming';
import { validate } from '../../../shared/schemas';
import { DisposableStore, type Disposable } from '../../../shared/disposable';
import type { CatalogEntry, InstanceRecord, LeaseConflictPayload, OperatorSpec } from '../../../shared/types';
import type { EditorState } from '../store';

type Store = { getState(): EditorState };

export interface Session extends Disposable {
  master: MasterClient;
  nc: NatsConnection;
  /** Takes the lease from its holder. */
  takeOver(): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

async function watchCatalog(nc: NatsConnection, store: Store, owned: DisposableStore): Promise<void> {
  const kv = await new NatsKvProvider(nc).openExisting<unknown>(buckets.services);
  const entries = new Map<string, CatalogEntry>();
  let initial = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const publish = () => {
    timer = null;
    store.getState().setCatalog([...entries.values()]);
  };
  // Current values first; the listing is published once they are in, then on every change.
  const current = new Set(await kv.keys());
  owned.add(
    await kv.watch('>', (change) => {
      if (change.value === null) entries.delete(change.key);
      else {
        const r = validate<CatalogEntry>('catalog-entry', change.value);
        if (r.ok) entries.set(change.key, r.value);
        else console.warn(`catalog entry ${change.key} refused: ${r.message}`);
      }
      current.delete(change.key);
      if (initial && current.size > 0) return;
      initial = false;
      timer ??= setTimeout(publish, 30);
    }),
  );
  owned.defer(() => {
    if (timer) clearTimeout(timer);
  });
  if (current.size === 0 && initial) {
    initial = false;
    publish();
  }
}

async function watchDeployed(nc: NatsConnection, store: Store, owned: DisposableStore): Promise<void> {
  const kv = await new NatsKvProvider(nc).openExisting<unknown>(buckets.master);
  owned.add(
    await kv.watch(keys.graph, (change) => {
      const v = change.value;
      if (!isObject(v) || typeof v.revision !== 'number') return store.getState().setDeployed(null);
      const compiled = isObject(v.compiled) && isObject(v.compiled.subgraphs) ? { subgraphs: v.compiled.subgraphs } : null;
      store.getState().setDeployed({ revision: v.revision, compiled, ...(typeof v.deployedAt === 'string' ? { deployedAt: v.deployedAt } : {}) });
    }),
  );
}

/** Running engines report their operators (shipped plus plugins) at `catalog/operators` in their bucket. */
async function watchEngineOperators(nc: NatsConnection, store: Store, owned: DisposableStore): Promise<void> {
  const kvs = new NatsKvProvider(nc);
  const instances = await kvs.openExisting<unknown>(buckets.instances);
  const watches = new Map<string, Disposable>();
  const stop = (id: string) => {
    void watches.get(id)?.dispose();
    watches.delete(id);
    store.getState().setEngineOperators(id, '', null);
  };
  owned.defer(() => {
    for (const id of [...watches.keys()]) stop(id);
  });
  owned.add(
    await instances.watch('>', (change) => {
      const id = change.key;
      const r = change.value === null ? null : validate<InstanceRecord>('instance-record', change.value);
      const record = r && r.ok ? r.value : null;
      // the same rule as the master's deployer: registered and answering
      store.getState().setLive(id, !!record && record.runId !== '' && !['error', 'unresponsive', 'stopped'].includes(record.status));
      const isEngine = !!record && !!store.getState().catalogIndex.services.get(record.serviceClass)?.engine;
      if (!record || !isEngine || record.status === 'stopped') return stop(id);
      if (watches.has(id)) return;
      const cls = record.serviceClass;
      void kvs
        .openExisting<unknown>(buckets.instance(id))
        .then((kv) =>
          kv.watch(keys.operatorCatalog, (c) => {
            const specs = Array.isArray(c.value) ? (c.value as unknown[]).filter((x) => validate('operator-spec', x).ok) : null;
            store.getState().setEngineOperators(id, cls, specs as OperatorSpec[] | null);
          }),
        )
        .then((w) => {
          if (watches.has(id) || owned.isDisposed) return void w.dispose();
          watches.set(id, w);
        })
        .catch(() => {});
    }),
  );
}

function watchStatus(nc: NatsConnection, store: Store): void {
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') store.getState().setConnection('reconnecting');
      else if (s.type === 'reconnecting') store.getState().setConnection('reconnecting');
      else if (s.type === 'reconnect') store.getState().setConnection('connected');
      else if (s.type === 'close') store.getState().setConnection('disconnected');
    }
  })().catch(() => {});
}

export async function startSession(wsUrl: string, store: Store): Promise<Session> {
  const st = store.getState();
  st.setNatsUrl(wsUrl);
  st.setConnection('connecting');
  const owned = new DisposableStore();
  let nc: NatsConnection;
  try {
    nc = await connectWs(wsUrl, { name: `f8-editor-${st.clientId}` });
  } catch (err) {
    st.setConnection('error', (err as Error).message);
    throw err;
  }
  owned.defer(() => closeConnection(nc));
  watchStatus(nc, store);
  const master = masterClient(nc, st.clientId);
  let ttl = 10_000;
  const ping = async (takeover = false): Promise<void> => {
    try {
      const r = await master.call('ping', { clientId: st.clientId, ...(takeover ? { takeover: true } : {}) });
      ttl = r.leaseTtlMs;
      store.getState().setLease({ role: 'holder', holder: r.holder, expiresAt: r.expiresAt });
    } catch (err) {
      if (err instanceof F8Error && err.code === 'conflict' && isObject(err.payload)) {
        const p = err.payload as unknown as LeaseConflictPayload;
        store.getState().setLease({ role: 'viewer', holder: p.holder, expiresAt: p.expiresAt });
      } else if (err instanceof F8Error && (err.code === 'unavailable' || err.code === 'timeout')) {
        store.getState().setLease({ role: 'unknown', holder: null, expiresAt: null });
      }
    }
  };
  await ping();
  let timer: ReturnType<typeof setTimeout>;
  const loop = () => {
    timer = setTimeout(() => void ping().finally(loop), Math.max(500, ttl / 3));
  };
  loop();
  owned.defer(() => clearTimeout(timer));
  // Closing the editor gives the lease back (v1.1), so the next editor or CLI needs no takeover.
  owned.defer(async () => {
    if (store.getState().lease.role === 'holder') await master.call('ping', { clientId: st.clientId, release: true }, { timeoutMs: 1_000 }).catch(() => {});
  });
  try {
    await watchCatalog(nc, store, owned);
    await watchDeployed(nc, store, owned);
    await watchEngineOperators(nc, store, owned);
  } catch (err) {
    store.getState().notify('error', `could not read the master's catalog: ${(err as Error).message}`);
  }
  store.getState().setConnection('connected');
  return {
    master,
    nc,
    takeOver: () => ping(true),
    dispose: () => owned.dispose(),
  };
}
