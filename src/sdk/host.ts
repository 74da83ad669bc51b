// ServiceHost: everything a service process needs to take part in an f8studio graph.
// A service declares its manifest and handlers; the host connects, registers with the master
// (retrying while it is not up), serves a NATS micro service named by its instanceId with the
// instance verbs, keeps state in the instance bucket, wires the data bus from the applied
// subgraph and writes status/summary on every lifecycle change.
import { writeSync } from 'node:fs';
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, ConnectionWatch, discoverStorePrefix, masterClient, NatsTransport, ViewKvProvider } from '../bus/index.js';
import { connectNode } from '../bus/node.js';
import { F8Error } from '../shared/errors.js';
import { buckets, instanceInbox, keys, runTag, STORE_API_PREFIX } from '../shared/naming.js';
import { INSTANCE_BUCKET_MAX_BYTES } from '../shared/limits.js';
import { verbHandlers, type Handler } from '../shared/rpc.js';
import { shortHash } from '../shared/hash.js';
import { DisposableStore } from '../shared/disposable.js';
import { INSTANCE_VERB_INFO, type InstanceVerb, type InstanceVerbMap } from '../shared/verbs.js';
import type { JsonKv } from '../shared/ports.js';
import type { LifecycleStatus, Manifest, SetStateRequest, StatusSummary } from '../shared/types.js';
import { DataBus } from './bus.js';
import { readConfig, type ServiceConfig } from './config.js';
import { InstanceState, type StateChange } from './state.js';
import { StatsKeeper } from './stats.js';
import { MasterLink } from './master-link.js';
import { LeaseGate } from './lease-gate.js';
import { checkStateWrite, type FieldLookup } from './checks.js';
import { AppliedGraph } from './applied-graph.js';
import { makeContext, type ContextHost } from './context.js';
import { PendingPuts } from './outage.js';
import { runCommand, serveInstanceVerbs } from './instance-verbs.js';
import { loadManifest } from './manifest.js';

import type { HostOptions, ServiceContext, ServiceDefinition } from './types.js';

export type { StateChange };
export type { ServiceContext, ServiceDefinition, HostOptions } from './types.js';

export class ServiceHost {
  readonly manifest: Manifest;
  readonly config: ServiceConfig;
  readonly runId = shortHash(globalThis.crypto.randomUUID(), 16);
  instanceId = '';
  private nc!: NatsConnection;
  private transport!: NatsTransport;
  private kv!: JsonKv<unknown>;
  private state!: InstanceState;
  private readonly store = new DisposableStore();
  private readonly gate = new LeaseGate();
  private status: LifecycleStatus = 'starting';
  private lastError: string | undefined;
  /** The status an `error` from ctx.fail() replaced (clearError goes back to it). */
  private beforeError: LifecycleStatus | undefined;
  /** The subgraph it runs (deployOpGraph). */
  private graph: AppliedGraph | undefined;
  private bus!: DataBus;
  private readonly statsKeeper: StatsKeeper;
  private link!: MasterLink;
  private conn!: ConnectionWatch;
  private puts!: PendingPuts;
  /** Data publishes dropped while NATS was unreachable (core NATS is at-most-once; not buffered). */
  private droppedOffline = 0;
  private stopping: Promise<void> | null = null;
  private readonly now: () => number;
  readonly ctx: ServiceContext;

  constructor(
    readonly def: ServiceDefinition,
    readonly opts: HostOptions = {},
  ) {
    this.config = { ...readConfig(opts.env ?? process.env, opts.env ? [] : process.argv.slice(2)), ...opts.config };
    this.manifest = loadManifest(def.manifest, this.config.manifestHash);
    this.now = opts.now ?? Date.now;
    this.statsKeeper = new StatsKeeper(this.now);
    this.ctx = makeContext(this.contextHost());
  }

  get actor(): string {
    return this.config.actorId ?? this.instanceId;
  }

  get masterReachable(): boolean {
    return this.link?.reachable ?? false;
  }

  // ------------------------------------------------------------ startup

