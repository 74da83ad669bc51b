// The graph compiler (pure: no clock, no randomness, no IO). ServiceGraph -> per-instance
// subgraphs + half-edges + a deploy plan, or diagnostics. See docs/contract.md (ServiceGraph,
// Per-instance subgraph, Edges) and seeds/001 (compiler outline). The checks are here; placing
// the checked graph into subgraphs is emit.ts.
import type { CatalogEntry, GraphEdge, GraphNode, Manifest } from '../types.js';
import { validate, validateValue } from '../schemas.js';
import { canonicalJson, type Sha256 } from '../hash.js';
import { deriveEdgeId, EDITOR_INSTANCE_ID, idProblem } from '../naming.js';
import { cmp, findCycles, type Arc } from './cycles.js';
import { Diagnostics } from './diagnostics.js';
import { checkEdge, type EdgeContext } from './edges.js';
import { emit, type ResolvedEdge } from './emit.js';
import { adaptersOf, type Adapter } from './fixes.js';
import { resolveNodes, type NodeInfo } from './resolve.js';
import type { CompileCatalog, CompileOptions, Compilation } from './types.js';
import { asArray, isObject, ref } from './util.js';
import { jsonDepthProblem, MAX_INSTANCES_PER_GRAPH } from '../limits.js';

export { CONTAINER_CLASS } from './resolve.js';
export { sortDiagnostics } from './diagnostics.js';
export { CROSS_DATA_DEFAULTS } from './emit.js';

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

/** The nodes by id, sorted; a nodeId used twice is a diagnostic (the first in sort order is kept). */
export function uniqueNodes(graphNodes: readonly GraphNode[], diags: Diagnostics): Map<string, GraphNode> {
  const allNodes = [...graphNodes].sort((a, b) => cmp(a.nodeId, b.nodeId) || cmp(canonicalJson(a), canonicalJson(b)));
  const nodes = new Map<string, GraphNode>();
  const nodeCounts = new Map<string, number>();
  for (const n of allNodes) {
    nodeCounts.set(n.nodeId, (nodeCounts.get(n.nodeId) ?? 0) + 1);
    if (!nodes.has(n.nodeId)) nodes.set(n.nodeId, n);
  }
  for (const [nodeId, count] of nodeCounts) {
    if (count > 1) diags.error('duplicate-node-id', `nodeId '${nodeId}' is used by ${count} nodes (node ids are unique across the graph)`, { nodeId });
  }
  return nodes;
}

/** Each service node is a process: more than the master's limit is refused (true). */
function tooManyInstances(nodes: Map<string, GraphNode>, catalog: CompileCatalog, opts: CompileOptions, diags: Diagnostics): boolean {
  const maxInstances = opts.maxInstances ?? (typeof catalog.maxInstances === 'number' ? catalog.maxInstances : MAX_INSTANCES_PER_GRAPH);
  const instanceCount = [...nodes.values()].filter((n) => n.kind === 'service').length;
  if (instanceCount <= maxInstances) return false;
  diags.error(
    'too-many-instances',
    `the graph has ${instanceCount} service nodes, over this master's limit of ${maxInstances}: each one runs as its own process (about 100 MB for a Node service); put operators in an engine instead, or raise the limit (f8 master --max-instances)`,
  );
  return true;
}

