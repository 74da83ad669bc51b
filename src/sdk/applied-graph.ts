// The subgraph an instance runs (split out of host.ts): deployOpGraph's checks and apply (the
// service's onGraph, the data bus and state edges rewired, the state values and resets written,
// then `graph` and the status that names the revision), and its restore from the bucket after a
// process restart.
import { createHash } from 'node:crypto';
import { F8Error } from '../shared/errors.js';
import type { Sha256 } from '../shared/hash.js';
import { keys } from '../shared/naming.js';
import { validate } from '../shared/schemas.js';
import { stateResets } from '../shared/compiler/plan.js';
import type { JsonKv } from '../shared/ports.js';
import type { DeployOpGraphRequest, Manifest, Subgraph } from '../shared/types.js';
import type { DataBus } from './bus.js';
import { checkSeededState, checkSubgraph, fieldSpec, type FieldLookup } from './checks.js';
import type { InstanceState } from './state.js';
import type { ServiceContext, ServiceDefinition } from './types.js';

/** node:crypto's SHA-256 for the etag check (the pure one in src/shared is for the browser). */
const nativeSha256: Sha256 = (text) => createHash('sha256').update(text).digest();

/** What applying a subgraph needs from the host. */
export interface GraphHost {
  readonly instanceId: string;
  readonly manifest: Manifest;
  readonly def: ServiceDefinition;
  readonly ctx: ServiceContext;
  readonly bus: DataBus;
  readonly state: InstanceState;
  readonly kv: JsonKv<unknown>;
  actor(): string;
  masterReachable(): boolean;
  fields(): FieldLookup;
  /** Writes status/summary again (it names the revision and the etag). */
  writeStatus(): Promise<void>;
  log(text: string): void;
}

export class AppliedGraph {
  subgraph: Subgraph | null = null;
  /** The deployRevision it runs (null before the first deploy). */
  revision: number | null = null;

  constructor(private readonly h: GraphHost) {}

  async deploy(p: DeployOpGraphRequest): Promise<{ graphRevision: number }> {
    if (!this.h.masterReachable()) throw new F8Error('unavailable', 'the master is unreachable: this instance keeps its last graph and refuses deployOpGraph (read-only)');
    checkSubgraph(this.h.fields(), p, this.revision, nativeSha256);
    await this.apply(p.subgraph);
    return { graphRevision: p.subgraph.deployRevision };
  }

  private async apply(sg: Subgraph): Promise<void> {
    const { h } = this;
    checkSeededState(h.fields(), sg); // first: a bad subgraph changes nothing
    const previous = this.subgraph;
    await h.def.onGraph?.(h.ctx, sg);
    this.wire(sg);
    // every key is written once, so the state writes go out together; the graph and the status,
    // which names the revision, together once they are all in
    const writes: Promise<unknown>[] = [];
    for (const [nodeId, fields] of Object.entries(sg.state ?? {})) {
      for (const [field, value] of Object.entries(fields)) writes.push(h.state.write(nodeId, field, value, 'topology', h.actor(), true));
    }
    // a field the previous subgraph set and this one does not returns to its default (a revert
    // brings the old revision back); a field neither sets keeps its live value
    for (const { nodeId, field } of stateResets(previous, sg)) {
      const spec = fieldSpec(h.fields(), nodeId, field, sg);
      writes.push(spec?.default !== undefined ? h.state.write(nodeId, field, spec.default, 'topology', h.actor(), true) : h.state.remove(nodeId, field));
    }
    const settled = await Promise.allSettled(writes);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    this.revision = sg.deployRevision;
    await Promise.all([h.kv.put(keys.graph, sg), h.writeStatus()]);
  }

  /** After a process restart, the applied subgraph comes back from the bucket. */
  async restore(): Promise<void> {
    const { h } = this;
    try {
      const e = await h.kv.get(keys.graph);
      if (!e) return;
      const r = validate<Subgraph>('subgraph', e.value);
      if (!r.ok) throw new Error(r.message);
      await h.def.onGraph?.(h.ctx, r.value);
      this.revision = r.value.deployRevision;
      this.wire(r.value);
      h.log(`restored graph revision ${r.value.deployRevision}`);
    } catch (err) {
      h.log(`could not restore the stored graph: ${(err as Error).message}`);
    }
  }

  private wire(sg: Subgraph): void {
    this.subgraph = sg;
    this.h.bus.configure(sg.halfEdges, (nodeId, port) => this.inputSchema(sg, nodeId, port));
    this.h.state.wireEdges(sg.halfEdges);
  }

  /** The value schema of one of the service's own data inputs (its manifest's, or one its node declares); undefined for others (an engine guards its operators). */
  private inputSchema(sg: Subgraph, nodeId: string, port: string): unknown {
    if (nodeId !== this.h.instanceId) return undefined;
    const own = (this.h.manifest.dataInPorts ?? []).find((p) => p.name === port);
    if (own) return own.valueSchema;
    const node = sg.nodes.find((n) => n.nodeId === nodeId);
    return node && node.kind !== 'editor' ? node.ports?.dataIn?.find((p) => p.name === port)?.valueSchema : undefined;
  }
}
