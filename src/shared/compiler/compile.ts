// The graph compiler (pure: no clock, no randomness, no IO). ServiceGraph -> per-instance
// subgraphs + half-edges + a deploy plan, or diagnostics. See CONTRACT.md (ServiceGraph,
// Per-instance subgraph, Edges) and seeds/001 (compiler outline).
import type { CatalogEntry, GraphEdge, GraphNode, HalfEdge, JsonSchema, Manifest, OperatorNode, PortSpec, Strategy } from '../types.js';
import { validate, validateValue } from '../schemas.js';
import { canonicalJson, sha256Hex, shortHash, type Sha256 } from '../hash.js';
import { buckets, deriveBusId, deriveEdgeId, EDITOR_INSTANCE_ID, idProblem, keys, NAME_PATTERN, subjects } from '../naming.js';
import { cmp, findCycles, type Arc } from './cycles.js';
import { Diagnostics } from './diagnostics.js';
import { checkEdge, type EdgeContext } from './edges.js';
import { adaptersOf, type Adapter } from './fixes.js';
import { planDeploy, rememberEtag } from './plan.js';
import { resolveNodes, type NodeInfo } from './resolve.js';
import { isAnySchema } from './schema-compat.js';
import type { CompileCatalog, CompileOptions, Compilation, CompiledSubgraph, Promotion } from './types.js';
import { asArray, isObject, own, ref } from './util.js';
import { jsonDepthProblem, MAX_INSTANCES_PER_GRAPH } from '../limits.js';

export { CONTAINER_CLASS } from './resolve.js';
export { sortDiagnostics } from './diagnostics.js';

export const SUBGRAPH_SCHEMA_VERSION = 'f8studio-subgraph/1';
export const CROSS_DATA_DEFAULTS = { strategy: 'latest' as Strategy, queueSize: 64, dropOld: true } as const;

const VIEW_ONLY = new Set(['position', 'label', 'state']);

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

/**
 * The canonical JSON of a subgraph with its etag (etagOf the body, i.e. without `etag`), built
 * from the body's members: the same bytes as canonicalJson({...body, etag}), without sorting and
 * copying the body twice.
 */
function canonicalWithEtag(body: Record<string, unknown>, sha256: Sha256 | undefined): { json: string; etag: string } {
  const members: [string, string][] = [];
  for (const key of Object.keys(body).sort()) {
    const v = canonicalJson(body[key]) as string | undefined;
    if (v !== undefined) members.push([key, `${JSON.stringify(key)}:${v}`]);
  }
  const etag = sha256Hex(`{${members.map((m) => m[1]).join(',')}}`, sha256);
  let at = members.findIndex(([k]) => k > 'etag');
  if (at < 0) at = members.length;
  members.splice(at, 0, ['etag', `"etag":${JSON.stringify(etag)}`]);
  return { json: `{${members.map((m) => m[1]).join(',')}}`, etag };
}

/** etagOf({subgraphs, editor}) from the subgraphs' canonical JSON already written. */
function wholeEtag(subgraphJson: ReadonlyMap<string, string>, editor: unknown, sha256: Sha256 | undefined): string {
  const ids = [...subgraphJson.keys()].sort();
  const inner = ids.map((id) => `${JSON.stringify(id)}:${subgraphJson.get(id) as string}`).join(',');
  const editorJson = editor === undefined ? undefined : (canonicalJson(editor) as string | undefined);
  return sha256Hex(`{${editorJson === undefined ? '' : `"editor":${editorJson},`}"subgraphs":{${inner}}}`, sha256);
}

// ---------------------------------------------------------------- entry points

/** A CompileCatalog from the master's catalog entries (manifests carry their operators). */
export function compileCatalogFrom(entries: readonly CatalogEntry[]): CompileCatalog {
  const services: Record<string, Manifest> = {};
  for (const e of [...entries].sort((a, b) => cmp(a.serviceClass, b.serviceClass))) {
    if (!Object.prototype.hasOwnProperty.call(services, e.serviceClass)) services[e.serviceClass] = e.manifest;
  }
  return { services };
}

