// The compiler's last step (pure): the checked graph's nodes and edges placed into one subgraph
// per instance, with the half-edges of cross-instance edges, data edges promoted through
// container boundaries, the etags and the deploy plan.
import type { GraphEdge, GraphNode, HalfEdge, JsonSchema, Manifest, OperatorNode, PortSpec, Strategy } from '../types.js';
import { shortHash, type Sha256 } from '../hash.js';
import { buckets, deriveBusId, keys, NAME_PATTERN, subjects } from '../naming.js';
import { cmp } from './cycles.js';
import type { Diagnostics } from './diagnostics.js';
import { withEtag, wholeEtag } from './etag.js';
import { planDeploy } from './plan.js';
import type { NodeInfo } from './resolve.js';
import { isAnySchema } from './schema-compat.js';
import type { Compilation, CompiledSubgraph, Promotion } from './types.js';
import { isObject, own, ref } from './util.js';

export const SUBGRAPH_SCHEMA_VERSION = 'f8studio-subgraph/1';
export const CROSS_DATA_DEFAULTS = { strategy: 'latest' as Strategy, queueSize: 64, dropOld: true } as const;

const VIEW_ONLY = new Set(['position', 'label', 'state']);

/** An edge of the graph whose two ends are known nodes. */
export interface ResolvedEdge {
  edge: GraphEdge;
  edgeId: string;
  from: NodeInfo;
  to: NodeInfo;
}

// ---------------------------------------------------------------- helpers

function clone<T>(v: T): T {
  // a primitive is its own copy (most node fields are strings)
  return v === null || typeof v !== 'object' ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of [...entries].sort((a, b) => cmp(a[0], b[0]))) out[k] = v;
  return out;
}

/** The synthesized container port for an edge: `p_<edgeId>` (hashed when that is too long for a port name). */
export function promotedPortName(edgeId: string): string {
  const name = `p_${edgeId}`;
  return NAME_PATTERN.test(name) ? name : `p_e${shortHash(edgeId, 20)}`;
}

// ---------------------------------------------------------------- nodes and edges as deployed

/** A node as an instance sees it: view-only fields (position, label, x-*) and state (it is in `state`) removed. */
function deployedNode(n: GraphNode): GraphNode {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(n).sort(cmp)) {
    if (VIEW_ONLY.has(key) || key.startsWith('x-')) continue;
    out[key] = clone((n as unknown as Record<string, unknown>)[key]);
  }
  return out as unknown as GraphNode;
}

function edgeOut(edge: GraphEdge, edgeId: string): GraphEdge {
  const out: GraphEdge = { edgeId, kind: edge.kind, from: { nodeId: edge.from.nodeId, port: edge.from.port }, to: { nodeId: edge.to.nodeId, port: edge.to.port } };
  if (edge.kind === 'data') {
    if (edge.strategy !== undefined) out.strategy = edge.strategy;
    if (edge.queueSize !== undefined) out.queueSize = edge.queueSize;
    if (edge.timeoutMs !== undefined) out.timeoutMs = edge.timeoutMs;
    if (edge.dropOld !== undefined) out.dropOld = edge.dropOld;
  }
  return out;
}

// ---------------------------------------------------------------- instances

/** One instance's subgraph while it is built. */
interface Building {
  serviceClass: string;
  engine: boolean;
  nodes: Map<string, GraphNode>;
  edges: GraphEdge[];
  halfEdges: HalfEdge[];
  state: Map<string, Record<string, unknown>>;
}

/** A node's state values as its host's subgraph carries them (sorted, copied); undefined when it has none. */
export function deployedState(n: GraphNode): Record<string, unknown> | undefined {
  return isObject(n.state) && Object.keys(n.state).length > 0 ? clone(sortedRecord(Object.entries(n.state))) : undefined;
}

