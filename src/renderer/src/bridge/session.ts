// The editor's session with the master, over NATS WebSocket through src/bus: connect, hold the
// lease (ping every leaseTtlMs/3; a conflict makes this editor a viewer), watch the catalog
// (kv_f8_master_services) and the deployed graph (kv_f8_master/graph), and report the
// connection state. With the live feed's worker (live-feed.ts, started here), the only place
// the editor talks to NATS.
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, connectWs, discoverStorePrefix, instanceClient, masterClient, NatsTransport, ViewKvProvider, type InstanceClient, type MasterClient } from '../../../bus/index';
import type { KvProvider } from '../../../shared/ports';
import { F8Error } from '../../../shared/errors';
import { buckets, keys, NATS_USERS, subjects } from '../../../shared/naming';
import { validate } from '../../../shared/schemas';
import { DisposableStore, type Disposable } from '../../../shared/disposable';
import type { CatalogEntry, HalfEdge, LeaseConflictPayload, ServiceGraph } from '../../../shared/types';
import { LiveBatcher } from './batch';
import { previewTaps } from './preview-taps';
import { EditorRuntime } from './editor-runtime';
import type { LiveSink } from './instances';
import { followLive, type LiveVia, type LiveWorker } from './live-client';
import { createLiveWorker } from '../workers/live';
import { readMasterEvent } from './master-events';
import { followLogs } from './logs';
import { pollStats } from './stats';
import type { EditorState } from '../store';
import type { Streams } from '../store/release';

type Store = { getState(): EditorState; subscribe(listener: (s: EditorState, prev: EditorState) => void): () => void };

export interface Session extends Disposable {
  master: MasterClient;
  nc: NatsConnection;
  /** Takes the lease from its holder. */
  takeOver(): Promise<void>;
  /** A typed client of one instance (with this editor's clientId as actor). */
  instance(instanceId: string): InstanceClient;
  /** Backlog, then live lines, into the editor's log buffer of the instance. */
  followLogs(instanceId: string): Disposable;
  /** Publishes an editor node's output (slider, toggle, button); false when it is not deployed. */
  publish(nodeId: string, port: string, value: unknown): boolean;
  /** Where the live feed (registry and instance buckets) runs: its worker, or the page. */
  liveVia: LiveVia | null;
}

export interface SessionOptions {
  /** The instances whose stats to ask about once a second. */
  statsWanted?: () => Iterable<string>;
  /** The editor's password on the embedded server (EDITOR_URL's #token=). */
  token?: string;
  /** Creates the live feed's worker (default: a Worker where the page has them; null: on the page). */
  liveWorker?: () => LiveWorker | null;
}

/** Live updates: a burst still arriving is taken whole, at most 50 ms after its first update. */
const LIVE_BURST = { quietMs: 4, maxWaitMs: 50 };

function watchDeployEvents(nc: NatsConnection, batch: LiveBatcher, owned: DisposableStore): void {
  owned.add(
    new NatsTransport(nc).subscribe(subjects.deployEvents, (data) => {
      const e = readMasterEvent('deploy-event', data);
      if (e) batch.push({ type: 'phase', revision: e.revision, id: e.instanceId, phase: e.phase, ...(e.error !== undefined ? { error: e.error } : {}) });
    }),
  );
}

/** System events that report a recovery (a notice); the others are troubles (an error). */
const RECOVERIES: ReadonlySet<string> = new Set(['nats-restarted', 'jetstream-available']);

/** The master's own troubles and recoveries (nats-server restarted): a notice, so nobody wonders why the graph blinked. */
function watchSystemEvents(nc: NatsConnection, store: Store, owned: DisposableStore): void {
  owned.add(
    new NatsTransport(nc).subscribe(subjects.systemEvents, (data) => {
      const e = readMasterEvent('system-event', data);
      if (e) store.getState().notify(RECOVERIES.has(e.kind) ? 'info' : 'error', e.message);
    }),
  );
}

