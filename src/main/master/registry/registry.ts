// The instance registry (docs/contract.md, Registry and health): admission of registering
// processes, records in kv_f8_master_instances, the per-instance bucket, the mirror of each
// instance's status/summary, and the health verdicts the prober reports.
import { F8Error, conflict, notFound } from '../../../shared/errors.js';
import { assertId, buckets, keys, runTag } from '../../../shared/naming.js';
import { INSTANCE_BUCKET_MAX_BYTES } from '../../../shared/limits.js';
import { shortHash } from '../../../shared/hash.js';
import { validate } from '../../../shared/schemas.js';
import { DisposableStore, systemClock, type Clock, type Disposable } from '../../../shared/disposable.js';
import type { JsonKv, KvProvider, Logger } from '../../../shared/ports.js';
import type { InstanceRecord, InstanceStatus, RegisterReply, RegisterRequest, StatusSummary, UnregisterRequest } from '../../../shared/types.js';

/** What the instance's micro-service PING answer told. */
export interface ProbeResult {
  /** The run's tag (naming.ts runTag), never the runId itself. */
  runTag?: string;
  serviceClass?: string;
}

export interface RegistryOptions {
  records: JsonKv<InstanceRecord>;
  kv: KvProvider;
  /** Manifest hash of a known serviceClass, or undefined when the catalog lacks it. */
  lookupService: (serviceClass: string) => { manifestHash: string } | undefined;
  /** Pings the instance's micro service; null when nobody answers. */
  probe: (instanceId: string) => Promise<ProbeResult | null>;
  log: Logger;
  clock?: Clock;
  /** Misses in a row before a record becomes `unresponsive` (default 3). */
  unresponsiveAfter?: number;
  /** An instance bucket's size limit (default INSTANCE_BUCKET_MAX_BYTES; limits.ts instanceBucketBytes). */
  bucketBytes?: number;
  /** Random suffix source for assigned instanceIds (tests may fix it). */
  randomToken?: () => string;
  /** A health answer that changes nothing is kept in memory; `lastSeenAt` is written at most this often (default 30 s). */
  lastSeenWriteMs?: number;
}

export const LAST_SEEN_WRITE_MS = 30_000;

export type RegistryEntry = InstanceRecord & { instanceId: string };

export class Registry implements Disposable {
  private readonly records = new Map<string, InstanceRecord>();
  /** The instance's own status (from status/summary), restored when it answers again. */
  private readonly ownStatus = new Map<string, InstanceStatus>();
  private readonly watches = new Map<string, Disposable>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly store = new DisposableStore();
  private readonly clock: Clock;
  private readonly threshold: number;
  private readonly listeners = new Set<(id: string, record: InstanceRecord | null) => void>();
  /** The lastSeenAt each record had when it was last written. */
  private readonly seenWritten = new Map<string, number>();

  constructor(private readonly opts: RegistryOptions) {
    this.clock = opts.clock ?? systemClock;
    this.threshold = opts.unresponsiveAfter ?? 3;
  }

  /** Rebuilds the registry from KV (after a master restart). */
  async load(): Promise<void> {
    for (const id of await this.opts.records.keys()) {
      const e = await this.opts.records.get(id).catch(() => null);
      if (!e) continue;
      const r = validate<InstanceRecord>('instance-record', e.value);
      if (!r.ok) {
        this.opts.log.warn(`registry: dropping unreadable record ${id}: ${r.message}`);
        continue;
      }
      this.records.set(id, r.value);
      if (r.value.status !== 'unresponsive' && r.value.status !== 'stopped') this.ownStatus.set(id, r.value.status);
      await this.watchStatus(id);
    }
    if (this.records.size) this.opts.log.info(`registry: restored ${this.records.size} record(s) from KV`);
  }

  list(): RegistryEntry[] {
    return [...this.records.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([instanceId, r]) => ({ ...r, instanceId }));
  }

  get(instanceId: string): InstanceRecord | undefined {
    const r = this.records.get(instanceId);
    return r ? { ...r } : undefined;
  }