function failed(diags: Diagnostics): Compilation {
  return { subgraphs: {}, plan: [], diagnostics: diags.sorted(), etag: '', promotions: [] };
}

/**
 * Compiles a ServiceGraph. Never throws: every problem is a diagnostic, and with any error the
 * result has no subgraphs, no plan and an empty etag.
 */
export function compile(graph: unknown, catalog: CompileCatalog, previous?: Pick<Compilation, 'subgraphs'> | null, opts: CompileOptions = {}): Compilation {
  try {
    return compileGraph(graph, catalog, previous, opts);
  } catch (err) {
    const diags = new Diagnostics();
    diags.error('internal', `the compiler failed: ${err instanceof Error ? err.message : String(err)}`);
    return failed(diags);
  }
}

// ---------------------------------------------------------------- id and schema checks

/** bad-id diagnostics for ids of the raw graph, and the schema paths they cover. */
function checkIds(graph: unknown, diags: Diagnostics): Set<string> {
  const covered = new Set<string>();
  if (!isObject(graph)) return covered;
  const check = (path: string, kind: Parameters<typeof idProblem>[0], value: unknown, at: { nodeId?: string; edgeId?: string; port?: string }): void => {
    if (typeof value !== 'string') return;
    const problem = idProblem(kind, value);
    if (!problem) return;
    covered.add(path);
    diags.error('bad-id', problem, at);
  };
  asArray<unknown>(graph.nodes).forEach((n, i) => {
    if (!isObject(n)) return;
    const nodeId = typeof n.nodeId === 'string' ? n.nodeId : undefined;
    check(`/nodes/${i}/nodeId`, n.kind === 'service' ? 'instanceId' : 'nodeId', n.nodeId, { nodeId });
    if (n.kind === 'service') check(`/nodes/${i}/serviceClass`, 'serviceClass', n.serviceClass, { nodeId });
    if (n.kind === 'operator') {
      check(`/nodes/${i}/operatorClass`, 'operatorClass', n.operatorClass, { nodeId });
      check(`/nodes/${i}/parentId`, 'nodeId', n.parentId, { nodeId });
    }
  });
  asArray<unknown>(graph.edges).forEach((e, i) => {
    if (!isObject(e)) return;
    const edgeId = typeof e.edgeId === 'string' ? e.edgeId : undefined;
    check(`/edges/${i}/edgeId`, 'edgeId', e.edgeId, { edgeId });
    for (const end of ['from', 'to'] as const) {
      const p = e[end];
      if (!isObject(p)) continue;
      check(`/edges/${i}/${end}/nodeId`, 'nodeId', p.nodeId, { edgeId, nodeId: typeof p.nodeId === 'string' ? p.nodeId : undefined });
      check(`/edges/${i}/${end}/port`, 'port', p.port, { edgeId, port: typeof p.port === 'string' ? p.port : undefined });
    }
  });
  return covered;
}

function schemaDiagnostics(graph: unknown, issues: readonly { path: string; message: string }[], covered: ReadonlySet<string>, diags: Diagnostics): void {
  const g = isObject(graph) ? graph : {};
  for (const issue of issues) {
    if (covered.has(issue.path)) continue;
    const at: { nodeId?: string; edgeId?: string } = {};
    const m = /^\/(nodes|edges)\/(\d+)(\/|$)/.exec(issue.path);
    if (m) {
      const item = asArray<unknown>(g[m[1] as string])[Number(m[2])];
      if (isObject(item)) {
        const id = m[1] === 'nodes' ? item.nodeId : item.edgeId;
        if (typeof id === 'string' && idProblem('nodeId', id) === null) {
          if (m[1] === 'nodes') at.nodeId = id;
          else at.edgeId = id;
        }
      }
    }
    diags.error('schema', `${issue.path}: ${issue.message}`, at);
  }
}

// ---------------------------------------------------------------- the compiler

interface ResolvedEdge {
  edge: GraphEdge;
  edgeId: string;
  from: NodeInfo;
  to: NodeInfo;
}

