// deployGraph (CONTRACT.md "Deploy"): serialized; baseRevision check; compile (diagnostics ->
// invalid, nothing touched); ensure instances; deployOpGraph to every changed instance in
// parallel; on all acks write kv_f8_master/graph with compare-and-set, stop instances that left
// the graph, activate consumers before producers. On any failure: instances that applied get
// their previous subgraph back, instances this deploy started are stopped, the prior graph
// keeps running, and the reply is an error carrying {plan, instances}.
import { F8Error, conflict, invalid, toF8Error } from '../../../shared/errors.js';
import { planDeploy, type Compilation, type CompiledSubgraph } from '../../../shared/compiler/index.js';
import type { Logger } from '../../../shared/ports.js';
import type { InstanceClient } from '../../../bus/index.js';
import type { DeployGraphReply, DeployGraphRequest, DeployInstanceResult, GraphAtReply, HistoryEntry, PlanCounts, PlanGraphReply, PlanGraphRequest } from '../../../shared/verbs.js';
import { notFound } from '../../../shared/errors.js';
import { EDITOR_INSTANCE_ID } from '../../../shared/naming.js';
import type { HalfEdge, ServiceGraph, Subgraph, RestartPolicy } from '../../../shared/types.js';
import { activationLevels } from './activation.js';
import { rollback } from './rollback.js';

export { activationOrder, activationLevels } from './activation.js';

export interface DeployedGraph {
  revision: number;
  etag: string;
  graph: ServiceGraph;
  compiled: Pick<Compilation, 'subgraphs'> & Partial<Compilation>;
  deployedAt: string;
  /** v1.1: the clientId that deployed it. */
  deployedBy?: string;
  /** v1.1: what the deploy did, per action. */
  counts?: PlanCounts;
}

export const HISTORY_KEPT = 64;
export const DEFAULT_HISTORY_LIMIT = 20;

export type DeployRequest = DeployGraphRequest;
export type InstanceResult = DeployInstanceResult;
export type DeployReply = DeployGraphReply;

export type DeployPhase = 'starting' | 'started' | 'applying' | 'applied' | 'failed' | 'rolled-back' | 'stopping' | 'stopped' | 'activated';

export interface DeployEvent {
  revision: number;
  instanceId: string;
  phase: DeployPhase;
  error?: string;
}

export interface DeployPorts {
  compile(graph: unknown, previous: Pick<Compilation, 'subgraphs'> | null): Compilation;
  readDeployed(): Promise<{ value: DeployedGraph; kvRevision: number } | null>;
  /** The deploys kv_f8_master keeps (oldest first). */
  readHistory(): Promise<DeployedGraph[]>;
  /** Compare-and-set on the key's KV revision (null: create); resolves the key's new KV revision (kept in memory with the value). */
  writeDeployed(value: DeployedGraph, kvRevision: number | null): Promise<number | void>;
  /** What the master knows of an instance now (the registry's mirror of its status/summary), without asking it. */
  known?(instanceId: string): { status: string; graphRevision?: number | null } | undefined;
  /** Registered and answering. */
  isLive(instanceId: string): boolean;
  /** Resolves once an automatic restart of the instance under way (if any) has registered its new process. */
  settleRestart?(instanceId: string): Promise<void>;
  /** Instances that run another subgraph than the deployed one (re-applied by the next deploy). */
  drifted?(): ReadonlySet<string>;
  /** NATS permissions for what the instances' half-edges need (before they apply a subgraph). */
  grant?(list: { instanceId: string; halfEdges: readonly HalfEdge[] }[]): Promise<void>;
  startInstance(req: { serviceClass: string; instanceId: string; restartPolicy?: RestartPolicy; state?: Record<string, unknown> }): Promise<void>;
  stopInstance(instanceId: string): Promise<void>;
  /** The master's typed client of an instance. */
  instance(instanceId: string): InstanceClient;
  /** State fields a serviceClass declares (to seed a launch with the node's values). */
  ownFields(serviceClass: string): string[];
  publishEvent(event: DeployEvent): void;
  /** Resolves when the instance's process exits (an apply waiting on it ends then, not at its timeout). */
  exited?(instanceId: string): { promise: Promise<void>; dispose(): void };
  log: Logger;
  now(): number;
}