  ids(): string[] {
    return [...this.records.keys()];
  }

  /** Ids of instances whose process has registered (the ones worth probing). */
  registeredIds(): string[] {
    return [...this.records.entries()].filter(([, r]) => r.runId !== '').map(([id]) => id);
  }

  onDidChange(fn: (id: string, record: InstanceRecord | null) => void): Disposable {
    this.listeners.add(fn);
    return { dispose: () => void this.listeners.delete(fn) };
  }

  /** A fresh instanceId for a serviceClass (`<class-slug>-<8 base32>`). */
  assignId(serviceClass: string): string {
    const base =
      serviceClass
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 48) || 'svc';
    for (;;) {
      const token = this.opts.randomToken ? this.opts.randomToken() : shortHash(globalThis.crypto.randomUUID(), 8);
      const id = `${base}-${token}`;
      if (!this.records.has(id)) return assertId('instanceId', id);
    }
  }

  /** `launchedBy`: known from the caller's account (src/main/master/registry/callers.ts), else kept from the record. */
  async register(req: RegisterRequest, launchedBy?: InstanceRecord['launchedBy']): Promise<RegisterReply> {
    const svc = this.opts.lookupService(req.serviceClass);
    if (!svc) throw notFound(`serviceClass '${req.serviceClass}' is not in the catalog`);
    const instanceId = req.instanceId === undefined ? this.assignId(req.serviceClass) : assertId('instanceId', req.instanceId);
    const existing = this.records.get(instanceId);
    if (existing && existing.serviceClass !== req.serviceClass && existing.runId !== '') {
      const live = await this.opts.probe(instanceId);
      if (live) throw conflict(`instance '${instanceId}' is registered as '${existing.serviceClass}' and still answers`);
    }
    if (existing && existing.runId !== '' && existing.runId !== req.runId) {
      const live = await this.opts.probe(instanceId);
      if (live && live.runTag === runTag(existing.runId)) {
        // the live process's runId is its proof of identity (unregister needs it): never tell it
        throw conflict(`instance '${instanceId}' is already registered by a live process (pid ${existing.pid ?? 'unknown'})`);
      }
    }
    const kvBucket = buckets.instance(instanceId);
    await this.opts.kv.open(kvBucket, { maxBytes: this.opts.bucketBytes ?? INSTANCE_BUCKET_MAX_BYTES });
    const now = this.clock.now();
    const record: InstanceRecord = {
      serviceClass: req.serviceClass,
      pid: req.pid,
      runId: req.runId,
      status: existing && existing.runId === req.runId && existing.status !== 'unresponsive' ? existing.status : (this.ownStatus.get(instanceId) ?? 'starting'),
      kvBucket,
      manifestHash: req.manifestHash ?? svc.manifestHash,
      restartPolicy: existing?.restartPolicy ?? 'never',
      restarts: existing?.restarts ?? 0,
      launchedBy: launchedBy ?? existing?.launchedBy ?? 'external',
      updatedAt: now,
      lastSeenAt: now,
      failCount: 0,
    };
    if (existing?.graphRevision !== undefined) record.graphRevision = existing.graphRevision;
    // the start time the master recorded at launch belongs to this pid (the next master checks it before adopting)
    if (existing?.startTicks !== undefined && existing.pid === req.pid) record.startTicks = existing.startTicks;
    if (!existing || existing.runId !== req.runId) {
      // A new process: its status comes from its own status/summary from now on.
      record.status = 'starting';
      this.ownStatus.delete(instanceId);
    }
    this.records.set(instanceId, record);
    await this.persist(instanceId);
    await this.watchStatus(instanceId);
    this.opts.log.info(`registry: registered ${instanceId} (${req.serviceClass}, pid ${req.pid}, run ${runTag(req.runId)})`);
    return { instanceId, kvBucket };
  }

  async unregister(req: UnregisterRequest): Promise<Record<string, never>> {
    const id = assertId('instanceId', req.instanceId);
    const existing = this.records.get(id);
    if (!existing) throw notFound(`instance '${id}' is not registered`);
    if (existing.runId !== req.runId) throw conflict(`instance '${id}' is registered by another process (this runId does not match)`);
    await this.remove(id);
    this.opts.log.info(`registry: unregistered ${id}`);
    return {};
  }

  /** Deletes a record (the instance bucket is kept). */
  async remove(instanceId: string): Promise<void> {
    this.records.delete(instanceId);
    this.seenWritten.delete(instanceId);
    this.ownStatus.delete(instanceId);
    await this.watches.get(instanceId)?.dispose();
    this.watches.delete(instanceId);
    await this.chain(instanceId, () => this.opts.records.delete(keys.instance(instanceId)));
    for (const fn of this.listeners) fn(instanceId, null);
  }

  /**
   * A record for a process the master is about to launch (runId '' until it registers);
   * register adopts it, keeping launchedBy, restartPolicy and restarts.
   */
  async expect(instanceId: string, fields: { serviceClass: string; restartPolicy: InstanceRecord['restartPolicy']; pid: number | null }): Promise<void> {
    const now = this.clock.now();
    const prior = this.records.get(instanceId);
    this.records.set(instanceId, {
      serviceClass: fields.serviceClass,
      pid: fields.pid,
      runId: '',
      status: 'starting',
      kvBucket: buckets.instance(instanceId),
      ...(this.opts.lookupService(fields.serviceClass)?.manifestHash ? { manifestHash: this.opts.lookupService(fields.serviceClass)!.manifestHash } : {}),
      restartPolicy: fields.restartPolicy,
      restarts: prior?.restarts ?? 0,
      launchedBy: 'master',
      updatedAt: now,
      lastSeenAt: null,
      failCount: 0,
    });
    this.ownStatus.delete(instanceId);
    await this.persist(instanceId);
    await this.watchStatus(instanceId);
  }

  /** Resolves with the record once `pred` holds (checked on every change), or rejects after timeoutMs. */
  waitFor(instanceId: string, pred: (r: InstanceRecord) => boolean, timeoutMs: number): Promise<InstanceRecord> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const r = this.records.get(instanceId);
        if (r && pred(r)) {
          done();
          resolve({ ...r });
        }
      };
      const sub = this.onDidChange((id) => {
        if (id === instanceId) check();
      });
      const timer = setTimeout(() => {
        void sub.dispose();
        reject(new F8Error('timeout', `instance '${instanceId}' did not get there within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        void sub.dispose();
      };
      check();
    });
  }

  /** Merges fields into a record (used by the launcher and health); a field given as undefined is removed. */
  async patch(instanceId: string, fields: Partial<InstanceRecord>): Promise<void> {
    const r = this.records.get(instanceId);
    if (!r) throw new F8Error('not-found', `instance '${instanceId}' is not registered`);
    Object.assign(r, fields, { updatedAt: this.clock.now() });
    for (const [k, v] of Object.entries(fields)) if (v === undefined) delete (r as Partial<InstanceRecord>)[k as keyof InstanceRecord];
    await this.persist(instanceId);
  }

  /** A health probe's verdict: an answer, or a miss (null). */
  async recordProbe(instanceId: string, result: ProbeResult | null): Promise<void> {
    const r = this.records.get(instanceId);
    if (!r) return;
    const now = this.clock.now();
    // an answer that changes nothing is kept in memory (the `instances` verb shows it); the record
    // is written when something changes, and for lastSeenAt at most every lastSeenWriteMs
    let changed = false;
    if (result) {
      const wasUnresponsive = r.status === 'unresponsive';
      r.lastSeenAt = now;
      if (r.failCount !== 0) changed = true;
      r.failCount = 0;
      if (wasUnresponsive) {
        changed = true;
        r.status = this.ownStatus.get(instanceId) ?? 'starting';
        this.opts.log.info(`health: ${instanceId} answers again (${r.status})`);
      }
    } else {
      changed = true;
      r.failCount += 1;
      if (r.failCount >= this.threshold && r.status !== 'unresponsive' && r.status !== 'stopped') {
        r.status = 'unresponsive';
        this.opts.log.warn(`health: ${instanceId} missed ${r.failCount} pings: unresponsive`);
      }
    }
    if (!changed && now - (this.seenWritten.get(instanceId) ?? -Infinity) < (this.opts.lastSeenWriteMs ?? LAST_SEEN_WRITE_MS)) return;
    if (changed) r.updatedAt = now;
    await this.persist(instanceId);
  }

  private async watchStatus(instanceId: string): Promise<void> {
    if (this.watches.has(instanceId)) return;
    const record = this.records.get(instanceId);
    if (!record) return;
    try {
      const bucket = await this.opts.kv.open<StatusSummary>(record.kvBucket);
      const w = await bucket.watch(keys.statusSummary, (change) => {
        if (change.value === null) return;
        const s = validate<StatusSummary>('status-summary', change.value);
        if (!s.ok) {
          this.opts.log.warn(`registry: ${instanceId} wrote an invalid status/summary: ${s.message}`);
          return;
        }
        void this.applySummary(instanceId, s.value);
      });
      this.watches.set(instanceId, w);
      this.store.add(w);
    } catch (err) {
      this.opts.log.warn(`registry: cannot watch ${instanceId} status: ${(err as Error).message}`);
    }
  }

  private async applySummary(instanceId: string, summary: StatusSummary): Promise<void> {
    const r = this.records.get(instanceId);
    if (!r) return;
    this.ownStatus.set(instanceId, summary.status);
    if (r.status !== 'unresponsive') r.status = summary.status;
    if (summary.lastError !== undefined) r.lastError = summary.lastError;
    else delete r.lastError;
    if (summary.graphRevision !== undefined) r.graphRevision = summary.graphRevision;
    if (summary.graphEtag !== undefined) r.graphEtag = summary.graphEtag;
    this.markDrift(instanceId, r);
    r.updatedAt = this.clock.now();
    await this.persist(instanceId);
  }

  /** What the master deployed to each instance (etag), for drift; set after each deploy. */
  private deployedEtags = new Map<string, string>();

  private markDrift(instanceId: string, r: InstanceRecord): boolean {
    const expected = this.deployedEtags.get(instanceId);
    const drift = expected !== undefined && r.graphEtag !== undefined && r.graphEtag !== expected;
    const was = r.drift === true;
    if (drift) r.drift = true;
    else delete r.drift;
    if (drift && !was) this.opts.log.warn(`registry: ${instanceId} runs subgraph ${r.graphEtag}, not the deployed ${expected} (drift: the next deploy re-applies it)`);
    return drift !== was;
  }

  /** The deployed compilation's etag per instance; records are re-marked. */
  setDeployedEtags(etags: ReadonlyMap<string, string>): void {
    this.deployedEtags = new Map(etags);
    for (const [id, r] of this.records) if (this.markDrift(id, r)) void this.persist(id);
  }

  /** Instances that run another subgraph than the deployed one. */
  drifted(): Set<string> {
    return new Set([...this.records].filter(([, r]) => r.drift === true).map(([id]) => id));
  }

  private persist(instanceId: string): Promise<void> {
    return this.chain(instanceId, async () => {
      const r = this.records.get(instanceId);
      if (!r) return;
      await this.opts.records.put(keys.instance(instanceId), { ...r });
      this.seenWritten.set(instanceId, r.lastSeenAt ?? -Infinity);
      for (const fn of this.listeners) fn(instanceId, { ...r });
    });
  }

  /** Writes of one record happen in order. */
  private chain(instanceId: string, fn: () => Promise<void>): Promise<void> {
    const prev = this.writes.get(instanceId) ?? Promise.resolve();
    const next = prev.then(fn, fn).catch((err: unknown) => this.opts.log.error(`registry: writing ${instanceId}: ${(err as Error).message}`));
    this.writes.set(instanceId, next);
    void next.then(() => {
      if (this.writes.get(instanceId) === next) this.writes.delete(instanceId);
    });
    return next;
  }

  async dispose(): Promise<void> {
    await this.store.dispose();
    this.watches.clear();
    await Promise.all([...this.writes.values()]);
  }
}
