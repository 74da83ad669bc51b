// The graph compiler (pure: no clock, no randomness, no IO). ServiceGraph -> per-instance
// subgraphs + half-edges + a deploy plan, or diagnostics. See CONTRACT.md (ServiceGraph,
// Per-instance subgraph, Edges) and seeds/001 (compiler outline).
import type { CatalogEntry, GraphEdge, GraphNode, HalfEdge, JsonSchema, Manifest, OperatorNode, OperatorSpec, PortRef, PortSpec, StateFieldSpec, Strategy } from '../types.js';
import { validate, validateValue } from '../schemas.js';
import { canonicalJson, etagOf, shortHash } from '../hash.js';
import { buckets, deriveBusId, deriveEdgeId, editorInstanceId, idProblem, keys, NAME_PATTERN, subjects } from '../naming.js';
import { cmp, findCycles, type Arc } from './cycles.js';
import { planDeploy } from './plan.js';
import { isAnySchema, sameStateSchema, satisfies } from './schema-compat.js';
import type { CompileCatalog, CompileOptions, Compilation, CompiledSubgraph, Diagnostic, DiagnosticCode, Promotion } from './types.js';

/** The operator class of a container: it groups operators inside an engine and has only the ports the node declares. */
export const CONTAINER_CLASS = 'f8.container';
export const SUBGRAPH_SCHEMA_VERSION = 'f8studio-subgraph/1';
export const DEFAULT_CLIENT_ID = 'editor';
export const CROSS_DATA_DEFAULTS = { strategy: 'latest' as Strategy, queueSize: 64, dropOld: true } as const;

const VIEW_ONLY = new Set(['position', 'label', 'state']);
const DATA_ONLY_OPTIONS = ['strategy', 'queueSize', 'timeoutMs', 'dropOld'] as const;

// ---------------------------------------------------------------- diagnostics

class Diagnostics {
  readonly list: Diagnostic[] = [];
  error(code: DiagnosticCode, message: string, at: { nodeId?: string; edgeId?: string; port?: string } = {}): void {
    this.push('error', code, message, at);
  }
  warning(code: DiagnosticCode, message: string, at: { nodeId?: string; edgeId?: string; port?: string } = {}): void {
    this.push('warning', code, message, at);
  }
  private push(severity: 'error' | 'warning', code: DiagnosticCode, message: string, at: { nodeId?: string; edgeId?: string; port?: string }): void {
    const d: Diagnostic = { code, severity, message };
    if (at.nodeId !== undefined) d.nodeId = at.nodeId;
    if (at.edgeId !== undefined) d.edgeId = at.edgeId;
    if (at.port !== undefined) d.port = at.port;
    this.list.push(d);
  }
  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }
  sorted(): Diagnostic[] {
    return sortDiagnostics(this.list);
  }
}

/** Sorted by (code, nodeId, edgeId, port, message, severity), duplicates dropped. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): string[] => [d.code, d.nodeId ?? '', d.edgeId ?? '', d.port ?? '', d.message, d.severity];
  const sorted = [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const c = cmp(ka[i] as string, kb[i] as string);
      if (c !== 0) return c;
    }
    return 0;
  });
  const out: Diagnostic[] = [];
  let last = '';
  for (const d of sorted) {
    const k = canonicalJson(d);
    if (k !== last) out.push(d);
    last = k;
  }
  return out;
}

// ---------------------------------------------------------------- helpers

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function asArray<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of [...entries].sort((a, b) => cmp(a[0], b[0]))) out[k] = v;
  return out;
}

function ref(p: PortRef): string {
  return `${p.nodeId}.${p.port}`;
}

/** The synthesized container port for an edge: `p_<edgeId>` (hashed when that is too long for a port name). */
export function promotedPortName(edgeId: string): string {
  const name = `p_${edgeId}`;
  return NAME_PATTERN.test(name) ? name : `p_e${shortHash(edgeId, 20)}`;
}

// ---------------------------------------------------------------- resolved nodes

type PortRole = 'dataIn' | 'dataOut' | 'execIn' | 'execOut' | 'state';

const ROLE_NAMES: Record<PortRole, string> = {
  dataIn: 'data input',
  dataOut: 'data output',
  execIn: 'exec input',
  execOut: 'exec output',
  state: 'state field',
};

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

