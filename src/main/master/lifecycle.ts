// Instance lifecycle in the master: start (bucket, seed, launch, wait for register), stop,
// restart, logs, exit handling with the restart policy, and adoption after a master restart.
// Composes the launcher, registry and catalog (master sub-folders do not know each other).
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type { Launcher } from './launcher/launcher.js';
import { type SpawnRequest } from './launcher/launcher.js';
import type { Registry } from './registry/registry.js';
import type { Grants } from './authority.js';
import type { Catalog } from './catalog/catalog.js';
import { F8Error, conflict, invalid, notFound, toF8Error } from '../../shared/errors.js';
import { assertId, buckets, keys } from '../../shared/naming.js';
import { INSTANCE_BUCKET_MAX_BYTES } from '../../shared/limits.js';
import { validateValue } from '../../shared/schemas.js';
import type { KvProvider, Logger } from '../../shared/ports.js';
import type { InstanceClient } from '../../bus/index.js';
import type { StartInstanceRequest } from '../../shared/verbs.js';
import type { CatalogEntry, RestartPolicy, StateEntry } from '../../shared/types.js';
import type { Disposable } from '../../shared/disposable.js';

export const START_TIMEOUT_MS = 25_000;
export const DEFAULT_GRACE_MS = 3_000;

export interface LifecycleOptions {
  natsUrl: string;
  /** An instance bucket's size limit (default INSTANCE_BUCKET_MAX_BYTES; limits.ts instanceBucketBytes). */
  bucketBytes?: number;
  launcher: Launcher;
  registry: Registry;
  catalog: Catalog;
  kv: KvProvider;
  /** The master's typed client of an instance. */
  instance(instanceId: string): InstanceClient;
  log: Logger;
  now: () => number;
  /** Passed to engines as F8_OPERATOR_RUNTIME_MODULES. */
  operatorModules?: string;
  /** Each instance may write files in <filesDir>/<instanceId>/ (F8_FILES_DIR). */
  filesDir?: string;
  /** Per-instance NATS users (least privilege); absent: every instance gets natsUrl. */
  grants?: Grants;
  startTimeoutMs?: number;
  graceMs?: number;
}

export type StartRequest = StartInstanceRequest;

export class Lifecycle implements Disposable {
  private readonly subs: Disposable[] = [];
  private readonly stopping = new Set<string>();
  private readonly reactivate = new Set<string>();
  /** Instances an automatic restart is bringing back: the runId of the process that died. */
  private readonly restarting = new Map<string, string>();

  constructor(private readonly o: LifecycleOptions) {
    this.subs.push(
      o.launcher.onExit((info) => {
        if (info.requested) return;
        const why = info.signal ? `killed by ${info.signal}` : `exited with code ${String(info.code)}`;
        o.log.warn(`instance ${info.instanceId} (pid ${info.pid}) ${why}`);
        const r = o.registry.get(info.instanceId);
        if (!r) return;
        // An instance that crashed while activated is activated again once it is back.
        if (r.status === 'activated' || (r.status === 'error' && this.reactivate.has(info.instanceId))) this.reactivate.add(info.instanceId);
        else this.reactivate.delete(info.instanceId);
        void o.registry.patch(info.instanceId, { status: 'error', lastError: why }).catch(() => {});
      }),
      o.launcher.onRestart((id, pid, attempt) => {
        o.log.info(`instance ${id} restarted (attempt ${attempt}, pid ${pid})`);
        const r = o.registry.get(id);
        if (!r) return;
        this.restarting.set(id, r.runId); // until the new process registers (settleRestart)
        void o.registry.patch(id, { pid, startTicks: o.launcher.info(id)?.startTicks, restarts: r.restarts + 1 }).catch(() => {});
        if (this.reactivate.has(id)) void this.activateWhenBack(id, r.runId);
      }),
    );
  }

  private entry(serviceClass: string): CatalogEntry {
    const e = this.o.catalog.get(serviceClass);
    if (!e) throw notFound(`serviceClass '${serviceClass}' is not in the catalog`);
    return e;
  }