/** One empty subgraph per service node, and each hosted node placed (with its state) in its host's. */
function placeNodes(nodes: Map<string, GraphNode>, infos: Map<string, NodeInfo>, services: Record<string, Manifest>): Map<string, Building> {
  const instances = new Map<string, Building>();
  for (const n of nodes.values()) {
    if (n.kind !== 'service') continue;
    instances.set(n.nodeId, { serviceClass: n.serviceClass, engine: own(services, n.serviceClass)?.engine === true, nodes: new Map(), edges: [], halfEdges: [], state: new Map() });
  }
  for (const info of infos.values()) {
    if (info.free || info.host === undefined) continue;
    const target = instances.get(info.host);
    if (!target) continue;
    target.nodes.set(info.node.nodeId, deployedNode(info.node));
    const state = deployedState(info.node);
    if (state) target.state.set(info.node.nodeId, state);
  }
  return instances;
}

// ---------------------------------------------------------------- promotion through containers

/**
 * A data edge that leaves or enters containers gets a synthesized port on each container it
 * crosses (auto-promotion); undefined when it crosses none.
 */
function promote(r: ResolvedEdge, infos: Map<string, NodeInfo>, instances: Map<string, Building>): Promotion | undefined {
  const { edge, edgeId, from, to } = r;
  const fromAround = new Set([...to.containers, to.node.nodeId]);
  const toAround = new Set([...from.containers, from.node.nodeId]);
  const exits = from.host === to.host ? from.containers.filter((c) => !fromAround.has(c)) : from.containers;
  const entries = (from.host === to.host ? to.containers.filter((c) => !toAround.has(c)) : to.containers).slice().reverse();
  if (exits.length === 0 && entries.length === 0) return undefined;
  const port = promotedPortName(edgeId);
  const addPort = (containerId: string, group: 'dataIn' | 'dataOut', schema: JsonSchema | undefined): void => {
    const host = infos.get(containerId)?.host;
    const node = host === undefined ? undefined : instances.get(host)?.nodes.get(containerId);
    if (!node || node.kind !== 'operator') return;
    const ports = (node as OperatorNode).ports ?? {};
    const list = ports[group] ?? [];
    if (!list.some((p) => p.name === port)) {
      const spec: PortSpec = { name: port, description: `auto-promoted: edge ${edgeId} (${ref(edge.from)} -> ${ref(edge.to)})` };
      if (schema !== undefined && !isAnySchema(schema)) spec.valueSchema = clone(schema);
      list.push(spec);
    }
    ports[group] = list;
    (node as OperatorNode).ports = ports;
  };
  for (const c of exits) addPort(c, 'dataOut', from.dataOut.get(edge.from.port)?.valueSchema);
  for (const c of entries) addPort(c, 'dataIn', to.dataIn.get(edge.to.port)?.valueSchema);
  return { edgeId, containers: [...exits, ...entries], port };
}

// ---------------------------------------------------------------- half-edges

/** The producer's and the consumer's halves of an edge between two instances. */
function halfEdges(edge: GraphEdge, edgeId: string, producerHost: string, consumerHost: string, sha256: Sha256 | undefined): { out: HalfEdge; in: HalfEdge } {
  const base = { edgeId, kind: edge.kind as 'data' | 'state', scope: 'cross' as const };
  const options: Pick<HalfEdge, 'strategy' | 'queueSize' | 'dropOld' | 'timeoutMs'> =
    edge.kind === 'data'
      ? { strategy: edge.strategy ?? CROSS_DATA_DEFAULTS.strategy, queueSize: edge.queueSize ?? CROSS_DATA_DEFAULTS.queueSize, dropOld: edge.dropOld ?? CROSS_DATA_DEFAULTS.dropOld }
      : { strategy: CROSS_DATA_DEFAULTS.strategy, queueSize: CROSS_DATA_DEFAULTS.queueSize, dropOld: CROSS_DATA_DEFAULTS.dropOld };
  if (edge.kind === 'data' && edge.timeoutMs !== undefined) options.timeoutMs = edge.timeoutMs;
  const where: Pick<HalfEdge, 'subject' | 'bucket' | 'key'> =
    edge.kind === 'data'
      ? { subject: subjects.bus(deriveBusId(producerHost, edge.from.nodeId, edge.from.port, sha256)) }
      : { bucket: buckets.instance(producerHost), key: keys.state(edge.from.nodeId, edge.from.port) };
  const fromRef = { nodeId: edge.from.nodeId, port: edge.from.port };
  const toRef = { nodeId: edge.to.nodeId, port: edge.to.port };
  return {
    out: { ...base, direction: 'out', peerServiceId: consumerHost, local: fromRef, remote: toRef, ...options, ...where },
    in: { ...base, direction: 'in', peerServiceId: producerHost, local: { ...toRef }, remote: { ...fromRef }, ...options, ...where },
  };
}

