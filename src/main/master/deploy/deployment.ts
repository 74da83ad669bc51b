// One deploy in flight, step by step (deploy.ts runs the steps in order): ensure the changed
// instances run, widen their NATS permissions, apply each one's subgraph, persist the deploy,
// narrow the permissions, stop the instances that left the graph, activate consumers before
// producers, and read the revision each instance runs. `fail` rolls back and throws.
import { F8Error, toF8Error } from '../../../shared/errors.js';
import type { Compilation, PlanEntry } from '../../../shared/compiler/index.js';
import { EDITOR_INSTANCE_ID } from '../../../shared/naming.js';
import type { HalfEdge, Subgraph } from '../../../shared/types.js';
import { activationLevels } from './activation.js';
import { APPLY_TIMEOUT_MS, type DeployedGraph, type DeployPhase, type DeployPorts, type InstanceResult } from './ports.js';
import { rollback } from './rollback.js';

type Previous = DeployedGraph['compiled'] | null;

/** The editor's half-edges of a compilation (an instance's input from a slider comes from the editor's account). */
function editorEdges(c: { editor?: { halfEdges: HalfEdge[] } } | null | undefined): HalfEdge[] {
  return [...(c?.editor?.halfEdges ?? [])];
}

/**
 * Old and new half-edges together, each once: when a deploy leaves an instance's half-edges as
 * they were, its grant is the one it has, and the permissions are not rebuilt (or reloaded).
 */
function union(before: readonly HalfEdge[], after: readonly HalfEdge[]): HalfEdge[] {
  const seen = new Set(before.map((h) => JSON.stringify(h)));
  return [...before, ...after.filter((h) => !seen.has(JSON.stringify(h)))];
}

export class Deployment {
  readonly results = new Map<string, InstanceResult>();
  /** Changed instances (started or reconfigured by the plan). */
  readonly changed: string[];
  private readonly byId: Map<string, PlanEntry>;
  private readonly startedHere: string[] = [];
  private readonly applied: string[] = [];
  /** The deployRevision each changed instance ran before this deploy (for rollback). */
  private readonly priorRevision = new Map<string, number | null>();
  /** Changed instances whose apply ended in a timeout or a lost connection: maybe applied, maybe not. */
  private readonly uncertain: string[] = [];

  constructor(
    private readonly p: DeployPorts,
    readonly revision: number,
    private readonly previous: Previous,
    private readonly compiled: Compilation,
    readonly plan: PlanEntry[],
  ) {
    this.byId = new Map(plan.map((e) => [e.instanceId, e]));
    this.changed = plan.filter((e) => e.action === 'start' || e.action === 'reconfigure').map((e) => e.instanceId);
  }

  ev(instanceId: string, phase: DeployPhase, error?: string): void {
    this.p.publishEvent({ revision: this.revision, instanceId, phase, ...(error ? { error } : {}) });
  }

  /** Rolls back what this deploy did and throws `why` as the deploy's error, carrying {plan, instances}. */
  async fail(why: F8Error): Promise<never> {
    const { p, previous, changed } = this;
    await rollback(
      p,
      this.revision,
      [...this.applied, ...this.uncertain],
      this.startedHere,
      previous,
      this.priorRevision,
      this.results,
      (id, phase, error) => this.ev(id, phase, error),
      new Set(this.uncertain),
    );
    // back to what the previous subgraphs need
    await p.grant?.(changed.filter((id) => previous?.subgraphs[id]).map((id) => ({ instanceId: id, halfEdges: previous!.subgraphs[id]!.halfEdges ?? [] }))).catch(() => {});
    throw new F8Error(why.code, `deploy of revision ${this.revision} failed and was rolled back: ${why.message}`, {
      payload: { plan: this.plan, instances: this.sortedResults() },
    });
  }

  sortedResults(): InstanceResult[] {
    return [...this.results.values()].sort((a, b) => (a.instanceId < b.instanceId ? -1 : 1));
  }

  /** 1. Launches the changed instances that are not running (in parallel); a failure rolls back. */
  async ensureInstances(): Promise<void> {
    const launched = await Promise.allSettled(this.changed.map((id) => this.ensureInstance(id)));
    const launchFailure = launched.findIndex((r) => r.status === 'rejected');
    if (launchFailure < 0) return;
    const id = this.changed[launchFailure]!;
    const err = toF8Error((launched[launchFailure] as PromiseRejectedResult).reason);
    this.results.set(id, { instanceId: id, status: 'error', error: err.message });
    this.ev(id, 'failed', err.message);
    await this.fail(new F8Error(err.code, `instance '${id}' did not start: ${err.message}`));
  }