  private spawnRequest(instanceId: string, entry: CatalogEntry, restartPolicy: RestartPolicy): SpawnRequest {
    const env: Record<string, string> = {
      F8_NATS_URL: this.o.grants?.url(instanceId) ?? this.o.natsUrl,
      F8_SERVICE_ID: instanceId,
      F8_NATS_BUCKET: buckets.instance(instanceId),
      F8_ACTOR_ID: instanceId,
      // the catalog validated this manifest: a service that reads the same one need not again
      F8_MANIFEST_HASH: entry.manifestHash,
    };
    if (this.o.filesDir) env.F8_FILES_DIR = join(this.o.filesDir, instanceId);
    if (entry.manifest.engine && this.o.operatorModules) env.F8_OPERATOR_RUNTIME_MODULES = this.o.operatorModules;
    return { instanceId, manifestDir: entry.dir, launch: entry.manifest.launch, env, restartPolicy };
  }

  /** Creates the bucket and seeds state: defaults where absent, given values always. */
  async seed(instanceId: string, entry: CatalogEntry, state: Record<string, unknown>): Promise<void> {
    const fields = entry.manifest.stateFields ?? [];
    for (const [field, value] of Object.entries(state)) {
      const spec = fields.find((f) => f.name === field);
      if (!spec) throw invalid(`state: '${entry.serviceClass}' has no state field '${field}'`);
      const r = validateValue(spec.valueSchema, value);
      if (!r.ok) throw invalid(`state.${field}: ${r.message}`);
    }
    const kv = await openRetrying(() => this.o.kv.open<StateEntry>(buckets.instance(instanceId), { maxBytes: this.o.bucketBytes ?? INSTANCE_BUCKET_MAX_BYTES }));
    const ts = this.o.now();
    for (const f of fields) {
      const key = keys.state(instanceId, f.name);
      if (field(state, f.name)) await kv.put(key, { value: state[f.name], source: 'topology', actor: 'master', ts });
      else if (f.default !== undefined) await kv.create(key, { value: f.default, source: 'topology', actor: 'master', ts }).catch(() => {});
    }
  }

  async start(req: StartRequest): Promise<{ instanceId: string; kvBucket: string; pid: number }> {
    const entry = this.entry(req.serviceClass);
    const instanceId = req.instanceId === undefined ? this.o.registry.assignId(req.serviceClass) : assertId('instanceId', req.instanceId);
    const existing = this.o.registry.get(instanceId);
    if (this.o.launcher.isRunning(instanceId) || (existing && existing.runId !== '' && existing.status !== 'error' && existing.status !== 'unresponsive')) {
      throw conflict(`instance '${instanceId}' is already running (status ${existing?.status ?? 'starting'})`);
    }
    const policy = req.restartPolicy ?? 'on-failure';
    // the bucket seeded and its own NATS user in place (a config reload) before the process
    // connects, the two at once (its graph's subjects come with deployOpGraph)
    await Promise.all([this.seed(instanceId, entry, req.state ?? {}), this.o.grants?.grant([{ instanceId }])]);
    await this.o.registry.expect(instanceId, { serviceClass: entry.serviceClass, restartPolicy: policy, pid: null });
    let pid: number;
    let startTicks: number | undefined;
    try {
      ({ pid, startTicks } = await this.o.launcher.spawn(this.spawnRequest(instanceId, entry, policy)));
    } catch (err) {
      await this.o.registry.remove(instanceId);
      throw err;
    }
    // the start time goes with the pid: the next master adopts the pid only while it matches
    await this.o.registry.patch(instanceId, { pid, startTicks });
    const timeoutMs = this.o.startTimeoutMs ?? START_TIMEOUT_MS;
    let exitSub: Disposable | undefined;
    const exited = new Promise<string>((resolve) => {
      exitSub = this.o.launcher.onExit((info) => {
        if (info.instanceId === instanceId) resolve(info.signal ? `was killed by ${info.signal}` : `exited with code ${String(info.code)}`);
      });
    });
    try {
      const outcome = await Promise.race([this.o.registry.waitFor(instanceId, (r) => r.runId !== '' && STARTED.has(r.status), timeoutMs).then(() => null), exited]);
      if (outcome !== null) throw new F8Error('internal', `instance '${instanceId}' (${entry.serviceClass}, pid ${pid}) ${outcome} before it registered`);
    } catch (err) {
      await sleep(100); // let the tail catch the last lines
      const tail = this.o.launcher.stderrTail(instanceId, 20);
      await this.o.launcher.stop(instanceId, { graceMs: 0 }).catch(() => {});
      this.o.launcher.forget(instanceId);
      await this.o.registry.remove(instanceId);
      const head = err instanceof F8Error && err.code === 'internal' ? err.message : `instance '${instanceId}' (${entry.serviceClass}, pid ${pid}) did not register within ${timeoutMs} ms`;
      throw new F8Error(err instanceof F8Error && err.code === 'internal' ? 'internal' : 'timeout', `${head}${tail ? `; last stderr lines:\n${tail}` : ' (no stderr output)'}`);
    } finally {
      void exitSub?.dispose();
    }
    const rec = this.o.registry.get(instanceId);
    return { instanceId, kvBucket: buckets.instance(instanceId), pid: rec?.pid ?? pid };
  }

