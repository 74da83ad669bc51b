// The master: composes catalog, registry, lease, health, launcher and deploy over one NATS
// connection and serves the master verbs (master-verbs.ts) on f8.master.> (the same code the
// Electron main hosts).
import { MASTER_CLIENT_ID } from '../../shared/naming.js';
import { instanceBucketBytes, MAX_INSTANCES_PER_GRAPH } from '../../shared/limits.js';
import { Grants, type InstanceAuthority } from './authority.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, ConnectionWatch, instanceClient, type InstanceClient, NatsKvProvider, NatsTransport, pingService } from '../../bus/index.js';
import { connectNode } from '../../bus/node.js';
import { Catalog, type CatalogEvent } from './catalog/catalog.js';
import { Registry, type ProbeResult } from './registry/registry.js';
import { Lease } from './lease/lease.js';
import { HealthProber } from './health/health.js';
import { Launcher, type LauncherRuntime } from './launcher/launcher.js';
import { Lifecycle } from './lifecycle.js';
import { Deployer, HISTORY_KEPT, type DeployedGraph } from './deploy/deploy.js';
import { CompileMemo } from './deploy/compile-memo.js';
import { deployedEtags, MasterDeployPorts } from './deploy-ports.js';
import { Dispatcher } from '../../shared/rpc.js';
import { masterVerbHandlers, maxPayload } from './master-verbs.js';
import { DedupCache } from '../../shared/dedup.js';
import { encodeJson } from '../../shared/envelope.js';
import { buckets, EDITOR_INSTANCE_ID, keys, subjects } from '../../shared/naming.js';
import { DisposableStore, systemClock, type Clock } from '../../shared/disposable.js';
import type { JsonKv, Logger } from '../../shared/ports.js';
import type { SystemEvent } from '../../shared/generated/schema-types.js';
import type { CatalogEntry, InstanceRecord } from '../../shared/types.js';

export interface MasterOptions {
  /** The master's own connection (with its credentials). */
  natsUrl: string;
  /** What launched services get as F8_NATS_URL (their own credentials); default natsUrl. */
  serviceNatsUrl?: string;
  /** Per-instance NATS users from the compiled graph (the embedded server); overrides serviceNatsUrl for launched instances. */
  authority?: InstanceAuthority;
  /** Services folders in search order. */
  servicesDirs: string[];
  log: Logger;
  clock?: Clock;
  leaseTtlMs?: number;
  healthPeriodMs?: number;
  /** Service instances per graph (default MAX_INSTANCES_PER_GRAPH from src/shared/limits). */
  maxInstances?: number;
  unresponsiveAfter?: number;
  dedupWindowMs?: number;
  /** Watch the services folders (default true). */
  watch?: boolean;
  catalogDebounceMs?: number;
  /** Where instance log files go (default: <tmp>/f8studio-logs). */
  logDir?: string;
  /** Instances write files only under <filesDir>/<instanceId>/ (default: <tmp>/f8studio-recordings). */
  filesDir?: string;
  /** terminate -> SIGTERM grace for stopInstance. */
  graceMs?: number;
  startTimeoutMs?: number;
  /** First restart delay after a crash (default 500 ms). */
  restartBackoffMs?: number;
  /** F8_OPERATOR_RUNTIME_MODULES for engines. */
  operatorModules?: string;
  /** The Node that runs `${node}` services (default: this process's binary, as Node under Electron). */
  runtime?: LauncherRuntime;
}

interface Ctx {
  master: Master;
}

/** The clientId the master calls instances with. */
export { MASTER_CLIENT_ID };

/** After a reconnect, health verdicts wait this long (instances reconnect with their own backoff). */
const RECONNECT_SETTLE_MS = 3_000;
/** A nats-restarted event waits this long, so that reconnecting editors hear of it. */
const SYSTEM_EVENT_DELAY_MS = 2_000;

