// What the deployer works with, made of the master's parts: kv_f8_master for the stored deploys,
// the compiler (memoized on the catalog), the registry's view of each instance, the lifecycle to
// start and stop them, the launcher's exits, the grants (NATS permissions) and the deploy events.
// master.ts builds one and hands it to the Deployer (deploy/ports.ts says what each port is for).
import type { NatsTransport, InstanceClient } from '../../bus/index.js';
import { compile, compileCatalogFrom, restate, type Compilation } from '../../shared/compiler/index.js';
import type { DeployEvent } from '../../shared/deploy-events.js';
import { encodeJson } from '../../shared/envelope.js';
import { isRunning } from '../../shared/instance-running.js';
import { buckets, keys, subjects } from '../../shared/naming.js';
import { validate } from '../../shared/schemas.js';
import type { JsonKv, KvProvider, Logger } from '../../shared/ports.js';
import type { HalfEdge, OperatorSpec } from '../../shared/types.js';
import { nativeSha256 } from '../util/sha256.js';
import type { Grants } from './authority.js';
import type { Catalog } from './catalog/catalog.js';
import type { CompileMemo } from './deploy/compile-memo.js';
import type { DeployedGraph, DeployPorts } from './deploy/ports.js';
import type { Launcher } from './launcher/launcher.js';
import type { Lifecycle } from './lifecycle.js';
import type { Registry } from './registry/registry.js';

export interface MasterParts {
  /** kv_f8_master: `graph` holds the deployed graph, with its history. */
  masterKv: JsonKv<DeployedGraph>;
  catalog: Catalog;
  registry: Registry;
  lifecycle: Lifecycle;
  launcher: Launcher;
  grants: Grants;
  compileMemo: CompileMemo;
  /** The store: instance buckets (an engine's published operators). */
  kv: KvProvider;
  maxInstances: number;
  bus: NatsTransport;
  instance(instanceId: string): InstanceClient;
  log: Logger;
  now(): number;
}

/** instanceId -> the etag of the subgraph a deploy gave it. */
export function deployedEtags(d: DeployedGraph): Map<string, string> {
  return new Map(Object.entries(d.compiled?.subgraphs ?? {}).flatMap(([id, sg]) => (typeof sg?.etag === 'string' ? [[id, sg.etag] as [string, string]] : [])));
}

/** An engine's published operators, read once per run of its process (plugins load at its start). */
interface EngineOperators {
  runId: string;
  specs: OperatorSpec[];
}

/**
 * instanceId -> the operator specs a running engine published under `catalog/operators` in its
 * bucket (built-ins and plugins): the compiler resolves an operator against its engine's manifest
 * and these. Read once per run of each engine (`known` keeps them by runId); an engine that is
 * not running, or whose list cannot be read, offers its manifest's.
 */
export async function runningEngineOperators(m: Pick<MasterParts, 'registry' | 'catalog' | 'kv'>, known: Map<string, EngineOperators>): Promise<Record<string, OperatorSpec[]>> {
  const engines = m.registry
    .ids()
    .sort()
    .flatMap((id) => {
      const r = m.registry.get(id);
      return r && isRunning(r) && m.catalog.get(r.serviceClass)?.manifest.engine ? [{ id, runId: r.runId }] : [];
    });
  for (const id of [...known.keys()]) if (!engines.some((e) => e.id === id)) known.delete(id);
  await Promise.all(
    engines
      .filter((e) => known.get(e.id)?.runId !== e.runId)
      .map(async ({ id, runId }) => {
        try {
          const e = await (await m.kv.openExisting<unknown>(buckets.instance(id))).get(keys.operatorCatalog);
          if (Array.isArray(e?.value)) known.set(id, { runId, specs: e.value.filter((x): x is OperatorSpec => validate('operator-spec', x).ok) });
        } catch {
          // no bucket or no answer: the manifest's operators only (asked again next time)
        }
      }),
  );
  return Object.fromEntries(engines.flatMap(({ id }) => (known.has(id) ? [[id, known.get(id)!.specs] as [string, OperatorSpec[]]] : [])));
}