  /**
   * An automatic restart under way (scheduled, or its new process not registered yet): waits until
   * the new process has registered, so a deploy meanwhile applies to it instead of starting a
   * second one. Returns at once when no restart is under way; gives up after the start timeout.
   */
  async settleRestart(instanceId: string): Promise<void> {
    const deadline = Date.now() + (this.o.startTimeoutMs ?? START_TIMEOUT_MS);
    for (;;) {
      const pending = this.o.launcher.info(instanceId)?.restartPending ?? false;
      const old = this.restarting.get(instanceId);
      const rec = this.o.registry.get(instanceId);
      const registered = old === undefined || (!!rec && rec.runId !== '' && rec.runId !== old && STARTED.has(rec.status));
      if (!pending && registered) {
        this.restarting.delete(instanceId);
        return;
      }
      if (Date.now() > deadline) return;
      await sleep(100);
    }
  }

  /** After an automatic restart: waits for the new process to register, then activates it. */
  private async activateWhenBack(instanceId: string, oldRunId: string): Promise<void> {
    try {
      await this.o.registry.waitFor(instanceId, (r) => r.runId !== '' && r.runId !== oldRunId && r.status === 'deactivated', this.o.startTimeoutMs ?? START_TIMEOUT_MS);
      await this.o.instance(instanceId).call('activate', {});
      this.reactivate.delete(instanceId);
      this.o.log.info(`instance ${instanceId} activated again after its restart`);
    } catch (err) {
      this.o.log.warn(`instance ${instanceId}: not activated again after its restart: ${(err as Error).message}`);
    }
  }

  /** Sends `terminate` to the instance (best effort). */
  private async terminate(instanceId: string, graceMs: number): Promise<void> {
    await this.o.instance(instanceId).call('terminate', { graceMs });
  }

  async stop(instanceId: string, opts: { removeBucket?: boolean } = {}): Promise<void> {
    assertId('instanceId', instanceId);
    const record = this.o.registry.get(instanceId);
    const ours = this.o.launcher.instances().includes(instanceId);
    if (!record && !ours) throw notFound(`instance '${instanceId}' is not known`);
    if (this.stopping.has(instanceId)) throw conflict(`instance '${instanceId}' is already stopping`);
    this.stopping.add(instanceId);
    const graceMs = this.o.graceMs ?? DEFAULT_GRACE_MS;
    try {
      if (ours && (this.o.launcher.isRunning(instanceId) || this.o.launcher.info(instanceId)?.restartPending)) {
        await this.o.launcher.stop(instanceId, { graceMs, terminate: () => this.terminate(instanceId, graceMs) });
      } else if (record && record.runId !== '') {
        await this.terminate(instanceId, graceMs).catch(() => {});
      }
      if (ours) this.o.launcher.forget(instanceId);
      if (this.o.registry.get(instanceId)) await this.o.registry.remove(instanceId);
      await this.o.grants?.revoke([instanceId]).catch((err: unknown) => this.o.log.warn(`revoking ${instanceId}'s NATS user: ${(err as Error).message}`));
      if (opts.removeBucket !== false) await this.o.kv.destroy(buckets.instance(instanceId)).catch((err: unknown) => this.o.log.warn(`removing bucket of ${instanceId}: ${(err as Error).message}`));
    } finally {
      this.stopping.delete(instanceId);
    }
  }