export class Master {
  readonly store = new DisposableStore();
  readonly bus: NatsTransport;
  readonly kv: NatsKvProvider;
  catalog!: Catalog;
  registry!: Registry;
  readonly lease: Lease;
  readonly grants: Grants;
  private readonly compileMemo = new CompileMemo();
  health!: HealthProber<ProbeResult>;
  launcher!: Launcher;
  lifecycle!: Lifecycle;
  deployer!: Deployer;
  dispatcher!: Dispatcher<Ctx>;
  private readonly clock: Clock;
  /** Service instances a graph may have (MAX_INSTANCES_PER_GRAPH unless set). */
  readonly maxInstances: number;
  /** The master's own connection: while it is down, exits are not the services' fault and probes prove nothing. */
  private conn!: ConnectionWatch;
  private reconnectedAt = 0;

  private constructor(
    readonly nc: NatsConnection,
    /** JetStream (KV) only: a store that hangs (its disk full) must not hold up the verbs' connection. */
    private readonly storeNc: NatsConnection,
    readonly opts: MasterOptions,
  ) {
    this.bus = new NatsTransport(nc);
    this.kv = new NatsKvProvider(storeNc);
    this.clock = opts.clock ?? systemClock;
    this.lease = new Lease({ ...(opts.leaseTtlMs !== undefined ? { ttlMs: opts.leaseTtlMs } : {}), clock: this.clock });
    // an id the editor's nodes compile to, one registered by a service started by hand, or one it launched
    this.grants = new Grants(opts.authority, { kindOf: (id) => (id === EDITOR_INSTANCE_ID ? 'editor' : this.registry?.get(id)?.launchedBy === 'external' ? 'external' : 'launched') });
    this.maxInstances = opts.maxInstances ?? MAX_INSTANCES_PER_GRAPH;
  }

  static async start(opts: MasterOptions): Promise<Master> {
    // noEcho: its f8.master.> catch-all must not receive its own log and event publishes
    const nc = await connectNode(opts.natsUrl, { name: 'f8-master', noEcho: true, noAsyncTraces: true });
    // nats-server handles a connection's JetStream API calls in its read loop: with the store's
    // disk full one KV write held every ping behind it (6 of 23 answered), so KV has its own.
    let storeNc: NatsConnection;
    try {
      storeNc = await connectNode(opts.natsUrl, { name: 'f8-master-store', noEcho: true, noAsyncTraces: true });
    } catch (err) {
      await closeConnection(nc).catch(() => {});
      throw err;
    }
    const master = new Master(nc, storeNc, opts);
    try {
      await master.init();
    } catch (err) {
      await master.stop().catch(() => {});
      throw err;
    }
    return master;
  }

  /** Builds the parts in dependency order: stores, catalog, registry, launcher and lifecycle, deployer, health, verbs. */
  private async init(): Promise<void> {
    const { opts, store } = this;
    store.defer(() => closeConnection(this.nc));
    store.defer(() => closeConnection(this.storeNc));
    this.conn = store.add(
      new ConnectionWatch(this.nc, {
        onDisconnect: () => opts.log.warn('NATS connection lost; the master waits for it (no restarts counted, no health verdicts)'),
        onReconnect: () => {
          this.reconnectedAt = this.clock.now();
          opts.log.info('NATS connection back');
        },
      }),
    );
    // kv_f8_master keeps the last HISTORY_KEPT deploys (history, graphAt); older stores are raised to it
    const masterKv = await this.kv.open<DeployedGraph>(buckets.master, { history: HISTORY_KEPT });
    this.startLeasePublishing(masterKv as unknown as JsonKv<unknown>);
    await this.startCatalog();
    // each instance bucket's limit, sized to the store nats-server found at its start
    const bucketBytes = instanceBucketBytes(opts.authority?.storeBytes?.() ?? null, this.maxInstances);
    await this.startRegistry(bucketBytes);
    this.startInstances(bucketBytes);
    await this.restoreDeployed(masterKv);
    this.deployer = new Deployer(
      new MasterDeployPorts({
        ...this.instanceParts(),
        masterKv,
        lifecycle: this.lifecycle,
        compileMemo: this.compileMemo,
        maxInstances: this.maxInstances,
        bus: this.bus,
      }),
    );
    this.startHealth();
    await this.serveVerbs();
    // Rebuild: a first health round right away tells which restored records are alive.
    if (this.registry.ids().length) await this.health.round();
    this.health.start();
  }