  private async ensureInstance(id: string): Promise<void> {
    const { p } = this;
    const sg = this.compiled.subgraphs[id];
    if (!sg) return;
    const entry = this.byId.get(id)!;
    // an instance the launcher is restarting by itself is applied to once it is back, not started twice
    await p.settleRestart?.(id);
    const before = this.previous?.subgraphs[id];
    const restart = entry.action === 'start' && before !== undefined && before.serviceClass !== sg.serviceClass;
    if (restart && (p.isLive(id) || p.hasProcess?.(id))) {
      this.ev(id, 'stopping');
      await p.stopInstance(id);
    }
    // an unresponsive instance whose process is there is applied to (its answer or its timeout
    // decides), not started a second time: lifecycle refuses that as a conflict
    if (p.isLive(id) || p.hasProcess?.(id)) return;
    const node = sg.nodes.find((n) => n.nodeId === id);
    const fields = new Set(p.ownFields(sg.serviceClass));
    const state = Object.fromEntries(Object.entries(sg.state[id] ?? {}).filter(([k]) => fields.has(k)));
    this.ev(id, 'starting');
    await p.startInstance({ serviceClass: sg.serviceClass, instanceId: id, state, ...(node && node.kind === 'service' && node.restartPolicy ? { restartPolicy: node.restartPolicy } : {}) });
    this.startedHere.push(id);
    this.ev(id, 'started');
  }

  /** 2a. Permissions for the switch: old and new half-edges of the changed instances and the editor. */
  async grantForSwitch(): Promise<void> {
    const { previous, compiled } = this;
    await this.p.grant?.([
      ...this.changed.map((id) => ({ instanceId: id, halfEdges: union(previous?.subgraphs[id]?.halfEdges ?? [], compiled.subgraphs[id]?.halfEdges ?? []) })),
      { instanceId: EDITOR_INSTANCE_ID, halfEdges: union(editorEdges(previous), editorEdges(compiled)) },
    ]);
  }

  /** 2b. deployOpGraph to every changed instance in parallel, each with the revision it runs; a failure rolls back. */
  async applyAll(): Promise<void> {
    const acks = await Promise.allSettled(this.changed.map((id) => this.apply(id)));
    const firstBad = acks.findIndex((r) => r.status === 'rejected');
    if (firstBad < 0) return;
    for (const [i, r] of acks.entries()) {
      if (r.status !== 'rejected') continue;
      const id = this.changed[i]!;
      const err = toF8Error(r.reason);
      if (err.code === 'timeout' || err.code === 'unavailable') this.uncertain.push(id);
      this.results.set(id, { instanceId: id, status: 'failed', error: err.message });
      this.ev(id, 'failed', err.message);
    }
    const id = this.changed[firstBad]!;
    const err = toF8Error((acks[firstBad] as PromiseRejectedResult).reason);
    const what = this.uncertain.includes(id) ? 'did not confirm its subgraph (it died or went silent while applying)' : 'refused its subgraph';
    await this.fail(new F8Error(err.code, `instance '${id}' ${what}: ${err.message}`));
  }

  private async apply(id: string): Promise<void> {
    const { p, revision } = this;
    const sg = this.compiled.subgraphs[id]!;
    // the revision it runs: the registry's mirror of its status/summary when it has one (an
    // instance this deploy started is asked); a conflict means the mirror was behind: ask, once
    const asked = async () => (await p.instance(id).call('status', {}, { timeoutMs: APPLY_TIMEOUT_MS })).graphRevision ?? null;
    const mirrored = this.startedHere.includes(id) ? undefined : p.known?.(id)?.graphRevision;
    let expected = mirrored !== undefined ? mirrored : await asked();
    this.priorRevision.set(id, expected);
    this.ev(id, 'applying');
    const subgraph: Subgraph = { ...sg, deployRevision: revision };
    const exit = p.exited?.(id);
    const apply = () =>
      Promise.race([
        p.instance(id).call('deployOpGraph', { subgraph, expectedDeployRevision: expected }, { timeoutMs: APPLY_TIMEOUT_MS }),
        ...(exit
          ? [
              exit.promise.then((): never => {
                throw new F8Error('unavailable', `'${id}' exited while applying its subgraph`);
              }),
            ]
          : []),
      ]);
    let r: { graphRevision: number };
    try {
      try {
        r = await apply();
      } catch (err) {
        if (mirrored === undefined || toF8Error(err).code !== 'conflict') throw err;
        expected = await asked();
        this.priorRevision.set(id, expected);
        r = await apply();
      }
    } finally {
      exit?.dispose();
    }
    this.applied.push(id);
    this.results.set(id, { instanceId: id, status: 'applied', graphRevision: r.graphRevision });
    this.ev(id, 'applied');
  }