  async restart(instanceId: string): Promise<{ instanceId: string; pid: number }> {
    const record = this.o.registry.get(instanceId);
    if (!record) throw notFound(`instance '${instanceId}' is not known`);
    if (record.launchedBy !== 'master') throw conflict(`instance '${instanceId}' was not launched by the master; it cannot be restarted from here`);
    const entry = this.entry(record.serviceClass);
    const graceMs = this.o.graceMs ?? DEFAULT_GRACE_MS;
    if (this.o.launcher.instances().includes(instanceId)) {
      await this.o.launcher.stop(instanceId, { graceMs, terminate: () => this.terminate(instanceId, graceMs) }).catch(() => {});
      this.o.launcher.forget(instanceId);
    }
    await this.o.registry.expect(instanceId, { serviceClass: record.serviceClass, restartPolicy: record.restartPolicy, pid: null });
    const { pid, startTicks } = await this.o.launcher.spawn(this.spawnRequest(instanceId, entry, record.restartPolicy));
    await this.o.registry.patch(instanceId, { pid, startTicks, restarts: record.restarts + 1 });
    await this.o.registry.waitFor(instanceId, (r) => r.runId !== '' && STARTED.has(r.status), this.o.startTimeoutMs ?? START_TIMEOUT_MS);
    return { instanceId, pid: this.o.registry.get(instanceId)?.pid ?? pid };
  }

  logs(instanceId: string, lines?: number): { lines: { ts: number; stream: string; text: string }[] } {
    assertId('instanceId', instanceId);
    if (!this.o.launcher.instances().includes(instanceId)) throw notFound(`no logs for '${instanceId}': the master did not launch it`);
    return { lines: this.o.launcher.logs(instanceId, lines) };
  }

  /** After a master restart: watch the processes it launched before instead of starting duplicates. */
  adoptAll(): void {
    for (const r of this.o.registry.list()) {
      if (r.launchedBy !== 'master' || this.o.launcher.instances().includes(r.instanceId)) continue;
      if (r.pid === null) {
        this.o.log.warn(`not adopting ${r.instanceId}: its record has no pid (it was still starting when the last master stopped)`);
        continue;
      }
      const entry = this.o.catalog.get(r.serviceClass);
      if (!entry) {
        this.o.log.warn(`not adopting ${r.instanceId} (pid ${r.pid}): its class '${r.serviceClass}' is not in the catalog; it runs unsupervised`);
        continue;
      }
      this.o.launcher.adopt(this.spawnRequest(r.instanceId, entry, r.restartPolicy), r.pid, r.startTicks);
      this.o.log.info(`adopted ${r.instanceId} (pid ${r.pid})`);
    }
  }

  /** Graceful shutdown: stops every instance the master launched (records go, buckets stay). */
  async stopAll(): Promise<void> {
    const ids = this.o.launcher.instances().filter((id) => this.o.launcher.isRunning(id) || this.o.launcher.info(id)?.restartPending);
    await Promise.all(ids.map((id) => this.stop(id, { removeBucket: false }).catch((err: unknown) => this.o.log.error(`stopping ${id}: ${(err as Error).message}`))));
  }

  dispose(): void {
    for (const s of this.subs) void s.dispose();
  }
}

function field(state: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(state, name);
}

/**
 * Registered and answering: what a start or restart waits for. `error` counts too: the process
 * runs and reports its own trouble (a full disk under its log can make it so within moments).
 */
const STARTED: ReadonlySet<string> = new Set(['deactivated', 'activated', 'error']);

/** JetStream can be briefly without responders (a config reload, a server restart): try again for a few seconds. */
async function openRetrying<T>(open: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await open();
    } catch (err) {
      const code = toF8Error(err).code;
      if (i + 1 >= attempts || (code !== 'unavailable' && code !== 'timeout')) throw err;
      await sleep(100 * 2 ** i);
    }
  }
}