interface NodeInfo {
  node: GraphNode;
  /** A short description for messages: `'smooth' (smooth)`. */
  what: string;
  /** The instance that hosts it; undefined when its parent chain is broken. */
  host: string | undefined;
  /** Editor nodes: any port name, any value. */
  free: boolean;
  /** False when its class is unknown (its ports are then not checked, to avoid cascades). */
  known: boolean;
  isContainer: boolean;
  /** Operators: the containers around it, innermost first. */
  containers: string[];
  dataIn: Map<string, PortSpec>;
  dataOut: Map<string, PortSpec>;
  execIn: Set<string>;
  execOut: Set<string>;
  fields: Map<string, StateFieldSpec>;
}

function emptyInfo(node: GraphNode, what: string, host: string | undefined): NodeInfo {
  return { node, what, host, free: false, known: false, isContainer: false, containers: [], dataIn: new Map(), dataOut: new Map(), execIn: new Set(), execOut: new Set(), fields: new Map() };
}

interface PortSource {
  dataInPorts?: PortSpec[];
  dataOutPorts?: PortSpec[];
  execInPorts?: { name: string }[];
  execOutPorts?: { name: string }[];
  stateFields?: StateFieldSpec[];
  editableDataInPorts?: boolean;
  editableDataOutPorts?: boolean;
  editableStateFields?: boolean;
  editableCommands?: boolean;
}

function fillPorts(info: NodeInfo, spec: PortSource, extras: unknown, diags: Diagnostics): void {
  for (const p of asArray<PortSpec>(spec.dataInPorts)) if (isObject(p) && typeof p.name === 'string') info.dataIn.set(p.name, p);
  for (const p of asArray<PortSpec>(spec.dataOutPorts)) if (isObject(p) && typeof p.name === 'string') info.dataOut.set(p.name, p);
  for (const p of asArray<{ name: string }>(spec.execInPorts)) if (isObject(p) && typeof p.name === 'string') info.execIn.add(p.name);
  for (const p of asArray<{ name: string }>(spec.execOutPorts)) if (isObject(p) && typeof p.name === 'string') info.execOut.add(p.name);
  for (const f of asArray<StateFieldSpec>(spec.stateFields)) if (isObject(f) && typeof f.name === 'string') info.fields.set(f.name, f);
  if (!isObject(extras)) return;
  const nodeId = info.node.nodeId;
  const groups: { key: string; flag: keyof PortSource; what: string; add: (item: { name: string }) => void }[] = [
    { key: 'dataIn', flag: 'editableDataInPorts', what: 'data input', add: (p) => info.dataIn.has(p.name) || info.dataIn.set(p.name, p as PortSpec) },
    { key: 'dataOut', flag: 'editableDataOutPorts', what: 'data output', add: (p) => info.dataOut.has(p.name) || info.dataOut.set(p.name, p as PortSpec) },
    { key: 'stateFields', flag: 'editableStateFields', what: 'state field', add: (f) => info.fields.has(f.name) || info.fields.set(f.name, f as StateFieldSpec) },
    { key: 'commands', flag: 'editableCommands', what: 'command', add: () => undefined },
  ];
  for (const g of groups) {
    for (const item of asArray<{ name: string }>(extras[g.key])) {
      if (!isObject(item) || typeof item.name !== 'string') continue;
      if (spec[g.flag] === true) g.add(item);
      else diags.error('extra-port-not-allowed', `${info.what} declares an extra ${g.what} '${item.name}', but its class does not allow extra ${g.what}s (${String(g.flag)} is not set)`, { nodeId, port: item.name });
    }
  }
}

