// Validation of an operator graph against the registry, pure: node ids, classes, ports, edge
// rules, cycles, initial state. The Engine applies what it builds (blueprint.ts was split out
// of engine.ts along this seam; reading nodes, edges and port lists is in read-graph.ts), and
// the helpers below are shared by both.
import type { EngineEdge, EngineGraph, OperatorDefinition, OperatorSpec, PortRef } from './types.js';
import { isRecord } from './values.js';
import { key, PortIndex, readEdges, readNodes, readRefs, Upstreams, type BlueprintRegistry } from './read-graph.js';
// The SDK's pure graph-checks module, not its index (which brings node:* and NATS with it).
import { cmp, findCycles, type Arc } from '../../../../src/sdk/graph-checks.js';

export { key, names } from './read-graph.js';

/** What validation builds: everything but the instances. */
export interface Blueprint {
  graph: EngineGraph;
  defs: Map<string, OperatorDefinition>;
  dataUpstream: Map<string, PortRef>;
  execTargets: Map<string, PortRef[]>;
  dataAdj: Map<string, string[]>;
  stateEdges: EngineEdge[];
  published: PortRef[];
}

/**
 * A cycle of a directed graph as a path (its first vertex repeated at the end), or null: the
 * compiler's cycle finder (through the SDK) names the loop, and the path walks it from its
 * smallest vertex, taking the smallest next vertex inside it. Deterministic.
 */
export function cyclePath(adj: ReadonlyMap<string, readonly string[]>): string[] | null {
  if (acyclic(adj)) return null; // the usual case, without building arcs for the cycle finder
  const arcs: Arc[] = [];
  for (const [from, targets] of adj) for (const to of targets) arcs.push({ from, to, id: `${from}\u0000${to}` });
  const [cycle] = findCycles(arcs);
  if (cycle === undefined) return null;
  const inside = new Set(cycle.vertices);
  const path: string[] = [];
  let v = cycle.vertices[0] as string;
  while (!path.includes(v)) {
    path.push(v);
    v = [...(adj.get(v) ?? [])].filter((w) => inside.has(w)).sort(cmp)[0] as string;
  }
  return [...path.slice(path.indexOf(v)), v];
}

/** True when the graph has no cycle (Kahn: every vertex can be peeled off once its in-arcs are gone). */
function acyclic(adj: ReadonlyMap<string, readonly string[]>): boolean {
  const indeg = new Map<string, number>();
  for (const [from, targets] of adj) {
    if (!indeg.has(from)) indeg.set(from, 0);
    for (const to of targets) indeg.set(to, (indeg.get(to) ?? 0) + 1);
  }
  const ready = [...indeg.keys()].filter((v) => indeg.get(v) === 0);
  let peeled = 0;
  while (ready.length > 0) {
    const v = ready.pop() as string;
    peeled++;
    for (const to of adj.get(v) ?? []) {
      const d = (indeg.get(to) as number) - 1;
      indeg.set(to, d);
      if (d === 0) ready.push(to);
    }
  }
  return peeled === indeg.size;
}

function sortRefs(refs: PortRef[]): PortRef[] {
  return refs.sort((x, y) => cmp(x.nodeId, y.nodeId) || cmp(x.port, y.port));
}

export function stateDefaults(spec: OperatorSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.stateFields ?? []) if (f.default !== undefined) out[f.name] = structuredCloneJson(f.default);
  return out;
}

export function structuredCloneJson<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  return JSON.parse(JSON.stringify(v)) as T;
}