  async start(): Promise<this> {
    // launched by the master under its own NATS user: replies come only to its own inbox prefix
    // noAsyncTraces: no Error (with its stack) built up front for every request (each KV write is one)
    const inbox = this.config.serviceId ? { inboxPrefix: instanceInbox(this.config.serviceId) } : {};
    this.nc = await connectNode(this.config.natsUrl, { name: `f8-${this.manifest.serviceClass}`, noAsyncTraces: true, ...inbox });
    this.transport = new NatsTransport(this.nc);
    this.store.defer(() => closeConnection(this.nc));
    this.conn = new ConnectionWatch(this.nc, {
      onDisconnect: () => this.log('NATS connection lost; reconnecting (state writes are kept, data publishes dropped)'),
      onReconnect: () => void this.connectionBack(),
      onClosed: (err) => this.connectionClosed(err),
    });
    this.store.add(this.conn);
    this.link = new MasterLink({
      transport: this.transport,
      master: (id) => masterClient(this.nc, id),
      manifest: this.manifest,
      runId: this.runId,
      now: this.now,
      masterTimeoutMs: this.config.masterTimeoutMs,
      ...(this.opts.registerBackoffMs !== undefined ? { registerBackoffMs: this.opts.registerBackoffMs } : {}),
      stopping: () => !!this.stopping,
      onBack: () => this.writeStatus(this.status),
      log: (m) => this.log(m),
    });
    this.store.add(this.link);
    this.instanceId = await this.link.register(this.instanceId || this.config.serviceId);
    // no consumers: buckets are read by request/reply and their republished writes (a bucket's
    // consumer could be pointed anywhere: docs/security.md); writes to its own go through KV
    const own = this.config.bucket ?? buckets.instance(this.instanceId);
    const apiPrefix = await discoverStorePrefix(this.nc, own);
    this.gate.accounts = apiPrefix === STORE_API_PREFIX; // the embedded server: callers are known by account
    const kvs = new ViewKvProvider(this.nc, { apiPrefix });
    this.kv = await kvs.open(own, { maxBytes: INSTANCE_BUCKET_MAX_BYTES });
    this.puts = new PendingPuts({ kv: this.kv, log: (m) => this.log(m), connected: () => this.conn.connected });
    this.store.add(this.puts);
    await this.writeStatus('starting');
    this.state = new InstanceState({
      kv: this.kv,
      put: (k, v) => this.puts.put(k, v),
      buckets: kvs,
      actor: () => this.actor,
      now: this.now,
      onChange: (change) => {
        try {
          this.settled(this.def.onState?.(this.ctx, change), 'onState', change.nodeId, change.field);
        } catch (err) {
          this.handlerFailed(err, 'onState', change.nodeId, change.field);
        }
      },
    });
    this.store.defer(() => this.state.dispose());
    this.store.add(this.gate);
    await Promise.all([this.gate.start(kvs), this.state.load()]);
    await this.state.seedDefaults(this.instanceId, this.manifest.stateFields ?? []);
    await this.state.watchOwn();
    // a service with onData takes every input value through it (push); one without reads its
    // inputs with ctx.read through each edge's strategy (pull): docs/data-edges.md
    this.bus = new DataBus(
      this.transport,
      this.now,
      this.def.onData &&
        ((nodeId, port, value) => {
          // the data bus's hot path: no closure or label built per message (but for an async handler)
          try {
            const r = this.def.onData?.(this.ctx, nodeId, port, value) as unknown;
            if (r && typeof (r as PromiseLike<unknown>).then === 'function') return (r as PromiseLike<unknown>).then(undefined, (err: unknown) => this.handlerFailed(err, 'onData', nodeId, port));
          } catch (err) {
            this.handlerFailed(err, 'onData', nodeId, port);
          }
        }),
      (m) => this.log(m),
    );
    this.store.defer(() => this.bus.clear());
    this.graph = this.appliedGraph();
    await this.graph.restore();
    this.link.observe();
    await this.serve();
    await this.def.onStart?.(this.ctx);
    await this.writeStatus('deactivated');
    this.log(`ready as ${this.instanceId} (run ${runTag(this.runId)})`);
    return this;
  }

  /** The subgraph it runs, restored from its bucket at start and replaced by each deployOpGraph. */
  private appliedGraph(): AppliedGraph {
    const { instanceId, manifest, def, ctx, bus, state, kv } = this;
    return new AppliedGraph({
      ...{ instanceId, manifest, def, ctx, bus, state, kv },
      actor: () => this.actor,
      masterReachable: () => this.masterReachable,
      fields: () => this.fields(),
      writeStatus: () => this.writeStatus(this.status),
      log: (t) => this.log(t),
    });
  }

