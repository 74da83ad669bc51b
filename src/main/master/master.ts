// The master: composes catalog, registry, lease and health over one NATS connection and
// serves the master verbs on f8.master.> (the same code the Electron main hosts).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats, NatsBus, NatsKvProvider } from './bus/nats.js';
import { discoverServices, pingInstance } from './bus/srv.js';
import { Catalog, type CatalogEvent } from './catalog/catalog.js';
import { Registry, type ProbeResult } from './registry/registry.js';
import { Lease } from './lease/lease.js';
import { HealthProber } from './health/health.js';
import { Launcher } from './launcher/launcher.js';
import { Lifecycle, type StartRequest } from './lifecycle.js';
import { Deployer, type DeployedGraph, type DeployRequest } from './deploy/deploy.js';
import { compile, compileCatalogFrom } from '../../shared/compiler/index.js';
import { Dispatcher, verb, type Handler } from '../../shared/rpc.js';
import { DedupCache } from '../../shared/dedup.js';
import { buildRequest, encodeJson, errorReplyFrom, parseReply, unwrapReply } from '../../shared/envelope.js';
import { invalid, toF8Error } from '../../shared/errors.js';
import { buckets, keys, MUTATING_MASTER_VERBS, subjects } from '../../shared/naming.js';
import { DisposableStore, systemClock, type Clock } from '../../shared/disposable.js';
import type { Logger } from '../../shared/ports.js';
import type {
  CatalogEntry,
  CatalogReply,
  InstanceRecord,
  InstancesReply,
  PingReply,
  PingRequest,
  RegisterRequest,
  UnregisterRequest,
} from '../../shared/types.js';

export interface MasterOptions {
  natsUrl: string;
  /** Services folders in search order. */
  servicesDirs: string[];
  log: Logger;
  clock?: Clock;
  leaseTtlMs?: number;
  healthPeriodMs?: number;
  unresponsiveAfter?: number;
  dedupWindowMs?: number;
  /** Watch the services folders (default true). */
  watch?: boolean;
  catalogDebounceMs?: number;
  /** Where instance log files go (default: <tmp>/f8studio-logs). */
  logDir?: string;
  /** terminate -> SIGTERM grace for stopInstance. */
  graceMs?: number;
  startTimeoutMs?: number;
  /** First restart delay after a crash (default 500 ms). */
  restartBackoffMs?: number;
  /** F8_OPERATOR_RUNTIME_MODULES for engines. */
  operatorModules?: string;
}

interface Ctx {
  master: Master;
}

export const PROFILES = ['default'] as const;

export class Master {
  readonly store = new DisposableStore();
  readonly bus: NatsBus;
  readonly kv: NatsKvProvider;
  catalog!: Catalog;
  registry!: Registry;
  readonly lease: Lease;
  health!: HealthProber<ProbeResult>;
  launcher!: Launcher;
  lifecycle!: Lifecycle;
  deployer!: Deployer;
  dispatcher!: Dispatcher<Ctx>;
  private readonly clock: Clock;

  private constructor(
    readonly nc: NatsConnection,
    readonly opts: MasterOptions,
  ) {
    this.bus = new NatsBus(nc);
    this.kv = new NatsKvProvider(nc);
    this.clock = opts.clock ?? systemClock;
    this.lease = new Lease({ ...(opts.leaseTtlMs !== undefined ? { ttlMs: opts.leaseTtlMs } : {}), clock: this.clock });
  }

  static async start(opts: MasterOptions): Promise<Master> {
    const nc = await connectNats(opts.natsUrl, 'f8-master');
    const master = new Master(nc, opts);
    try {
      await master.init();
    } catch (err) {
      await master.stop().catch(() => {});
      throw err;
    }
    return master;
  }