/** The live feed's findings: updates to the frame batcher, an engine's operators to the catalog. */
function liveSink(store: Store, batch: LiveBatcher): LiveSink {
  const isEngine = (cls: string) => !!store.getState().catalogIndex.services.get(cls)?.engine;
  return {
    push: (u) => batch.push(u),
    operators(id, cls, specs) {
      if (cls !== '' && !isEngine(cls)) return; // '' is an instance gone: its operators go
      store.getState().setEngineOperators(id, cls, specs);
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

async function watchCatalog(kvs: KvProvider, store: Store, owned: DisposableStore): Promise<void> {
  const kv = await kvs.openExisting<unknown>(buckets.services);
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

async function watchDeployed(kvs: KvProvider, store: Store, owned: DisposableStore): Promise<void> {
  const kv = await kvs.openExisting<unknown>(buckets.master);
  let first = true;
  owned.add(
    await kv.watch(keys.graph, (change) => {
      const v = change.value;
      if (!isObject(v) || typeof v.revision !== 'number') return store.getState().setDeployed(null);
      const compiled = isObject(v.compiled) && isObject(v.compiled.subgraphs) ? { subgraphs: v.compiled.subgraphs } : null;
      const editor = isObject(v.compiled) && isObject(v.compiled.editor) && Array.isArray(v.compiled.editor.halfEdges) ? (v.compiled.editor.halfEdges as HalfEdge[]) : [];
      // a fresh editor (empty document) opens what runs
      if (first && isObject(v.graph) && store.getState().graph.nodes.length === 0 && !store.getState().dirty) {
        const g = validate<ServiceGraph>('service-graph', v.graph);
        if (g.ok) {
          store.getState().load(structuredClone(g.value), null);
          store.getState().setBaseRevision(v.revision);
        }
      }
      first = false;
      store.getState().clearFailures(v.revision);
      store.getState().setDeployed({
        revision: v.revision,
        compiled,
        editorHalfEdges: editor,
        ...(isObject(v.graph) ? { graph: v.graph as unknown as ServiceGraph } : {}),
        ...(typeof v.deployedAt === 'string' ? { deployedAt: v.deployedAt } : {}),
        ...(typeof v.deployedBy === 'string' ? { deployedBy: v.deployedBy } : {}),
      });
    }),
  );
}

function watchStatus(nc: NatsConnection, store: Store, onReconnect: () => void): void {
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') store.getState().setConnection('reconnecting');
      else if (s.type === 'reconnecting') store.getState().setConnection('reconnecting');
      else if (s.type === 'reconnect') {
        store.getState().setConnection('connected');
        onReconnect();
      } else if (s.type === 'close') store.getState().setConnection('disconnected');
    }
  })().catch(() => {});
}

/**
 * Holds the lease: pings every leaseTtlMs/3 (every second while the master is away), follows who
 * holds it (a conflict makes this editor a viewer) and whether the master answers, pings at once
 * after a reconnect, and gives the lease back when the session closes. Returns "take over".
 */
async function holdLease(nc: NatsConnection, master: MasterClient, store: Store, clientId: string, owned: DisposableStore): Promise<() => Promise<void>> {
  let ttl = 10_000;
  const ping = async (takeover = false): Promise<void> => {
    const before = store.getState();
    try {
      const r = await master.call('ping', { clientId, ...(takeover ? { takeover: true } : {}) }, { timeoutMs: 2_000 });
      ttl = r.leaseTtlMs;
      if (typeof r.maxInstances === 'number') store.getState().setMaxInstances(r.maxInstances);
      store.getState().setLease({ role: 'holder', holder: r.holder, expiresAt: r.expiresAt });
      // read the state after the await: several pings may have been in flight while it was away
      if (!store.getState().masterReachable) {
        store.getState().setMasterReachable(true);
        if (!before.masterReachable) store.getState().notify('info', 'the master is back: this editor holds the lease again');
      }
    } catch (err) {
      if (err instanceof F8Error && err.code === 'conflict' && isObject(err.payload)) {
        const p = err.payload as unknown as LeaseConflictPayload;
        store.getState().setLease({ role: 'viewer', holder: p.holder, expiresAt: p.expiresAt });
        if (!before.masterReachable) store.getState().setMasterReachable(true);
        if (before.lease.role === 'holder') store.getState().notify('error', 'another editor took over the lease: this editor is now a viewer (Take over to get it back)');
      } else if (err instanceof F8Error && (err.code === 'unavailable' || err.code === 'timeout')) {
        store.getState().setLease({ role: 'unknown', holder: null, expiresAt: null });
        store.getState().setMasterReachable(false);
      }
    }
  };
  await ping();
  let timer: ReturnType<typeof setTimeout>;
  const loop = () => {
    // while the master is away, ask every second: the editor recovers as soon as it is back
    timer = setTimeout(() => void ping().finally(loop), store.getState().masterReachable ? Math.max(500, ttl / 3) : 1_000);
  };
  loop();
  watchStatus(nc, store, () => {
    clearTimeout(timer);
    void ping().finally(loop);
  });
  owned.defer(() => clearTimeout(timer));
  // Closing the editor gives the lease back (v1.1), so the next editor or CLI needs no takeover.
  owned.defer(async () => {
    if (store.getState().lease.role === 'holder') await master.call('ping', { clientId, release: true }, { timeoutMs: 1_000 }).catch(() => {});
  });
  return () => ping(true);
}

/** Starts the editor's session: `editor` is its store and the buffers live data flows into. */
export async function startSession(wsUrl: string, editor: Streams & { store: Store }, opts: SessionOptions = {}): Promise<Session> {
  const { store } = editor;
  const st = store.getState();
  st.setNatsUrl(wsUrl);
  st.setConnection('connecting');
  const owned = new DisposableStore();
  let nc: NatsConnection;
  try {
    // noAsyncTraces: no Error (and its stack) built up front for each request (stats polls many)
    nc = await connectWs(wsUrl, { name: `f8-editor-${st.clientId}`, noAsyncTraces: true, ...(opts.token ? { user: NATS_USERS.editor, pass: opts.token } : {}) });
  } catch (err) {
    st.setConnection('error', (err as Error).message);
    throw err;
  }
  owned.defer(() => closeConnection(nc));
  const master = masterClient(nc, st.clientId);
  const takeOver = await holdLease(nc, master, store, st.clientId, owned);
  const batch = new LiveBatcher((b) => store.getState().applyLive(b), undefined, LIVE_BURST);
  owned.add(batch);
  const runtime = new EditorRuntime(nc, editor.series);
  owned.add(runtime);
  watchDeployEvents(nc, batch, owned);
  watchSystemEvents(nc, store, owned);
  let liveVia: LiveVia | null = null;
  try {
    // the editor creates no consumers: it reads buckets by request/reply and their republished writes
    const apiPrefix = await discoverStorePrefix(nc, buckets.services);
    const kvs = new ViewKvProvider(nc, { apiPrefix });
    await watchCatalog(kvs, store, owned);
    await watchDeployed(kvs, store, owned);
    const start = { wsUrl, name: `f8-editor-${st.clientId}-live`, apiPrefix, ...(opts.token ? { token: opts.token } : {}) };
    liveVia = await followLive(kvs, liveSink(store, batch), owned, { start, createWorker: opts.liveWorker ?? createLiveWorker });
  } catch (err) {
    store.getState().notify('error', `could not read the master's catalog: ${(err as Error).message}`);
  }
  // the editor nodes' subjects follow the deployed compilation
  // (and a new plot on a port whose values already travel on the bus taps them before a deploy)
  const syncRuntime = () => {
    const s = store.getState();
    const deployedEditor = s.deployed?.editorHalfEdges ?? [];
    runtime.sync([...deployedEditor, ...previewTaps(s.graph, s.deployed?.compiled ?? null, deployedEditor)]);
  };
  syncRuntime();
  owned.defer(store.subscribe((s, prev) => (s.deployed !== prev.deployed || s.graph !== prev.graph) && syncRuntime()));
  const running = () => [...(store.getState().liveInstances ?? [])];
  owned.add(pollStats(nc, st.clientId, batch, { wanted: opts.statsWanted ?? running }));
  const clients = new Map<string, InstanceClient>();
  store.getState().setConnection('connected');
  return {
    master,
    nc,
    takeOver,
    instance(id) {
      let c = clients.get(id);
      // one re-send of a timed-out request, same msgId (the instance dedups it): a nats-server
      // reload of the accounts (each deploy that changes half-edges) drops what crosses in that instant
      if (!c) clients.set(id, (c = instanceClient(nc, id, st.clientId, { defaults: { attempts: 2 } })));
      return c;
    },
    followLogs: (id) => followLogs(nc, master, editor.logs, id),
    publish: (nodeId, port, value) => runtime.publish(nodeId, port, value),
    liveVia,
    dispose: () => owned.dispose(),
  };
}
