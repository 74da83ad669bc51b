// deployGraph (docs/contract.md, Deploy): serialized; baseRevision check; compile (diagnostics ->
// invalid, nothing touched); ensure instances; deployOpGraph to every changed instance in
// parallel; on all acks write kv_f8_master/graph with compare-and-set, stop instances that left
// the graph, activate consumers before producers. On any failure: instances that applied get
// their previous subgraph back, instances this deploy started are stopped, the prior graph
// keeps running, and the reply is an error carrying {plan, instances}. The steps of one deploy
// are in deployment.ts; what the deploy needs from the master is DeployPorts (ports.ts).
import { F8Error, conflict, invalid, notFound, toF8Error } from '../../../shared/errors.js';
import { planDeploy, type Compilation, type CompiledSubgraph } from '../../../shared/compiler/index.js';
import type { DeployGraphReply, DeployGraphRequest, GraphAtReply, HistoryEntry, PlanCounts, PlanGraphReply, PlanGraphRequest } from '../../../shared/verbs.js';
import type { ServiceGraph } from '../../../shared/types.js';
import { Deployment } from './deployment.js';
import type { DeployedGraph, DeployPorts } from './ports.js';

export { type DeployedGraph, type DeployEvent, type DeployPhase, type DeployPorts } from './ports.js';

export const HISTORY_KEPT = 64;
export const DEFAULT_HISTORY_LIMIT = 20;

export type DeployRequest = DeployGraphRequest;
export type DeployReply = DeployGraphReply;

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

  /**
   * The instances of either compilation that run now (for the plan): registered and answering, or
   * with their process there (unresponsive on a loaded machine). The deployment applies to those
   * rather than starting them again, so the plan must not say "not running" of them.
   */
  private live(previous: Pick<Compilation, 'subgraphs'> | null, next: Record<string, CompiledSubgraph>): Set<string> {
    return new Set([...Object.keys(previous?.subgraphs ?? {}), ...Object.keys(next)].filter((id) => this.p.isLive(id) || !!this.p.hasProcess?.(id)));
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
      throw notFound(
        kept.length ? `revision ${revision} is not kept: the history holds revisions ${kept[0]}..${kept[kept.length - 1]}` : `revision ${revision} is not kept: nothing has been deployed`,
      );
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
    const compiled = await this.p.compile(req.graph, previous);
    const valid = !compiled.diagnostics.some((d) => d.severity === 'error');
    return { currentRevision, valid, diagnostics: compiled.diagnostics, plan: valid ? planDeploy(previous, compiled.subgraphs, this.live(previous, compiled.subgraphs), this.p.drifted?.()) : [] };
  }

  private async run(req: DeployRequest, clientId: string): Promise<DeployReply> {
    const { stored, currentRevision } = await this.checkBase(req.baseRevision);
    const previous = stored?.value.compiled ?? null;
    const compiled = await this.p.compile(req.graph, previous);
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      throw invalid(
        `graph has ${errors.length} error(s): ${errors
          .slice(0, 3)
          .map((d) => d.message)
          .join('; ')}${errors.length > 3 ? '; ...' : ''}`,
        { diagnostics: compiled.diagnostics },
      );
    }
    const revision = currentRevision + 1;
    const plan = planDeploy(previous, compiled.subgraphs, this.live(previous, compiled.subgraphs), this.p.drifted?.());
    const d = new Deployment(this.p, revision, previous, compiled, plan);
    await d.ensureInstances();
    await d.grantForSwitch();
    await d.applyAll();
    await this.persist(d, req.graph as ServiceGraph, compiled, stored?.kvRevision ?? null, clientId);
    await d.narrowGrants();
    await d.stopLeavers();
    if (req.activate !== false) await d.activate();
    await d.readRevisions();
    this.p.log.info(`deploy: revision ${revision} (${plan.map((e) => `${e.instanceId}:${e.action}`).join(', ')})`);
    return { revision, etag: compiled.etag, plan, instances: d.sortedResults() };
  }

  /** 3. Persists the whole compilation as one blob (compare-and-set); a lost race rolls the deploy back. */
  private async persist(d: Deployment, graph: ServiceGraph, compiled: Compilation, kvRevision: number | null, clientId: string): Promise<void> {
    const counts: PlanCounts = { start: 0, stop: 0, reconfigure: 0, unchanged: 0 };
    for (const e of d.plan) counts[e.action]++;
    const value: DeployedGraph = { revision: d.revision, etag: compiled.etag, graph, compiled, deployedAt: new Date(this.p.now()).toISOString(), deployedBy: clientId, counts };
    try {
      const written = await this.p.writeDeployed(value, kvRevision);
      this.last = typeof written === 'number' ? { value, kvRevision: written } : undefined;
    } catch (err) {
      this.last = undefined; // read it again next time
      await d.fail(new F8Error('conflict', `the deployed graph changed while deploying: ${toF8Error(err).message}`));
    }
  }
}