  private async init(): Promise<void> {
    const { opts, store } = this;
    store.defer(async () => {
      if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
    });
    const services = await this.kv.open<CatalogEntry>(buckets.services);
    const records = await this.kv.open<InstanceRecord>(buckets.instances);
    await this.kv.open(buckets.master);

    this.catalog = store.add(
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

    const probe = async (id: string, timeoutMs = 1_000): Promise<ProbeResult | null> => {
      const p = await pingInstance(this.bus, id, timeoutMs);
      if (!p) return null;
      const out: ProbeResult = {};
      if (p.metadata?.runId) out.runId = p.metadata.runId;
      if (p.metadata?.serviceClass) out.serviceClass = p.metadata.serviceClass;
      return out;
    };
    this.registry = store.add(
      new Registry({
        records,
        kv: this.kv,
        lookupService: (cls) => this.catalog.get(cls),
        probe: (id) => probe(id),
        log: opts.log,
        clock: this.clock,
        ...(opts.unresponsiveAfter !== undefined ? { unresponsiveAfter: opts.unresponsiveAfter } : {}),
      }),
    );
    await this.registry.load();

    this.launcher = store.add(
      new Launcher({
        logDir: opts.logDir ?? join(tmpdir(), 'f8studio-logs'),
        log: opts.log,
        publishLog: (id, line) => this.bus.publish(subjects.masterLogs(id), encodeJson(line)),
        ...(opts.restartBackoffMs !== undefined ? { backoff: { initialMs: opts.restartBackoffMs } } : {}),
      }),
    );
    this.lifecycle = store.add(
      new Lifecycle({
        natsUrl: opts.natsUrl,
        launcher: this.launcher,
        registry: this.registry,
        catalog: this.catalog,
        kv: this.kv,
        bus: this.bus,
        log: opts.log,
        now: () => this.clock.now(),
        ...(opts.operatorModules ? { operatorModules: opts.operatorModules } : {}),
        ...(opts.graceMs !== undefined ? { graceMs: opts.graceMs } : {}),
        ...(opts.startTimeoutMs !== undefined ? { startTimeoutMs: opts.startTimeoutMs } : {}),
      }),
    );
    this.lifecycle.adoptAll();

    const masterKv = await this.kv.open<DeployedGraph>(buckets.master);
    this.deployer = new Deployer({
      compile: (graph, previous, clientId) => compile(graph, compileCatalogFrom(this.catalog.entries()), previous, { clientId }),
      readDeployed: async () => {
        const e = await masterKv.get(keys.graph);
        return e ? { value: e.value, kvRevision: e.revision } : null;
      },
      writeDeployed: async (value, kvRevision) => {
        if (kvRevision === null) await masterKv.create(keys.graph, value);
        else await masterKv.update(keys.graph, value, kvRevision);
      },
      isLive: (id) => {
        const r = this.registry.get(id);
        return !!r && r.runId !== '' && r.status !== 'error' && r.status !== 'unresponsive' && r.status !== 'stopped';
      },
      startInstance: async (req) => {
        await this.lifecycle.start(req);
      },
      stopInstance: (id) => this.lifecycle.stop(id),
      instanceCall: async <P>(id: string, v: 'status' | 'deployOpGraph' | 'activate' | 'deactivate', payload: unknown, timeoutMs: number) => {
        const req = buildRequest(payload, { clientId: 'master', hop: 1 });
        return unwrapReply(parseReply<P>(await this.bus.request(subjects.instanceVerb(id, v), encodeJson(req), timeoutMs)));
      },
      ownFields: (cls) => (this.catalog.get(cls)?.manifest.stateFields ?? []).map((f) => f.name),
      publishEvent: (e) => this.bus.publish(subjects.deployEvents, encodeJson(e)),
      log: opts.log,
      now: () => this.clock.now(),
    });

    this.health = store.add(
      new HealthProber<ProbeResult>({
        targets: () => this.registry.registeredIds(),
        probe,
        report: (id, r) => this.registry.recordProbe(id, r),
        log: opts.log,
        ...(opts.healthPeriodMs !== undefined ? { periodMs: opts.healthPeriodMs } : {}),
      }),
    );

    this.dispatcher = new Dispatcher<Ctx>({
      handlers: this.handlers(),
      dedup: new DedupCache({ clock: this.clock, ...(opts.dedupWindowMs !== undefined ? { windowMs: opts.dedupWindowMs } : {}) }),
      clock: this.clock,
      onError: (err, v) => opts.log.error(`verb ${v}: ${(err as Error).message}`),
    });
    store.add(this.bus.serve(subjects.masterWildcard, this.dispatcher, { master: this }, (s) => subjects.masterVerbOf(s), opts.log));
    await this.nc.flush();

    // Rebuild: a first health round right away tells which restored records are alive.
    if (this.registry.ids().length) await this.health.round();
    this.health.start();
  }

  private handlers(): Record<string, Handler<Ctx>> {
    const c = this.clock;
    const h: Record<string, Handler<Ctx>> = {
      ping: verb<Ctx, PingRequest, PingReply>('master.ping', (_ctx, p, req) => {
        if (p.clientId !== req.clientId) throw invalid(`payload clientId '${p.clientId}' must equal the envelope's clientId '${req.clientId}'`);
        const profile = p.requestedProfile ?? 'default';
        if (!(PROFILES as readonly string[]).includes(profile)) throw invalid(`requestedProfile '${profile}' is unknown; profiles: ${PROFILES.join(', ')}`);
        const lease = this.lease.acquire(p.clientId, p.takeover === true);
        return { capabilities: this.dispatcher.verbs, profile, leaseTtlMs: this.lease.ttlMs, holder: lease.holder, expiresAt: lease.expiresAt };
      }, c),
      catalog: verb<Ctx, Record<string, never>, CatalogReply>('master.catalog', () => ({ services: this.catalog.entries(), errors: this.catalog.errors() }), c),
      instances: verb<Ctx, Record<string, never>, InstancesReply>('master.instances', async () => {
        const known = new Set(this.registry.ids());
        const found = await discoverServices(this.bus, 250);
        const orphans: InstancesReply['orphans'] = [];
        for (const s of found) {
          const id = s.metadata?.instanceId ?? s.name;
          if (!id || known.has(id) || orphans.some((o) => o.instanceId === id)) continue;
          const o: InstancesReply['orphans'][number] = { instanceId: id };
          if (s.metadata?.serviceClass) o.serviceClass = s.metadata.serviceClass;
          if (s.metadata?.runId) o.runId = s.metadata.runId;
          orphans.push(o);
        }
        return { instances: this.registry.list(), orphans };
      }, c),
      startInstance: verb<Ctx, StartRequest, unknown>('master.startInstance', (_ctx, p) => this.lifecycle.start(p), c),
      stopInstance: verb<Ctx, { instanceId: string }, unknown>('master.stopInstance', async (_ctx, p) => {
        await this.lifecycle.stop(p.instanceId);
        return {};
      }, c),
      restartInstance: verb<Ctx, { instanceId: string }, unknown>('master.restartInstance', (_ctx, p) => this.lifecycle.restart(p.instanceId), c),
      logs: verb<Ctx, { instanceId: string; lines?: number }, unknown>('master.logs', (_ctx, p) => this.lifecycle.logs(p.instanceId, p.lines), c),
      deployGraph: verb<Ctx, DeployRequest, unknown>('master.deployGraph', (_ctx, p, req) => this.deployer.deploy(p, req.clientId), c),
      'registry.register': verb<Ctx, RegisterRequest, unknown>('master.register', (_ctx, p) => this.registry.register(p), c),
      'registry.unregister': verb<Ctx, UnregisterRequest, unknown>('master.unregister', (_ctx, p) => this.registry.unregister(p), c),
    };
    for (const name of MUTATING_MASTER_VERBS) {
      const inner = h[name];
      if (inner) h[name] = this.withLease(inner);
    }
    return h;
  }

  /** Mutating verbs need the caller to hold the lease. */
  withLease(inner: Handler<Ctx>): Handler<Ctx> {
    return async (ctx, req) => {
      try {
        this.lease.check(req.clientId);
      } catch (err) {
        return errorReplyFrom(req, toF8Error(err), this.clock.now());
      }
      return inner(ctx, req);
    };
  }

  /** Stops the master; launched instances keep running (as after a crash) unless stopInstances. */
  async stop(opts: { stopInstances?: boolean } = {}): Promise<void> {
    if (opts.stopInstances && this.lifecycle) await this.lifecycle.stopAll();
    await this.store.dispose();
  }
}