  private startLeasePublishing(kv: JsonKv<unknown>): void {
    this.publishLease = this.leasePublisher(kv);
    this.publishLease();
    // an expired lease changes the holder too (to nobody): look once a second
    const leaseTimer = setInterval(() => this.publishLease(), 1_000);
    this.store.defer(() => clearInterval(leaseTimer));
  }

  private async startCatalog(): Promise<void> {
    const { opts } = this;
    const services = await this.kv.open<CatalogEntry>(buckets.services);
    this.catalog = this.store.add(
      new Catalog({
        dirs: opts.servicesDirs,
        kv: services,
        log: opts.log,
        publishEvent: (e: CatalogEvent) => this.bus.publish(subjects.catalogEvents, encodeJson(e)),
        ...(opts.watch !== undefined ? { watch: opts.watch } : {}),
        ...(opts.catalogDebounceMs !== undefined ? { debounceMs: opts.catalogDebounceMs } : {}),
      }),
    );
    await this.catalog.start();
  }

  /** A service's ping, as the registry and the health prober read it (null: no answer). */
  private async probe(id: string, timeoutMs = 1_000): Promise<ProbeResult | null> {
    const p = await pingService(this.nc, id, timeoutMs);
    if (!p) return null;
    const out: ProbeResult = {};
    if (p.metadata?.runTag) out.runTag = p.metadata.runTag;
    if (p.metadata?.serviceClass) out.serviceClass = p.metadata.serviceClass;
    return out;
  }

  private async startRegistry(bucketBytes: number): Promise<void> {
    const { opts } = this;
    const records = await this.kv.open<InstanceRecord>(buckets.instances);
    this.registry = this.store.add(
      new Registry({
        bucketBytes,
        records,
        kv: this.kv,
        lookupService: (cls) => this.catalog.get(cls),
        probe: (id) => this.probe(id),
        log: opts.log,
        clock: this.clock,
        ...(opts.unresponsiveAfter !== undefined ? { unresponsiveAfter: opts.unresponsiveAfter } : {}),
      }),
    );
    await this.registry.load();
  }

  /** The launcher and the lifecycle over it; the instances a previous master left running are adopted. */
  private startInstances(bucketBytes: number): void {
    const { opts, store } = this;
    this.launcher = store.add(
      new Launcher({
        logDir: opts.logDir ?? join(tmpdir(), 'f8studio-logs'),
        log: opts.log,
        publishLog: (id, line) => this.bus.publish(subjects.masterLogs(id), encodeJson(line)),
        natsUp: () => this.conn.connected,
        ...(opts.runtime ? { runtime: opts.runtime } : {}),
        ...(opts.restartBackoffMs !== undefined ? { backoff: { initialMs: opts.restartBackoffMs } } : {}),
      }),
    );
    this.lifecycle = store.add(
      new Lifecycle({
        bucketBytes,
        ...this.instanceParts(),
        natsUrl: opts.serviceNatsUrl ?? opts.natsUrl,
        ...(opts.operatorModules ? { operatorModules: opts.operatorModules } : {}),
        filesDir: opts.filesDir ?? join(tmpdir(), 'f8studio-recordings'),
        ...(opts.graceMs !== undefined ? { graceMs: opts.graceMs } : {}),
        ...(opts.startTimeoutMs !== undefined ? { startTimeoutMs: opts.startTimeoutMs } : {}),
      }),
    );
    this.lifecycle.adoptAll();
  }

  /** From the stored deploy: what each instance should run (drift), and the NATS users the running ones keep. */
  /** What the lifecycle and the deployer both work with: the stores, the launcher and the instance lookup. */
  private instanceParts() {
    return {
      launcher: this.launcher,
      registry: this.registry,
      catalog: this.catalog,
      kv: this.kv,
      grants: this.grants,
      instance: (id: string) => this.instance(id),
      log: this.opts.log,
      now: () => this.clock.now(),
    };
  }

  private async restoreDeployed(masterKv: JsonKv<DeployedGraph>): Promise<void> {
    const stored = await masterKv.get(keys.graph).catch(() => null);
    if (stored) this.registry.setDeployedEtags(deployedEtags(stored.value));
    // the running instances keep their NATS users (a restarted master grants the same again)
    await this.grants.grant([
      ...this.registry.ids().map((id) => ({ instanceId: id, halfEdges: stored?.value.compiled?.subgraphs?.[id]?.halfEdges ?? [] })),
      { instanceId: EDITOR_INSTANCE_ID, halfEdges: stored?.value.compiled?.editor?.halfEdges ?? [] },
    ]);
  }