  /** 3b. The switch is done: each changed instance keeps only what its new half-edges need. */
  async narrowGrants(): Promise<void> {
    const { compiled } = this;
    await this.p
      .grant?.([...this.changed.map((id) => ({ instanceId: id, halfEdges: compiled.subgraphs[id]?.halfEdges ?? [] })), { instanceId: EDITOR_INSTANCE_ID, halfEdges: editorEdges(compiled) }])
      .catch((err: unknown) => this.p.log.warn(`deploy: permissions: ${(err as Error).message}`));
  }

  /** 4. Instances that left the graph are stopped (one by one; a failure is reported, not rolled back). */
  async stopLeavers(): Promise<void> {
    for (const e of this.plan.filter((x) => x.action === 'stop')) {
      this.ev(e.instanceId, 'stopping');
      try {
        await this.p.stopInstance(e.instanceId);
        this.results.set(e.instanceId, { instanceId: e.instanceId, status: 'stopped' });
        this.ev(e.instanceId, 'stopped');
      } catch (err) {
        const m = toF8Error(err).message;
        this.results.set(e.instanceId, { instanceId: e.instanceId, status: 'error', error: `stop failed: ${m}` });
      }
    }
  }

  /**
   * 5. Activates consumers before producers, a level at a time (each level in parallel). An
   * instance this deploy did not start and that is activated already (deployOpGraph never
   * changes activation) is left alone.
   */
  async activate(): Promise<void> {
    const started = new Set(this.startedHere);
    const activeAlready = (id: string) => !started.has(id) && this.p.known?.(id)?.status === 'activated';
    for (const level of activationLevels(this.compiled.subgraphs)) {
      await Promise.all(
        level.map(async (id) => {
          if (activeAlready(id)) {
            this.results.set(id, { ...(this.results.get(id) ?? { instanceId: id }), instanceId: id, status: 'activated' });
            return;
          }
          try {
            const r = await this.p.instance(id).call('activate', {}, { timeoutMs: APPLY_TIMEOUT_MS });
            this.ev(id, 'activated');
            const prior = this.results.get(id);
            this.results.set(id, { ...(prior ?? { instanceId: id }), instanceId: id, status: r.status });
          } catch (err) {
            this.results.set(id, { instanceId: id, status: 'error', error: `activate failed: ${toF8Error(err).message}` });
          }
        }),
      );
    }
  }

  /**
   * 6. The revision each instance runs: known from its apply, else from the registry's mirror of
   * its status/summary; asked (all at once) only where neither knows. A status this deploy saw
   * (an activate's reply) is newer than the mirror, which may not have caught up yet.
   */
  async readRevisions(): Promise<void> {
    const { results } = this;
    const started = new Set(this.startedHere);
    for (const id of Object.keys(this.compiled.subgraphs)) {
      if (!results.has(id)) results.set(id, { instanceId: id, status: 'unchanged' });
    }
    await Promise.all(
      Object.keys(this.compiled.subgraphs).map(async (id) => {
        const r = results.get(id)!;
        if (r.graphRevision !== undefined) return;
        const k = started.has(id) ? undefined : this.p.known?.(id);
        const s =
          k && k.graphRevision !== undefined
            ? k
            : await this.p
                .instance(id)
                .call('status', {}, { timeoutMs: APPLY_TIMEOUT_MS })
                .catch(() => null);
        if (s) results.set(id, { ...r, status: r.status === 'unchanged' ? (s.status as InstanceResult['status']) : r.status, graphRevision: s.graphRevision ?? null });
      }),
    );
  }
}