export const APPLY_TIMEOUT_MS = 10_000;

export class Deployer {
  private running = false;
  /**
   * The deployed graph as this master last read or wrote it (the master is its only writer; the
   * write is a compare-and-set, so a stale copy fails a deploy instead of overwriting). Keeping
   * the object also keeps its subgraphs' etags known to the planner.
   */
  private last: { value: DeployedGraph; kvRevision: number } | null | undefined;

  constructor(private readonly p: DeployPorts) {}

  private async readDeployed(): Promise<{ value: DeployedGraph; kvRevision: number } | null> {
    if (this.last === undefined) this.last = await this.p.readDeployed();
    return this.last;
  }

  async current(): Promise<DeployedGraph | null> {
    return (await this.readDeployed())?.value ?? null;
  }

  async deploy(req: DeployRequest, clientId: string): Promise<DeployReply> {
    if (this.running) throw conflict('another deploy is running; try again when it has finished');
    this.running = true;
    try {
      return await this.run(req, clientId);
    } finally {
      this.running = false;
    }
  }

  /** The instances of either compilation that run now (for the plan). */
  private live(previous: Pick<Compilation, 'subgraphs'> | null, next: Record<string, CompiledSubgraph>): Set<string> {
    return new Set([...Object.keys(previous?.subgraphs ?? {}), ...Object.keys(next)].filter((id) => this.p.isLive(id)));
  }

  private async checkBase(baseRevision: number | null | undefined): Promise<{ stored: Awaited<ReturnType<DeployPorts['readDeployed']>>; currentRevision: number }> {
    const stored = await this.readDeployed();
    const currentRevision = stored?.value.revision ?? 0;
    if (baseRevision !== undefined && baseRevision !== null && baseRevision !== currentRevision) {
      throw conflict(`baseRevision ${baseRevision} is not the deployed revision ${currentRevision}; reload and deploy again`, { currentRevision });
    }
    return { stored, currentRevision };
  }

  /** history (v1.1): the kept deploys, newest first. */
  async history(limit = DEFAULT_HISTORY_LIMIT): Promise<{ deploys: HistoryEntry[] }> {
    const all = await this.p.readHistory();
    const deploys = all
      .filter((d) => typeof d.revision === 'number')
      .sort((a, b) => b.revision - a.revision)
      .slice(0, Math.min(limit, HISTORY_KEPT))
      .map((d) => ({ revision: d.revision, etag: d.etag, deployedAt: d.deployedAt, deployedBy: d.deployedBy ?? '', counts: d.counts ?? { start: 0, stop: 0, reconfigure: 0, unchanged: 0 } }));
    return { deploys };
  }

  /** graphAt (v1.1): the graph of a kept revision; `not-found` when it is older than the history. */
  async graphAt(revision: number): Promise<GraphAtReply> {
    const all = await this.p.readHistory();
    const d = all.find((x) => x.revision === revision);
    if (!d) {
      const kept = all.map((x) => x.revision).sort((a, b) => a - b);
      throw notFound(kept.length ? `revision ${revision} is not kept: the history holds revisions ${kept[0]}..${kept[kept.length - 1]}` : `revision ${revision} is not kept: nothing has been deployed`);
    }
    return { revision: d.revision, graph: d.graph, deployedAt: d.deployedAt, deployedBy: d.deployedBy ?? '' };
  }

  /** stopGraph (v1.1): stops every instance of the deployed graph and keeps the graph. */
  async stopGraph(): Promise<{ revision: number }> {
    if (this.running) throw conflict('a deploy is running; try again when it has finished');
    this.running = true;
    try {
      const stored = await this.readDeployed();
      if (!stored) return { revision: 0 };
      const ids = Object.keys(stored.value.compiled.subgraphs ?? {}).sort();
      const results = await Promise.allSettled(ids.filter((id) => this.p.isLive(id)).map((id) => this.p.stopInstance(id)));
      const failed = results.filter((r) => r.status === 'rejected').map((r) => toF8Error((r as PromiseRejectedResult).reason).message);
      if (failed.length) throw new F8Error('internal', `stopGraph: ${failed.length} instance(s) did not stop: ${failed.join('; ')}`);
      this.p.log.info(`stopGraph: stopped ${ids.join(', ')} (revision ${stored.value.revision} kept)`);
      return { revision: stored.value.revision };
    } finally {
      this.running = false;
    }
  }