  private async serve(): Promise<void> {
    const served = await serveInstanceVerbs({
      nc: this.nc,
      transport: this.transport,
      instanceId: this.instanceId,
      runId: this.runId,
      manifest: this.manifest,
      handlers: this.handlers(),
      onError: (err, v) => {
        this.statsKeeper.handlerErrors++;
        this.log(`verb ${v}: ${(err as Error).message}`);
      },
    });
    for (const d of served) this.store.add(d);
  }

  // ------------------------------------------------------------ verbs

  private handlers(): Record<InstanceVerb, Handler<null>> {
    return verbHandlers<InstanceVerbMap, null>(INSTANCE_VERB_INFO, {
      activate: async (_c, _p, req, caller) => {
        this.gate.check(req.clientId, 'activate', caller);
        await this.setActivated(true);
        return { status: this.status };
      },
      deactivate: async (_c, _p, req, caller) => {
        this.gate.check(req.clientId, 'deactivate', caller);
        await this.setActivated(false);
        return { status: this.status };
      },
      terminate: (_c, _p, _req, caller) => {
        this.gate.masterOnly('terminate', caller);
        setTimeout(() => void this.shutdown('terminate verb'), 10);
        return {};
      },
      status: () => this.summary(),
      stats: () => this.statsKeeper.snapshot(this.bus.counters(), this.def.stats?.(this.ctx) ?? {}),
      deployOpGraph: (_c, p, _req, caller) => (this.gate.masterOnly('deployOpGraph', caller), this.graph!.deploy(p)),
      setState: (_c, p, req, caller) => (this.gate.check(req.clientId, 'setState', caller), this.setStateVerb(p, req.clientId)),
      stateSnapshot: (_c, p) => ({ entries: this.state.snapshot(p.nodeId) }),
      cmd: async (_c, p, req, caller) => {
        this.gate.check(req.clientId, 'cmd', caller);
        return await runCommand(this.manifest, this.def, this.ctx, p, (err) => this.handlerFailed(err, 'command', this.instanceId, p.command));
      },
    });
  }

  private async setActivated(on: boolean): Promise<void> {
    if (this.status === 'terminating') throw new F8Error('conflict', 'instance is terminating');
    if (on && this.status !== 'activated') {
      await this.writeStatus('activated');
      try {
        await this.def.onActivate?.(this.ctx);
      } catch (err) {
        if (!(err instanceof F8Error)) this.handlerFailed(err, 'onActivate', this.instanceId, 'activate');
        await this.writeStatus('deactivated');
        throw err;
      }
    } else if (!on && this.status === 'activated') {
      await this.writeStatus('deactivated');
      try {
        await this.def.onDeactivate?.(this.ctx);
      } catch (err) {
        this.handlerFailed(err, 'onDeactivate', this.instanceId, 'deactivate');
      }
    }
  }

  // ------------------------------------------------------------ state

  private fields(): FieldLookup {
    return { instanceId: this.instanceId, manifest: this.manifest, ...(this.def.resolveField ? { resolveField: (n: string, f: string) => this.def.resolveField?.(n, f) } : {}) };
  }

  private async setStateVerb(p: SetStateRequest, clientId: string): Promise<{ revision: number }> {
    checkStateWrite(this.fields(), p, this.graph?.subgraph ?? null, this.status);
    const revision = await this.state.write(p.nodeId, p.field, p.value, 'editor', clientId, true);
    return { revision };
  }

  // ------------------------------------------------------------ status

  /**
   * A user handler's throw or rejected promise is logged with the instance and handler and
   * counted (stats.handlerErrors); it never reaches the NATS subscription that delivered it.
   */
  private handlerFailed(err: unknown, handler: string, nodeId: string, name: string): void {
    this.statsKeeper.handlerErrors++;
    this.log(`${this.instanceId}: ${handler} ${nodeId}.${name} failed: ${(err as Error)?.message ?? String(err)}`);
  }

  private settled(result: unknown, handler: string, nodeId: string, name: string): void {
    if (result && typeof (result as Promise<unknown>).catch === 'function') (result as Promise<unknown>).catch((err: unknown) => this.handlerFailed(err, handler, nodeId, name));
  }