/** The nodes' initial state values (of `only` when given): known fields, values that satisfy the field's schema. */
export function checkInitialState(infos: Map<string, NodeInfo>, diags: Diagnostics, only?: ReadonlySet<string>): void {
  for (const info of infos.values()) {
    if (info.free || !info.known || !isObject(info.node.state) || (only && !only.has(info.node.nodeId))) continue;
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
}

/** The edges with their ids (given or derived), sorted; an edgeId used twice is a diagnostic. */
function uniqueEdges(graphEdges: readonly GraphEdge[], sha256: Sha256 | undefined, diags: Diagnostics): { edge: GraphEdge; edgeId: string }[] {
  const withIds = graphEdges.map((edge) => ({ edge, edgeId: edge.edgeId ?? deriveEdgeId(edge.from, edge.to, edge.kind, sha256) }));
  withIds.sort((a, b) => cmp(a.edgeId, b.edgeId) || cmp(canonicalJson(a.edge), canonicalJson(b.edge)));
  const edgeCounts = new Map<string, number>();
  const unique: { edge: GraphEdge; edgeId: string }[] = [];
  for (const e of withIds) {
    const count = (edgeCounts.get(e.edgeId) ?? 0) + 1;
    edgeCounts.set(e.edgeId, count);
    if (count === 1) unique.push(e);
  }
  for (const [edgeId, count] of edgeCounts) {
    if (count > 1) diags.error('duplicate-edge-id', `edgeId '${edgeId}' is used by ${count} edges (two edges with the same ends and kind derive the same id)`, { edgeId });
  }
  return unique;
}

/** Edges whose ends are in the graph, each checked (ports, kinds, schemas); an unknown end is a diagnostic. */
function resolveEdges(edges: readonly { edge: GraphEdge; edgeId: string }[], infos: Map<string, NodeInfo>, catalog: CompileCatalog, diags: Diagnostics): ResolvedEdge[] {
  let adapters: Adapter[] | undefined;
  const edgeCtx: EdgeContext = { adapters: () => (adapters ??= adaptersOf(catalog)) };
  const resolved: ResolvedEdge[] = [];
  for (const { edge, edgeId } of edges) {
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
  return resolved;
}

/** One upstream per data input and state field, one edge per exec input. */
function checkFanIn(resolved: readonly ResolvedEdge[], diags: Diagnostics): void {
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
      diags.error(
        'multiple-upstreams',
        `${first.edge.kind === 'data' ? 'data input' : 'state field'} ${ref(first.edge.to)} has ${list.length} upstreams (edges ${ids.join(', ')}): one upstream per input; fix: delete all but one of them`,
        at,
      );
    }
  }
}

/** Exec edges between nodes and state edges between fields may not form a cycle. */
function checkCycles(resolved: readonly ResolvedEdge[], diags: Diagnostics): void {
  const execArcs: Arc[] = resolved.filter((r) => r.edge.kind === 'exec').map((r) => ({ from: r.edge.from.nodeId, to: r.edge.to.nodeId, id: r.edgeId }));
  for (const c of findCycles(execArcs)) {
    diags.error('exec-cycle', `exec edges form a cycle through ${c.vertices.join(', ')} (edges ${c.arcs.join(', ')}); fix: delete one of those edges (a chain runs once per tick from its Tick)`, {
      nodeId: c.vertices[0] as string,
      edgeId: c.arcs[0] as string,
    });
  }
  const stateArcs: Arc[] = resolved.filter((r) => r.edge.kind === 'state').map((r) => ({ from: ref(r.edge.from), to: ref(r.edge.to), id: r.edgeId }));
  for (const c of findCycles(stateArcs)) {
    const first = c.vertices[0] as string;
    const dot = first.indexOf('.');
    diags.error('state-cycle', `state edges form a cycle through ${c.vertices.join(', ')} (edges ${c.arcs.join(', ')}); fix: delete one of those edges`, {
      nodeId: first.slice(0, dot),
      port: first.slice(dot + 1),
      edgeId: c.arcs[0] as string,
    });
  }
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

  const nodes = uniqueNodes(graph.nodes, diags);
  if (tooManyInstances(nodes, catalog, opts, diags)) return failed(diags);
  // the editor pseudo-instance: one fixed id (v1.1)
  const editorId = [...nodes.values()].some((n) => n.kind === 'editor') ? EDITOR_INSTANCE_ID : undefined;
  const infos = resolveNodes(nodes, catalog, editorId, diags);
  checkInitialState(infos, diags);
  const resolved = resolveEdges(uniqueEdges(graph.edges, opts.sha256, diags), infos, catalog, diags);
  checkFanIn(resolved, diags);
  checkCycles(resolved, diags);

  if (diags.hasErrors) return failed(diags);
  return emit(nodes, infos, resolved, editorId, services as Record<string, Manifest>, previous, diags, opts.sha256);
}