export class MasterDeployPorts implements DeployPorts {
  readonly log: Logger;
  private readonly engineOperators = new Map<string, EngineOperators>();

  constructor(private readonly m: MasterParts) {
    this.log = m.log;
  }

  async compile(graph: unknown, previous: Pick<Compilation, 'subgraphs'> | null): Promise<Compilation> {
    const { catalog, compileMemo, maxInstances } = this.m;
    const entries = catalog.entries();
    // the operators running engines publish (their plugins' included): what the editor offers
    const engineOperators = await runningEngineOperators(this.m, this.engineOperators);
    const engines = Object.keys(engineOperators).map((id) => `${id}:${this.engineOperators.get(id)!.runId}`);
    const catalogKey = `${maxInstances}|${entries.map((e) => `${e.serviceClass}:${e.manifestHash}`).join(',')}|${engines.join(',')}`;
    const compileCatalog = { ...compileCatalogFrom(entries), engineOperators };
    return compileMemo.compile(graph, catalogKey, {
      full: () => compile(graph, compileCatalog, previous, { maxInstances, sha256: nativeSha256 }),
      restate: (base, key) => restate(base, graph, compileCatalog, previous, { sha256: nativeSha256, key }),
    });
  }

  async readHistory(): Promise<DeployedGraph[]> {
    return (await this.m.masterKv.history(keys.graph)).map((e) => e.value);
  }

  async readDeployed(): Promise<{ value: DeployedGraph; kvRevision: number } | null> {
    const e = await this.m.masterKv.get(keys.graph);
    return e ? { value: e.value, kvRevision: e.revision } : null;
  }

  async writeDeployed(value: DeployedGraph, kvRevision: number | null): Promise<number> {
    const { masterKv, registry } = this.m;
    const written = kvRevision === null ? await masterKv.create(keys.graph, value) : await masterKv.update(keys.graph, value, kvRevision);
    registry.setDeployedEtags(deployedEtags(value));
    return written;
  }

  known(instanceId: string): { status: string; graphRevision?: number | null } | undefined {
    return this.m.registry.get(instanceId);
  }

  drifted(): ReadonlySet<string> {
    return this.m.registry.drifted();
  }

  grant(list: { instanceId: string; halfEdges: readonly HalfEdge[] }[]): Promise<void> {
    return this.m.grants.grant(list);
  }

  isLive(instanceId: string): boolean {
    return isRunning(this.m.registry.get(instanceId));
  }

  hasProcess(instanceId: string): boolean {
    return this.m.launcher.isRunning(instanceId);
  }

  settleRestart(instanceId: string): Promise<void> {
    return this.m.lifecycle.settleRestart(instanceId);
  }

  async startInstance(req: Parameters<DeployPorts['startInstance']>[0]): Promise<void> {
    await this.m.lifecycle.start(req);
  }

  stopInstance(instanceId: string): Promise<void> {
    return this.m.lifecycle.stop(instanceId);
  }

  instance(instanceId: string): InstanceClient {
    return this.m.instance(instanceId);
  }

  ownFields(serviceClass: string): string[] {
    return (this.m.catalog.get(serviceClass)?.manifest.stateFields ?? []).map((f) => f.name);
  }

  publishEvent(e: DeployEvent): void {
    this.m.bus.publish(subjects.deployEvents, encodeJson(e));
  }

  exited(instanceId: string): { promise: Promise<void>; dispose(): void } {
    let done: () => void = () => {};
    const promise = new Promise<void>((r) => (done = r));
    const sub = this.m.launcher.onExit((info) => info.instanceId === instanceId && done());
    return { promise, dispose: () => void sub.dispose() };
  }

  now(): number {
    return this.m.now();
  }
}