const CONTAINER_SPEC: PortSource = { editableDataInPorts: true, editableDataOutPorts: true };

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
export function compile(graph: unknown, catalog: CompileCatalog, previous?: Pick<Compilation, 'subgraphs'> | null, opts?: CompileOptions): Compilation {
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

function compileGraph(raw: unknown, catalogArg: CompileCatalog, previous: unknown, opts: CompileOptions | undefined): Compilation {
  const diags = new Diagnostics();
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

  // ---- the editor pseudo-instance
  const clientId = opts?.clientId ?? DEFAULT_CLIENT_ID;
  const hasEditorNodes = [...nodes.values()].some((n) => n.kind === 'editor');
  let editorId: string | undefined;
  if (hasEditorNodes) {
    const problem = idProblem('clientId', clientId);
    if (problem) diags.error('bad-id', `cannot name the editor pseudo-instance: ${problem}`);
    else editorId = editorInstanceId(clientId);
  }

  // ---- resolve nodes: class, host, ports
  const infos = new Map<string, NodeInfo>();
  for (const n of nodes.values()) {
    if (n.kind !== 'service') continue;
    if (n.nodeId === editorId) diags.error('bad-id', `instanceId '${n.nodeId}' is the editor pseudo-instance of client '${clientId}'`, { nodeId: n.nodeId });
    const manifest = own(services as Record<string, Manifest>, n.serviceClass);
    const info = emptyInfo(n, `service '${n.nodeId}' (${n.serviceClass})`, n.nodeId);
    if (!isObject(manifest)) {
      diags.error('unknown-service-class', `service '${n.nodeId}': service class '${n.serviceClass}' is not in the catalog`, { nodeId: n.nodeId });
    } else {
      info.known = true;
      fillPorts(info, manifest, n.ports, diags);
    }
    infos.set(n.nodeId, info);
  }

  const operatorCatalogs = new Map<string, Map<string, OperatorSpec>>();
  const operatorsOf = (engineId: string, manifest: Manifest): Map<string, OperatorSpec> => {
    let specs = operatorCatalogs.get(engineId);
    if (specs) return specs;
    specs = new Map();
    const extra = isObject(catalog.engineOperators) ? own(catalog.engineOperators, engineId) : undefined;
    for (const spec of [...asArray<OperatorSpec>(manifest.operators), ...asArray<OperatorSpec>(extra)]) {
      if (isObject(spec) && typeof spec.operatorClass === 'string') specs.set(spec.operatorClass, spec);
    }
    operatorCatalogs.set(engineId, specs);
    return specs;
  };

  for (const n of nodes.values()) {
    if (n.kind === 'editor') {
      const info = emptyInfo(n, `editor node '${n.nodeId}' (${n.editorClass})`, editorId);
      info.free = true;
      info.known = true;
      infos.set(n.nodeId, info);
      continue;
    }
    if (n.kind !== 'operator') continue;
    const info = emptyInfo(n, `operator '${n.nodeId}' (${n.operatorClass})`, undefined);
    infos.set(n.nodeId, info);
    info.isContainer = n.operatorClass === CONTAINER_CLASS;
    // Walk the parent chain up to the engine.
    const chain: string[] = [n.nodeId];
    let cur = n.parentId;
    let engine: GraphNode | undefined;
    let broken = false;
    for (;;) {
      if (chain.includes(cur)) {
        diags.error('bad-parent', `operator '${n.nodeId}': its parent chain has a cycle (${[...chain, cur].join(' -> ')})`, { nodeId: n.nodeId });
        broken = true;
        break;
      }
      const p = nodes.get(cur);
      if (!p) {
        diags.error('bad-parent', `operator '${n.nodeId}': parent '${cur}' is not a node of the graph`, { nodeId: n.nodeId });
        broken = true;
        break;
      }
      if (p.kind === 'service') {
        const m = own(services as Record<string, Manifest>, p.serviceClass);
        if (isObject(m) && m.engine !== true) {
          diags.error('bad-parent', `operator '${n.nodeId}': '${p.nodeId}' is a ${p.serviceClass} service, which is not an engine and cannot host operators`, { nodeId: n.nodeId });
          broken = true;
        }
        engine = p;
        break;
      }
      if (p.kind === 'editor') {
        diags.error('bad-parent', `operator '${n.nodeId}': '${p.nodeId}' is an editor node; operators live in an engine or in a ${CONTAINER_CLASS} inside one`, { nodeId: n.nodeId });
        broken = true;
        break;
      }
      if (p.operatorClass !== CONTAINER_CLASS) {
        diags.error('bad-parent', `operator '${n.nodeId}': '${p.nodeId}' is a ${p.operatorClass} operator, not a ${CONTAINER_CLASS}`, { nodeId: n.nodeId });
        broken = true;
        break;
      }
      info.containers.push(p.nodeId);
      chain.push(cur);
      cur = p.parentId;
    }
    if (broken || !engine || engine.kind !== 'service') continue;
    info.host = engine.nodeId;
    const manifest = own(services as Record<string, Manifest>, engine.serviceClass);
    if (!isObject(manifest)) continue; // unknown-service-class already says why
    if (info.isContainer) {
      info.known = true;
      fillPorts(info, CONTAINER_SPEC, n.ports, diags);
      continue;
    }
    const spec = operatorsOf(engine.nodeId, manifest).get(n.operatorClass);
    if (!spec) {
      diags.error('unknown-operator-class', `operator '${n.nodeId}': operator class '${n.operatorClass}' is not known to engine '${engine.nodeId}' (${engine.serviceClass})`, { nodeId: n.nodeId });
      continue;
    }
    info.known = true;
    fillPorts(info, spec, n.ports, diags);
  }

  // ---- initial state values
  for (const info of infos.values()) {
    if (info.free || !info.known || !isObject(info.node.state)) continue;
    for (const field of Object.keys(info.node.state).sort(cmp)) {
      const spec = info.fields.get(field);
      if (!spec) {
        diags.error('unknown-state-field', `${info.what} has no state field '${field}'`, { nodeId: info.node.nodeId, port: field });
        continue;
      }
      const checked = validateValue(isObject(spec.valueSchema) || typeof spec.valueSchema === 'boolean' ? (spec.valueSchema as object | boolean) : {}, info.node.state[field]);
      if (!checked.ok) diags.error('bad-state-value', `${info.what}: state '${field}': ${checked.message.replace(/^\(root\): /, '')}`, { nodeId: info.node.nodeId, port: field });
    }
  }

  // ---- edges: ids, uniqueness
  const withIds = graph.edges.map((edge) => ({ edge, edgeId: edge.edgeId ?? deriveEdgeId(edge.from, edge.to, edge.kind) }));
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
    for (const key of DATA_ONLY_OPTIONS) {
      if (edge.kind !== 'data' && edge[key] !== undefined) {
        diags.warning('bad-edge-option', `edge '${edgeId}': '${key}' applies to data edges only and is ignored on a ${edge.kind} edge`, { edgeId });
      }
    }
    const fromRole: PortRole = edge.kind === 'data' ? 'dataOut' : edge.kind === 'exec' ? 'execOut' : 'state';
    const toRole: PortRole = edge.kind === 'data' ? 'dataIn' : edge.kind === 'exec' ? 'execIn' : 'state';
    const fromOk = checkEnd(from, edge.from.port, fromRole, edge, edgeId, diags);
    const toOk = checkEnd(to, edge.to.port, toRole, edge, edgeId, diags);
    if (edge.kind === 'data' && fromOk && toOk) checkData(from, to, edge, edgeId, diags);
    if (edge.kind === 'state') checkState(from, to, fromOk, toOk, edge, edgeId, diags);
    if (edge.kind === 'exec') {
      const sameEngine = from.node.kind === 'operator' && to.node.kind === 'operator' && from.host !== undefined && from.host === to.host;
      const unresolved = (from.node.kind === 'operator' && from.host === undefined) || (to.node.kind === 'operator' && to.host === undefined);
      if (!sameEngine && !unresolved) {
        diags.error('exec-cross-engine', `exec edge '${edgeId}' joins ${from.what} (in ${from.host ?? '?'}) and ${to.what} (in ${to.host ?? '?'}): exec edges join operators of one engine`, { edgeId, nodeId: to.node.nodeId, port: edge.to.port });
      }
    }
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
      diags.error('exec-fan-in', `exec input ${ref(first.edge.to)} has ${list.length} edges (${ids.join(', ')}): an exec input takes one edge`, at);
    } else {
      diags.error('multiple-upstreams', `${first.edge.kind === 'data' ? 'data input' : 'state field'} ${ref(first.edge.to)} has ${list.length} upstreams (edges ${ids.join(', ')}): one upstream per input`, at);
    }
  }

  // ---- cycles
  const execArcs: Arc[] = resolved.filter((r) => r.edge.kind === 'exec').map((r) => ({ from: r.edge.from.nodeId, to: r.edge.to.nodeId, id: r.edgeId }));
  for (const c of findCycles(execArcs)) {
    diags.error('exec-cycle', `exec edges form a cycle through ${c.vertices.join(', ')} (edges ${c.arcs.join(', ')})`, { nodeId: c.vertices[0] as string, edgeId: c.arcs[0] as string });
  }
  const stateArcs: Arc[] = resolved.filter((r) => r.edge.kind === 'state').map((r) => ({ from: ref(r.edge.from), to: ref(r.edge.to), id: r.edgeId }));
  for (const c of findCycles(stateArcs)) {
    const first = c.vertices[0] as string;
    const dot = first.indexOf('.');
    diags.error('state-cycle', `state edges form a cycle through ${c.vertices.join(', ')} (edges ${c.arcs.join(', ')})`, { nodeId: first.slice(0, dot), port: first.slice(dot + 1), edgeId: c.arcs[0] as string });
  }

  if (diags.hasErrors) return failed(diags);
  return emit(nodes, infos, resolved, editorId, services as Record<string, Manifest>, previous, diags);
}