export function copyGraph(g: EngineGraph): EngineGraph {
  return structuredCloneJson(g);
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function shapeError(graph: unknown): string | null {
  if (!isRecord(graph)) return 'graph must be an object with nodes and edges';
  if (!Array.isArray(graph.nodes)) return 'graph.nodes must be an array';
  if (graph.edges !== undefined && !Array.isArray(graph.edges)) return 'graph.edges must be an array';
  return null;
}

export function buildBlueprint(graph: unknown, registry: BlueprintRegistry): Blueprint | { errors: string[] } {
  const shape = shapeError(graph);
  if (shape !== null) return { errors: [shape] };
  const g = graph as Record<string, unknown>;
  const errors: string[] = [];
  const read = readNodes(g.nodes as unknown[], registry, errors);
  const ports = new PortIndex(read);
  const upstreams = new Upstreams();
  const edges = readEdges((g.edges as unknown[] | undefined) ?? [], ports, upstreams, errors);
  const externalInputs = readRefs(g, 'externalInputs', ports, errors);
  const published = readRefs(g, 'publishedOutputs', ports, errors);
  for (const ext of externalInputs) upstreams.add('data', ext, `external input ${ext.nodeId}.${ext.port}`);
  errors.push(...upstreams.problems());

  const dataAdj = nodeAdjacency(edges, 'data');
  const state = stateGraph(edges);
  errors.push(...cycleErrors(nodeAdjacency(edges, 'exec'), dataAdj, state.adj));
  if (errors.length > 0) return { errors };

  const normalized: EngineGraph = { nodes: read.nodes, edges };
  if (externalInputs.length > 0) normalized.externalInputs = externalInputs;
  if (published.length > 0) normalized.publishedOutputs = published;
  return { graph: copyGraph(normalized), defs: read.defs, ...wiring(edges), dataAdj, stateEdges: stateOrder(state), published };
}

// ---------------------------------------------------------------- whole-graph rules

/** node -> the nodes its edges of one kind lead to, each list sorted. */
function nodeAdjacency(edges: readonly EngineEdge[], kind: 'data' | 'exec'): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    if (e.kind !== kind) continue;
    const list = adj.get(e.from.nodeId) ?? [];
    if (!list.includes(e.to.nodeId)) list.push(e.to.nodeId);
    adj.set(e.from.nodeId, list);
  }
  for (const list of adj.values()) list.sort();
  return adj;
}

/** State edges as a graph over fields ("node.field"). */
interface StateGraph {
  adj: Map<string, string[]>;
  byFrom: Map<string, EngineEdge[]>;
  vertices: string[];
}

function stateGraph(edges: readonly EngineEdge[]): StateGraph {
  const adj = new Map<string, string[]>();
  const byFrom = new Map<string, EngineEdge[]>();
  for (const e of edges) {
    if (e.kind !== 'state') continue;
    const f = `${e.from.nodeId}.${e.from.port}`;
    adj.set(f, [...(adj.get(f) ?? []), `${e.to.nodeId}.${e.to.port}`]);
    byFrom.set(f, [...(byFrom.get(f) ?? []), e]);
  }
  const vertices = [...new Set([...adj.keys(), ...[...adj.values()].flat()])].sort();
  return { adj, byFrom, vertices };
}

function cycleErrors(execAdj: ReadonlyMap<string, string[]>, dataAdj: ReadonlyMap<string, string[]>, stateAdj: ReadonlyMap<string, string[]>): string[] {
  const errors: string[] = [];
  const execCycle = cyclePath(execAdj);
  if (execCycle !== null) errors.push(`exec cycle: ${execCycle.join(' -> ')} (exec edges may not loop)`);
  const dataCycle = cyclePath(dataAdj);
  if (dataCycle !== null) errors.push(`data cycle: ${dataCycle.join(' -> ')} (pull evaluation would loop)`);
  const stateCycle = cyclePath(stateAdj);
  if (stateCycle !== null) errors.push(`state cycle: ${stateCycle.join(' -> ')}`);
  return errors;
}

/** State edges in dependency order (Kahn over fields, ties by name); the graph has no cycle. */
function stateOrder({ adj, byFrom, vertices }: StateGraph): EngineEdge[] {
  const indeg = new Map<string, number>(vertices.map((v) => [v, 0]));
  for (const list of adj.values()) for (const v of list) indeg.set(v, (indeg.get(v) ?? 0) + 1);
  const ready = vertices.filter((v) => indeg.get(v) === 0);
  const ordered: EngineEdge[] = [];
  while (ready.length > 0) {
    ready.sort();
    const v = ready.shift() as string;
    for (const e of byFrom.get(v) ?? []) {
      ordered.push(e);
      const t = `${e.to.nodeId}.${e.to.port}`;
      const d = (indeg.get(t) ?? 0) - 1;
      indeg.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  return ordered;
}

/** Where each data input pulls from, and where each exec output fires (targets sorted). */
function wiring(edges: readonly EngineEdge[]): Pick<Blueprint, 'dataUpstream' | 'execTargets'> {
  const dataUpstream = new Map<string, PortRef>();
  const execTargets = new Map<string, PortRef[]>();
  for (const e of edges) {
    if (e.kind === 'data') dataUpstream.set(key(e.to.nodeId, e.to.port), e.from);
    if (e.kind === 'exec') {
      const k = key(e.from.nodeId, e.from.port);
      execTargets.set(k, [...(execTargets.get(k) ?? []), e.to]);
    }
  }
  for (const list of execTargets.values()) sortRefs(list);
  return { dataUpstream, execTargets };
}