  private startHealth(): void {
    const { opts } = this;
    this.health = this.store.add(
      new HealthProber<ProbeResult>({
        // no verdicts while NATS is down or just back (instances reconnect on their own schedule)
        targets: () => (this.natsSettled() ? this.registry.registeredIds() : []),
        probe: (id, timeoutMs) => this.probe(id, timeoutMs),
        report: (id, r) => this.registry.recordProbe(id, r),
        trustworthy: async () =>
          this.natsSettled() &&
          (await Promise.race([
            this.nc.flush().then(
              () => true,
              () => false,
            ),
            new Promise<boolean>((r) => setTimeout(() => r(false), 1_000)),
          ])),
        log: opts.log,
        ...(opts.healthPeriodMs !== undefined ? { periodMs: opts.healthPeriodMs } : {}),
      }),
    );
  }

  private async serveVerbs(): Promise<void> {
    const { opts } = this;
    this.dispatcher = new Dispatcher<Ctx>({
      handlers: masterVerbHandlers<Ctx>({
        nc: this.nc,
        clock: this.clock,
        lease: this.lease,
        catalog: this.catalog,
        registry: this.registry,
        lifecycle: this.lifecycle,
        deployer: this.deployer,
        grants: this.grants,
        maxInstances: this.maxInstances,
        capabilities: () => this.dispatcher.verbs,
        leaseChanged: () => this.publishLease(),
      }),
      dedup: new DedupCache({ clock: this.clock, ...(opts.dedupWindowMs !== undefined ? { windowMs: opts.dedupWindowMs } : {}) }),
      clock: this.clock,
      onError: (err, v) => opts.log.error(`verb ${v}: ${(err as Error).message}`),
      maxReplyBytes: () => maxPayload(this.nc),
    });
    this.store.add(this.bus.serve(subjects.masterWildcard, this.dispatcher, { master: this }, (s) => subjects.masterVerbOf(s), opts.log));
    await this.nc.flush();
  }

  /** JetStream answering (null: the master's own connection is down, so it cannot tell). */
  async jetStreamAnswers(): Promise<boolean | null> {
    if (!this.conn.connected) return null;
    return this.kv.jetStreamAnswers(2_000);
  }

  /** Publishes one of the master's own events (e.g. the embedded nats-server restarted). */
  publishSystemEvent(e: SystemEvent): void {
    // after a nats-server restart, give the clients (editors) a moment to reconnect and resubscribe
    const t = setTimeout(
      () => {
        if (!this.nc.isClosed()) this.bus.publish(subjects.systemEvents, encodeJson(e));
      },
      e.kind === 'nats-restarted' ? SYSTEM_EVENT_DELAY_MS : 0,
    );
    this.store.defer(() => clearTimeout(t));
  }

  /** Connected, and long enough since a reconnect that the instances are back too. */
  natsSettled(): boolean {
    return this.conn.connected && this.clock.now() - this.reconnectedAt >= RECONNECT_SETTLE_MS;
  }

  private publishLease: () => void = () => {};

  /** Writes kv_f8_master `lease` ({holder, ts}) when the holder changes (instances check callers against it). */
  private leasePublisher(kv: JsonKv<unknown>): () => void {
    let last: string | null | undefined;
    return () => {
      const holder = this.lease.current()?.holder ?? null;
      if (holder === last) return;
      last = holder;
      kv.put(keys.lease, { holder, ts: this.clock.now() }).catch((err: unknown) => this.opts.log.warn(`lease record: ${(err as Error).message}`));
    };
  }

  /** The master's client of one instance (clientId `master`, hop 1). */
  instance(instanceId: string): InstanceClient {
    return instanceClient(this.nc, instanceId, MASTER_CLIENT_ID, { defaults: { hop: 1 } });
  }

  /** Stops the master; launched instances keep running (as after a crash) unless stopInstances. */
  async stop(opts: { stopInstances?: boolean } = {}): Promise<void> {
    if (opts.stopInstances && this.lifecycle) await this.lifecycle.stopAll();
    await this.store.dispose();
  }
}