function checkEnd(info: NodeInfo, port: string, role: PortRole, edge: GraphEdge, edgeId: string, diags: Diagnostics): boolean {
  if (info.free) return true;
  if (!info.known) return false;
  const has: Record<PortRole, boolean> = {
    dataIn: info.dataIn.has(port),
    dataOut: info.dataOut.has(port),
    execIn: info.execIn.has(port),
    execOut: info.execOut.has(port),
    state: info.fields.has(port),
  };
  if (has[role]) return true;
  const at = { edgeId, nodeId: info.node.nodeId, port };
  const actual = (Object.keys(has) as PortRole[]).filter((r) => has[r]);
  if (actual.length > 0) {
    const rule = edge.kind === 'data' ? 'data edges join a data output to a data input' : edge.kind === 'state' ? 'state edges join two state fields' : 'exec edges join an exec output to an exec input';
    diags.error('kind-mismatch', `edge '${edgeId}': '${port}' of ${info.what} is ${actual.map((r) => article(ROLE_NAMES[r])).join(' and ')}, not ${article(ROLE_NAMES[role])}; ${rule}`, at);
  } else {
    diags.error('missing-port', `edge '${edgeId}': ${info.what} has no ${ROLE_NAMES[role]} '${port}'`, at);
  }
  return false;
}