function compileGraph(raw: unknown, catalogArg: CompileCatalog, previous: unknown, opts: CompileOptions): Compilation {
  const diags = new Diagnostics();
  const deep = jsonDepthProblem(raw);
  if (deep) {
    diags.error('schema', `the graph ${deep}`);
    return failed(diags);
  }
  const covered = checkIds(raw, diags);
  const result = validate<unknown>('service-graph', raw);
  if (!result.ok) schemaDiagnostics(raw, result.issues, covered, diags);
  if (diags.hasErrors) return failed(diags);
  const graph = raw as { nodes: GraphNode[]; edges: GraphEdge[] };
  const catalog: CompileCatalog = isObject(catalogArg) ? catalogArg : { services: {} };
  const services = isObject(catalog.services) ? catalog.services : {};

  // ---- nodes: sorted, unique
  const allNodes = [...graph.nodes].sort((a, b) => cmp(a.nodeId, b.nodeId) || cmp(canonicalJson(a), canonicalJson(b)));
  const nodes = new Map<string, GraphNode>();
  const nodeCounts = new Map<string, number>();
  for (const n of allNodes) {
    nodeCounts.set(n.nodeId, (nodeCounts.get(n.nodeId) ?? 0) + 1);
    if (!nodes.has(n.nodeId)) nodes.set(n.nodeId, n);
  }
  for (const [nodeId, count] of nodeCounts) {
    if (count > 1) diags.error('duplicate-node-id', `nodeId '${nodeId}' is used by ${count} nodes (node ids are unique across the graph)`, { nodeId });
  }

  // ---- instances per graph: each one is a process
  const maxInstances = opts.maxInstances ?? (typeof catalog.maxInstances === 'number' ? catalog.maxInstances : MAX_INSTANCES_PER_GRAPH);
  const instanceCount = [...nodes.values()].filter((n) => n.kind === 'service').length;
  if (instanceCount > maxInstances) {
    diags.error('too-many-instances', `the graph has ${instanceCount} service nodes, over this master's limit of ${maxInstances}: each one runs as its own process (about 100 MB for a Node service); put operators in an engine instead, or raise the limit (f8 master --max-instances)`);
    return failed(diags);
  }

  // ---- the editor pseudo-instance: one fixed id (v1.1)
  const hasEditorNodes = [...nodes.values()].some((n) => n.kind === 'editor');
  const editorId = hasEditorNodes ? EDITOR_INSTANCE_ID : undefined;

  // ---- resolve nodes: class, host, ports
  const infos = resolveNodes(nodes, catalog, editorId, diags);

  // ---- initial state values
  for (const info of infos.values()) {
    if (info.free || !info.known || !isObject(info.node.state)) continue;
    for (const field of Object.keys(info.node.state).sort(cmp)) {
      const spec = info.fields.get(field);
      if (!spec) {
        diags.error('unknown-state-field', `${info.what} has no state field '${field}'`, { nodeId: info.node.nodeId, port: field });
        continue;
      }
      if (info.refusedFields.has(field)) continue; // its schema is already refused (bad-schema)
      const checked = validateValue(isObject(spec.valueSchema) || typeof spec.valueSchema === 'boolean' ? (spec.valueSchema as object | boolean) : {}, info.node.state[field]);
      if (!checked.ok) diags.error('bad-state-value', `${info.what}: state '${field}': ${checked.message.replace(/^\(root\): /, '')}`, { nodeId: info.node.nodeId, port: field });
    }
  }

  // ---- edges: ids, uniqueness
  const withIds = graph.edges.map((edge) => ({ edge, edgeId: edge.edgeId ?? deriveEdgeId(edge.from, edge.to, edge.kind, opts.sha256) }));
  withIds.sort((a, b) => cmp(a.edgeId, b.edgeId) || cmp(canonicalJson(a.edge), canonicalJson(b.edge)));
  const edgeCounts = new Map<string, number>();
  const uniqueEdges: { edge: GraphEdge; edgeId: string }[] = [];
  for (const e of withIds) {
    const count = (edgeCounts.get(e.edgeId) ?? 0) + 1;
    edgeCounts.set(e.edgeId, count);
    if (count === 1) uniqueEdges.push(e);
  }
  for (const [edgeId, count] of edgeCounts) {
    if (count > 1) diags.error('duplicate-edge-id', `edgeId '${edgeId}' is used by ${count} edges (two edges with the same ends and kind derive the same id)`, { edgeId });
  }

  // ---- edges: endpoints and kinds
  let adapters: Adapter[] | undefined;
  const edgeCtx: EdgeContext = { adapters: () => (adapters ??= adaptersOf(catalog)) };
  const resolved: ResolvedEdge[] = [];
  for (const { edge, edgeId } of uniqueEdges) {
    const from = infos.get(edge.from.nodeId);
    const to = infos.get(edge.to.nodeId);
    if (!from || !to) {
      for (const end of [edge.from, edge.to]) {
        if (!infos.has(end.nodeId)) diags.error('unknown-node', `edge '${edgeId}': node '${end.nodeId}' is not in the graph`, { edgeId, nodeId: end.nodeId, port: end.port });
      }
      continue;
    }
    checkEdge(edge, edgeId, from, to, diags, edgeCtx);
    resolved.push({ edge, edgeId, from, to });
  }

  // ---- one upstream per input, one edge per exec input
  const byInput = new Map<string, ResolvedEdge[]>();
  for (const r of resolved) {
    const k = `${r.edge.kind}\u0000${r.edge.to.nodeId}\u0000${r.edge.to.port}`;
    const list = byInput.get(k) ?? [];
    list.push(r);
    byInput.set(k, list);
  }
  for (const list of byInput.values()) {
    if (list.length < 2) continue;
    const first = list[0] as ResolvedEdge;
    const ids = list.map((r) => r.edgeId).sort(cmp);
    const at = { nodeId: first.edge.to.nodeId, port: first.edge.to.port, edgeId: ids[0] as string };
    if (first.edge.kind === 'exec') {
      diags.error('exec-fan-in', `exec input ${ref(first.edge.to)} has ${list.length} edges (${ids.join(', ')}): an exec input takes one edge; fix: delete all but one of them`, at);
    } else {
      diags.error('multiple-upstreams', `${first.edge.kind === 'data' ? 'data input' : 'state field'} ${ref(first.edge.to)} has ${list.length} upstreams (edges ${ids.join(', ')}): one upstream per input; fix: delete all but one of them`, at);
    }
  }

  // ---- cycles
  const execArcs: Arc[] = resolved.filter((r) => r.edge.kind === 'exec').map((r) => ({ from: r.edge.from.nodeId, to: r.edge.to.nodeId, id: r.edgeId }));
  for (const c of findCycles(execArcs)) {
    diags.error('exec-cycle', `exec edges form a cycle through ${c.vertices.join(', ')} (edges ${c.arcs.join(', ')}); fix: delete one of those edges (a chain runs once per tick from its Tick)`, { nodeId: c.vertices[0] as string, edgeId: c.arcs[0] as string });
  }
  const stateArcs: Arc[] = resolved.filter((r) => r.edge.kind === 'state').map((r) => ({ from: ref(r.edge.from), to: ref(r.edge.to), id: r.edgeId }));
  for (const c of findCycles(stateArcs)) {
    const first = c.vertices[0] as string;
    const dot = first.indexOf('.');
    diags.error('state-cycle', `state edges form a cycle through ${c.vertices.join(', ')} (edges ${c.arcs.join(', ')}); fix: delete one of those edges`, { nodeId: first.slice(0, dot), port: first.slice(dot + 1), edgeId: c.arcs[0] as string });
  }

  if (diags.hasErrors) return failed(diags);
  return emit(nodes, infos, resolved, editorId, services as Record<string, Manifest>, previous, diags, opts.sha256);
}