  summary(): StatusSummary {
    const s: StatusSummary = { status: this.status, graphRevision: this.graph?.revision ?? null, ts: this.now() };
    if (this.graph?.subgraph) s.graphEtag = this.graph.subgraph.etag;
    if (this.lastError !== undefined) s.lastError = this.lastError;
    return s;
  }

  private async writeStatus(status: LifecycleStatus, lastError?: string): Promise<void> {
    this.status = status;
    if (lastError !== undefined) this.lastError = lastError;
    else if (status !== 'error') this.lastError = undefined;
    await (this.puts ? this.puts.put(keys.statusSummary, this.summary()) : this.kv.put(keys.statusSummary, this.summary())).catch((err: unknown) =>
      this.log(`status write failed: ${(err as Error).message}`),
    );
  }

  // ------------------------------------------------------------ NATS outage

  /** Back after an outage: pending KV writes flushed, the status written again. */
  private async connectionBack(): Promise<void> {
    const dropped = this.droppedOffline;
    this.droppedOffline = 0;
    this.log(`NATS connection back${dropped ? ` (${dropped} data publishes dropped meanwhile)` : ''}; writing ${this.puts?.size ?? 0} pending state values and the status`);
    await this.puts?.flush();
    if (this.kv) await this.writeStatus(this.status);
  }

  /** Closed for good (auth refused, reconnects given up): exit so the master starts a fresh process. */
  private connectionClosed(err: Error | undefined): void {
    if (this.stopping) return;
    this.log(`NATS connection closed for good${err ? `: ${err.message}` : ''}; exiting so the master restarts this instance`);
    this.stopping = Promise.resolve();
    void this.store
      .dispose()
      .catch(() => {})
      .then(() => {
        if (this.opts.exitProcess) process.exit(1);
      });
  }

  // ------------------------------------------------------------ context

  private log(text: string): void {
    try {
      // synchronous and caught: a full disk under the log file must not take the service down
      writeSync(2, `${new Date().toISOString()} ${this.instanceId || this.manifest.serviceClass} ${text}\n`);
    } catch {
      this.statsKeeper.logWriteErrors++;
    }
  }

  private contextHost(): ContextHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the context's getters read the host
    const host = this;
    return {
      get instanceId() {
        return host.instanceId;
      },
      get manifest() {
        return host.manifest;
      },
      get status() {
        return host.status;
      },
      get subgraph() {
        return host.graph?.subgraph ?? null;
      },
      log: (t) => host.log(t),
      getState: (nodeId, field) => host.state.get(nodeId, field)?.value,
      setState: async (nodeId, field, value) => {
        await host.state.write(nodeId, field, value, 'engine', host.actor, false);
      },
      publish: (nodeId, port, value) => {
        if (host.status !== 'activated') return;
        if (host.conn.connected) host.bus.publish(nodeId, port, value);
        else host.droppedOffline++;
      },
      read: (nodeId, port) => host.bus.read(nodeId, port),
      own: (fn) => host.store.defer(fn),
      timerFailed: (err) => {
        host.statsKeeper.handlerErrors++;
        host.log(`timer: ${(err as Error)?.message ?? String(err)}`);
      },
      fail: async (message) => {
        if (host.status !== 'error') host.beforeError = host.status;
        await host.writeStatus('error', message);
      },
      clearError: async () => {
        if (host.status !== 'error') return;
        await host.writeStatus(host.beforeError ?? 'deactivated');
        host.beforeError = undefined;
      },
      publishOperators: async (specs) => {
        await host.kv.put(keys.operatorCatalog, specs);
      },
    };
  }

  /** A rejection nobody handled in this process (the service's own code): logged and counted, never fatal. */
  unhandled(reason: unknown): void {
    this.statsKeeper.handlerErrors++;
    this.log(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`);
  }

  // ------------------------------------------------------------ shutdown

  /** Unregisters, drains and (when exitProcess) exits. */
  shutdown(reason = 'stop'): Promise<void> {
    this.stopping ??= (async () => {
      this.log(`stopping (${reason})`);
      await this.writeStatus('terminating').catch(() => {});
      await Promise.resolve(this.def.onStop?.(this.ctx)).catch(() => {});
      await this.state?.dispose();
      await this.link?.unregister();
      await this.store.dispose().catch(() => {});
      if (this.opts.exitProcess) process.exit(0);
    })();
    return this.stopping;
  }
}