  /** planGraph (v1.1): what deployGraph would do now; touches nothing. */
  async plan(req: PlanGraphRequest): Promise<PlanGraphReply> {
    const { stored, currentRevision } = await this.checkBase(req.baseRevision);
    const previous = stored?.value.compiled ?? null;
    const compiled = this.p.compile(req.graph, previous);
    const valid = !compiled.diagnostics.some((d) => d.severity === 'error');
    return { currentRevision, valid, diagnostics: compiled.diagnostics, plan: valid ? planDeploy(previous, compiled.subgraphs, this.live(previous, compiled.subgraphs), this.p.drifted?.()) : [] };
  }

  private async run(req: DeployRequest, clientId: string): Promise<DeployReply> {
    const { stored, currentRevision } = await this.checkBase(req.baseRevision);
    const previous = stored?.value.compiled ?? null;
    const compiled = this.p.compile(req.graph, previous);
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      throw invalid(`graph has ${errors.length} error(s): ${errors.slice(0, 3).map((d) => d.message).join('; ')}${errors.length > 3 ? '; ...' : ''}`, { diagnostics: compiled.diagnostics });
    }
    const graph = req.graph as ServiceGraph;
    const revision = currentRevision + 1;
    const ev = (instanceId: string, phase: DeployPhase, error?: string) => this.p.publishEvent({ revision, instanceId, phase, ...(error ? { error } : {}) });
    const plan = planDeploy(previous, compiled.subgraphs, this.live(previous, compiled.subgraphs), this.p.drifted?.());
    const byId = new Map(plan.map((e) => [e.instanceId, e]));
    const results = new Map<string, InstanceResult>();
    const startedHere: string[] = [];
    const applied: string[] = [];
    /** The deployRevision each changed instance ran before this deploy (for rollback). */
    const priorRevision = new Map<string, number | null>();

    const changed = plan.filter((e) => e.action === 'start' || e.action === 'reconfigure').map((e) => e.instanceId);
    /** Changed instances whose apply ended in a timeout or a lost connection: maybe applied, maybe not. */
    const uncertain: string[] = [];
    const fail = async (why: F8Error): Promise<never> => {
      await rollback(this.p, revision, [...applied, ...uncertain], startedHere, previous, priorRevision, results, ev, new Set(uncertain));
      // back to what the previous subgraphs need
      await this.p.grant?.(changed.filter((id) => previous?.subgraphs[id]).map((id) => ({ instanceId: id, halfEdges: previous!.subgraphs[id]!.halfEdges ?? [] }))).catch(() => {});
      throw new F8Error(why.code, `deploy of revision ${revision} failed and was rolled back: ${why.message}`, {
        payload: { plan, instances: [...results.values()].sort((a, b) => (a.instanceId < b.instanceId ? -1 : 1)) },
      });
    };

    // 1. Ensure instances: launch the ones that are not running (in parallel).
    const launches = changed.map(async (id) => {
      const sg = compiled.subgraphs[id];
      if (!sg) return;
      const entry = byId.get(id)!;
      // an instance the launcher is restarting by itself is applied to once it is back, not started twice
      await this.p.settleRestart?.(id);
      const before = previous?.subgraphs[id];
      const restart = entry.action === 'start' && before !== undefined && before.serviceClass !== sg.serviceClass;
      if (restart && this.p.isLive(id)) {
        ev(id, 'stopping');
        await this.p.stopInstance(id);
      }
      if (this.p.isLive(id)) return;
      const node = sg.nodes.find((n) => n.nodeId === id);
      const fields = new Set(this.p.ownFields(sg.serviceClass));
      const state = Object.fromEntries(Object.entries(sg.state[id] ?? {}).filter(([k]) => fields.has(k)));
      ev(id, 'starting');
      await this.p.startInstance({ serviceClass: sg.serviceClass, instanceId: id, state, ...(node && node.kind === 'service' && node.restartPolicy ? { restartPolicy: node.restartPolicy } : {}) });
      startedHere.push(id);
      ev(id, 'started');
    });
    const launched = await Promise.allSettled(launches);
    const launchFailure = launched.findIndex((r) => r.status === 'rejected');
    if (launchFailure >= 0) {
      const id = changed[launchFailure]!;
      const err = toF8Error((launched[launchFailure] as PromiseRejectedResult).reason);
      results.set(id, { instanceId: id, status: 'error', error: err.message });
      ev(id, 'failed', err.message);
      return fail(new F8Error(err.code, `instance '${id}' did not start: ${err.message}`));
    }