// ---------------------------------------------------------------- emit

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

function emit(
  nodes: Map<string, GraphNode>,
  infos: Map<string, NodeInfo>,
  edges: ResolvedEdge[],
  editorId: string | undefined,
  services: Record<string, Manifest>,
  previous: unknown,
  diags: Diagnostics,
  sha256: Sha256 | undefined,
): Compilation {
  interface Building {
    serviceClass: string;
    engine: boolean;
    nodes: Map<string, GraphNode>;
    edges: GraphEdge[];
    halfEdges: HalfEdge[];
    state: Map<string, Record<string, unknown>>;
  }
  const instances = new Map<string, Building>();
  for (const n of nodes.values()) {
    if (n.kind !== 'service') continue;
    instances.set(n.nodeId, { serviceClass: n.serviceClass, engine: own(services, n.serviceClass)?.engine === true, nodes: new Map(), edges: [], halfEdges: [], state: new Map() });
  }
  const editorHalfEdges: HalfEdge[] = [];
  const sideOf = (host: string | undefined): { halfEdges: HalfEdge[] } | undefined => (host === undefined ? undefined : host === editorId ? { halfEdges: editorHalfEdges } : instances.get(host));

  for (const info of infos.values()) {
    if (info.free || info.host === undefined) continue;
    const target = instances.get(info.host);
    if (!target) continue;
    target.nodes.set(info.node.nodeId, deployedNode(info.node));
    if (isObject(info.node.state) && Object.keys(info.node.state).length > 0) {
      target.state.set(info.node.nodeId, clone(sortedRecord(Object.entries(info.node.state))));
    }
  }

  const promotions: Promotion[] = [];
  for (const r of edges) {
    const { edge, edgeId, from, to } = r;
    // Auto-promotion through container boundaries (data edges).
    if (edge.kind === 'data') {
      const fromAround = new Set([...to.containers, to.node.nodeId]);
      const toAround = new Set([...from.containers, from.node.nodeId]);
      const exits = from.host === to.host ? from.containers.filter((c) => !fromAround.has(c)) : from.containers;
      const entries = (from.host === to.host ? to.containers.filter((c) => !toAround.has(c)) : to.containers).slice().reverse();
      if (exits.length > 0 || entries.length > 0) {
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
        promotions.push({ edgeId, containers: [...exits, ...entries], port });
      }
    }
    if (from.host === to.host) {
      instances.get(from.host ?? '')?.edges.push(edgeOut(edge, edgeId));
      continue;
    }
    const producerHost = from.host as string;
    const consumerHost = to.host as string;
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
    sideOf(producerHost)?.halfEdges.push({ ...base, direction: 'out', peerServiceId: consumerHost, local: fromRef, remote: toRef, ...options, ...where });
    sideOf(consumerHost)?.halfEdges.push({ ...base, direction: 'in', peerServiceId: producerHost, local: { ...toRef }, remote: { ...fromRef }, ...options, ...where });
  }

  const byEdge = (a: { edgeId?: string; direction?: string }, b: { edgeId?: string; direction?: string }): number => cmp(a.edgeId ?? '', b.edgeId ?? '') || cmp(a.direction ?? '', b.direction ?? '');
  const subgraphs: Record<string, CompiledSubgraph> = {};
  /** Each subgraph's canonical JSON (etag included), written once and reused for the whole's etag. */
  const subgraphJson = new Map<string, string>();
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
    const { json, etag } = canonicalWithEtag(body as unknown as Record<string, unknown>, sha256);
    const sg: CompiledSubgraph = { ...body, etag };
    rememberEtag(sg);
    subgraphs[instanceId] = sg;
    subgraphJson.set(instanceId, json);
  }
  const editor = editorId !== undefined ? { instanceId: editorId, halfEdges: editorHalfEdges.sort(byEdge) } : undefined;
  const compilation: Compilation = {
    subgraphs,
    plan: planDeploy(previous, subgraphs),
    diagnostics: diags.sorted(),
    etag: wholeEtag(subgraphJson, editor, sha256),
    promotions: promotions.sort((a, b) => cmp(a.edgeId, b.edgeId)),
  };
  if (editor) compilation.editor = editor;
  return compilation;
}