const byEdge = (a: { edgeId?: string; direction?: string }, b: { edgeId?: string; direction?: string }): number => cmp(a.edgeId ?? '', b.edgeId ?? '') || cmp(a.direction ?? '', b.direction ?? '');

// ---------------------------------------------------------------- subgraphs

/** Each instance's finished subgraph (sorted, with its etag). */
function finishSubgraphs(instances: Map<string, Building>, sha256: Sha256 | undefined): Record<string, CompiledSubgraph> {
  const subgraphs: Record<string, CompiledSubgraph> = {};
  for (const instanceId of [...instances.keys()].sort(cmp)) {
    const b = instances.get(instanceId) as Building;
    const body: Omit<CompiledSubgraph, 'etag'> = {
      schemaVersion: SUBGRAPH_SCHEMA_VERSION,
      instanceId,
      serviceClass: b.serviceClass,
      nodes: [...b.nodes.keys()].sort(cmp).map((id) => b.nodes.get(id) as GraphNode),
      edges: b.edges.sort(byEdge),
      halfEdges: b.halfEdges.sort(byEdge),
      state: sortedRecord(b.state),
    };
    if (b.engine) body.operatorCatalogRef = { bucket: buckets.instance(instanceId), key: keys.operatorCatalog };
    subgraphs[instanceId] = withEtag(body as unknown as Record<string, unknown>, sha256);
  }
  return subgraphs;
}

/** The compilation of a graph that passed every check. */
export function emit(
  nodes: Map<string, GraphNode>,
  infos: Map<string, NodeInfo>,
  edges: ResolvedEdge[],
  editorId: string | undefined,
  services: Record<string, Manifest>,
  previous: unknown,
  diags: Diagnostics,
  sha256: Sha256 | undefined,
): Compilation {
  const instances = placeNodes(nodes, infos, services);
  const editorHalfEdges: HalfEdge[] = [];
  const sideOf = (host: string | undefined): { halfEdges: HalfEdge[] } | undefined => (host === undefined ? undefined : host === editorId ? { halfEdges: editorHalfEdges } : instances.get(host));
  const promotions: Promotion[] = [];
  for (const r of edges) {
    const { edge, edgeId, from, to } = r;
    const promotion = edge.kind === 'data' ? promote(r, infos, instances) : undefined;
    if (promotion) promotions.push(promotion);
    if (from.host === to.host) {
      instances.get(from.host ?? '')?.edges.push(edgeOut(edge, edgeId));
      continue;
    }
    const halves = halfEdges(edge, edgeId, from.host as string, to.host as string, sha256);
    sideOf(from.host)?.halfEdges.push(halves.out);
    sideOf(to.host)?.halfEdges.push(halves.in);
  }
  const subgraphs = finishSubgraphs(instances, sha256);
  const editor = editorId !== undefined ? { instanceId: editorId, halfEdges: editorHalfEdges.sort(byEdge) } : undefined;
  const compilation: Compilation = {
    subgraphs,
    plan: planDeploy(previous, subgraphs),
    diagnostics: diags.sorted(),
    etag: wholeEtag(subgraphs, editor, sha256),
    promotions: promotions.sort((a, b) => cmp(a.edgeId, b.edgeId)),
  };
  if (editor) compilation.editor = editor;
  return compilation;
}