function checkData(from: NodeInfo, to: NodeInfo, edge: GraphEdge, edgeId: string, diags: Diagnostics): void {
  if (from.free || to.free) return;
  const producer = from.dataOut.get(edge.from.port)?.valueSchema;
  const consumer = to.dataIn.get(edge.to.port)?.valueSchema;
  const verdict = satisfies(producer, consumer);
  if (!verdict.ok) {
    diags.error('data-incompatible', `edge '${edgeId}': ${ref(edge.from)} does not fit ${ref(edge.to)}: ${verdict.reason}`, { edgeId, nodeId: edge.to.nodeId, port: edge.to.port });
  }
}

function checkState(from: NodeInfo, to: NodeInfo, fromOk: boolean, toOk: boolean, edge: GraphEdge, edgeId: string, diags: Diagnostics): void {
  const source = fromOk && !from.free ? from.fields.get(edge.from.port) : undefined;
  const target = toOk && !to.free ? to.fields.get(edge.to.port) : undefined;
  if (source && target && !sameStateSchema(source.valueSchema, target.valueSchema)) {
    diags.error('state-type-mismatch', `edge '${edgeId}': state ${ref(edge.from)} has schema ${canonicalJson(source.valueSchema)} but ${ref(edge.to)} has ${canonicalJson(target.valueSchema)}; state edges join fields of the same schema`, { edgeId, nodeId: edge.to.nodeId, port: edge.to.port });
  }
  if (target && target.access === 'ro') {
    diags.error('state-target-ro', `edge '${edgeId}': state ${ref(edge.to)} is read-only (ro) and cannot be the target of a state edge`, { edgeId, nodeId: edge.to.nodeId, port: edge.to.port });
  }
  if (source && source.access === 'wo') {
    diags.error('state-source-wo', `edge '${edgeId}': state ${ref(edge.from)} is write-only (wo) and cannot be the source of a state edge`, { edgeId, nodeId: edge.from.nodeId, port: edge.from.port });
  }
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
        ? { subject: subjects.bus(deriveBusId(producerHost, edge.from.nodeId, edge.from.port)) }
        : { bucket: buckets.instance(producerHost), key: keys.state(edge.from.nodeId, edge.from.port) };
    const fromRef = { nodeId: edge.from.nodeId, port: edge.from.port };
    const toRef = { nodeId: edge.to.nodeId, port: edge.to.port };
    sideOf(producerHost)?.halfEdges.push({ ...base, direction: 'out', peerServiceId: consumerHost, local: fromRef, remote: toRef, ...options, ...where });
    sideOf(consumerHost)?.halfEdges.push({ ...base, direction: 'in', peerServiceId: producerHost, local: { ...toRef }, remote: { ...fromRef }, ...options, ...where });
  }

  const byEdge = (a: { edgeId?: string; direction?: string }, b: { edgeId?: string; direction?: string }): number => cmp(a.edgeId ?? '', b.edgeId ?? '') || cmp(a.direction ?? '', b.direction ?? '');
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
    subgraphs[instanceId] = { ...body, etag: etagOf(body) };
  }
  const editor = editorId !== undefined ? { instanceId: editorId, halfEdges: editorHalfEdges.sort(byEdge) } : undefined;
  const compilation: Compilation = {
    subgraphs,
    plan: planDeploy(previous, subgraphs),
    diagnostics: diags.sorted(),
    etag: etagOf({ subgraphs, editor }),
    promotions: promotions.sort((a, b) => cmp(a.edgeId, b.edgeId)),
  };
  if (editor) compilation.editor = editor;
  return compilation;
}