    // 2. Permissions first (old and new half-edges while they switch), then deployOpGraph to every
    //    changed instance in parallel, each with the revision it runs.
    // (the editor's nodes too: an instance's input from a slider comes from the editor's account)
    const editorEdges = (c: { editor?: { halfEdges: HalfEdge[] } } | null | undefined): HalfEdge[] => [...(c?.editor?.halfEdges ?? [])];
    await this.p.grant?.([
      ...changed.map((id) => ({ instanceId: id, halfEdges: [...(previous?.subgraphs[id]?.halfEdges ?? []), ...(compiled.subgraphs[id]?.halfEdges ?? [])] })),
      { instanceId: EDITOR_INSTANCE_ID, halfEdges: [...editorEdges(previous), ...editorEdges(compiled)] },
    ]);
    const applies = changed.map(async (id) => {
      const sg = compiled.subgraphs[id]!;
      // the revision it runs: the registry's mirror of its status/summary when it has one (an
      // instance this deploy started is asked); a conflict means the mirror was behind: ask, once
      const asked = async () => (await this.p.instance(id).call('status', {}, { timeoutMs: APPLY_TIMEOUT_MS })).graphRevision ?? null;
      const mirrored = startedHere.includes(id) ? undefined : this.p.known?.(id)?.graphRevision;
      let expected = mirrored !== undefined ? mirrored : await asked();
      priorRevision.set(id, expected);
      ev(id, 'applying');
      const subgraph: Subgraph = { ...sg, deployRevision: revision };
      const exit = this.p.exited?.(id);
      const apply = () =>
        Promise.race([
          this.p.instance(id).call('deployOpGraph', { subgraph, expectedDeployRevision: expected }, { timeoutMs: APPLY_TIMEOUT_MS }),
          ...(exit ? [exit.promise.then((): never => { throw new F8Error('unavailable', `'${id}' exited while applying its subgraph`); })] : []),
        ]);
      let r: { graphRevision: number };
      try {
        try {
          r = await apply();
        } catch (err) {
          if (mirrored === undefined || toF8Error(err).code !== 'conflict') throw err;
          expected = await asked();
          priorRevision.set(id, expected);
          r = await apply();
        }
      } finally {
        exit?.dispose();
      }
      applied.push(id);
      results.set(id, { instanceId: id, status: 'applied', graphRevision: r.graphRevision });
      ev(id, 'applied');
    });
    const acks = await Promise.allSettled(applies);
    const firstBad = acks.findIndex((r) => r.status === 'rejected');
    if (firstBad >= 0) {
      for (const [i, r] of acks.entries()) {
        if (r.status !== 'rejected') continue;
        const id = changed[i]!;
        const err = toF8Error(r.reason);
        if (err.code === 'timeout' || err.code === 'unavailable') uncertain.push(id);
        results.set(id, { instanceId: id, status: 'failed', error: err.message });
        ev(id, 'failed', err.message);
      }
      const id = changed[firstBad]!;
      const err = toF8Error((acks[firstBad] as PromiseRejectedResult).reason);
      const what = uncertain.includes(id) ? 'did not confirm its subgraph (it died or went silent while applying)' : 'refused its subgraph';
      return fail(new F8Error(err.code, `instance '${id}' ${what}: ${err.message}`));
    }

    // 3. Persist the whole compilation as one blob (compare-and-set).
    const counts: PlanCounts = { start: 0, stop: 0, reconfigure: 0, unchanged: 0 };
    for (const e of plan) counts[e.action]++;
    const value: DeployedGraph = { revision, etag: compiled.etag, graph, compiled, deployedAt: new Date(this.p.now()).toISOString(), deployedBy: clientId, counts };
    try {
      const kvRevision = await this.p.writeDeployed(value, stored?.kvRevision ?? null);
      this.last = typeof kvRevision === 'number' ? { value, kvRevision } : undefined;
    } catch (err) {
      this.last = undefined; // read it again next time
      return fail(new F8Error('conflict', `the deployed graph changed while deploying: ${toF8Error(err).message}`));
    }

    // the switch is done: each changed instance keeps only what its new half-edges need
    await this.p.grant?.([...changed.map((id) => ({ instanceId: id, halfEdges: compiled.subgraphs[id]?.halfEdges ?? [] })), { instanceId: EDITOR_INSTANCE_ID, halfEdges: editorEdges(compiled) }]).catch((err: unknown) => this.p.log.warn(`deploy: permissions: ${(err as Error).message}`));

    // 4. Instances that left the graph are stopped.
    for (const e of plan.filter((x) => x.action === 'stop')) {
      ev(e.instanceId, 'stopping');
      try {
        await this.p.stopInstance(e.instanceId);
        results.set(e.instanceId, { instanceId: e.instanceId, status: 'stopped' });
        ev(e.instanceId, 'stopped');
      } catch (err) {
        const m = toF8Error(err).message;
        results.set(e.instanceId, { instanceId: e.instanceId, status: 'error', error: `stop failed: ${m}` });
      }
    }

    // 5. Activate consumers before producers, a level at a time (each level in parallel). An
    //    instance this deploy did not start and that is activated already (deployOpGraph never
    //    changes activation) is left alone.
    const started = new Set(startedHere);
    const activeAlready = (id: string) => !started.has(id) && this.p.known?.(id)?.status === 'activated';
    if (req.activate !== false) {
      for (const level of activationLevels(compiled.subgraphs)) {
        await Promise.all(
          level.map(async (id) => {
            if (activeAlready(id)) {
              results.set(id, { ...(results.get(id) ?? { instanceId: id }), instanceId: id, status: 'activated' });
              return;
            }
            try {
              const r = await this.p.instance(id).call('activate', {}, { timeoutMs: APPLY_TIMEOUT_MS });
              ev(id, 'activated');
              const prior = results.get(id);
              results.set(id, { ...(prior ?? { instanceId: id }), instanceId: id, status: r.status });
            } catch (err) {
              results.set(id, { instanceId: id, status: 'error', error: `activate failed: ${toF8Error(err).message}` });
            }
          }),
        );
      }
    }
    for (const id of Object.keys(compiled.subgraphs)) {
      if (!results.has(id)) results.set(id, { instanceId: id, status: 'unchanged' });
    }
    // the revision each instance runs: known from its apply, else from the registry's mirror of
    // its status/summary; asked (all at once) only where neither knows. A status this deploy saw
    // (an activate's reply) is newer than the mirror, which may not have caught up yet.
    await Promise.all(
      Object.keys(compiled.subgraphs).map(async (id) => {
        const r = results.get(id)!;
        if (r.graphRevision !== undefined) return;
        const k = started.has(id) ? undefined : this.p.known?.(id);
        const s = k && k.graphRevision !== undefined ? k : await this.p.instance(id).call('status', {}, { timeoutMs: APPLY_TIMEOUT_MS }).catch(() => null);
        if (s) results.set(id, { ...r, status: r.status === 'unchanged' ? (s.status as InstanceResult['status']) : r.status, graphRevision: s.graphRevision ?? null });
      }),
    );
    this.p.log.info(`deploy: revision ${revision} (${plan.map((e) => `${e.instanceId}:${e.action}`).join(', ')})`);
    return { revision, etag: compiled.etag, plan, instances: [...results.values()].sort((a, b) => (a.instanceId < b.instanceId ? -1 : 1)) };
  }
}

