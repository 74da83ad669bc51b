// Validation of an operator graph against the registry, pure: node ids, classes, ports, edge
// rules, cycles, initial state. The Engine applies what it builds (blueprint.ts was split out
// of engine.ts along this seam), and the helpers below are shared by both.
import type { EngineEdge, EngineGraph, EngineNode, OperatorDefinition, OperatorSpec, PortRef, StateFieldSpec } from './types.js';
import { checkValue, describeValue, isRecord } from './values.js';
// The SDK's pure graph-checks module, not its index (which brings node:* and NATS with it).
import { cmp, findCycles, type Arc } from '../../../../src/sdk/graph-checks.js';

export interface BlueprintRegistry {
  get(operatorClass: string): OperatorDefinition | undefined;
}

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

export const key = (nodeId: string, port: string): string => `${nodeId}\u0000${port}`;

export function names(list: { name: string }[] | undefined): string[] {
  return (list ?? []).map((p) => p.name);
}

export function edgeLabel(e: unknown, index: number): string {
  if (isRecord(e) && typeof e.edgeId === 'string') return `edge ${JSON.stringify(e.edgeId)}`;
  if (isRecord(e) && isRecord(e.from) && isRecord(e.to)) {
    return `edge #${index} (${String(e.from.nodeId)}.${String(e.from.port)} -> ${String(e.to.nodeId)}.${String(e.to.port)})`;
  }
  return `edge #${index}`;
}

export function isPortRef(x: unknown): x is PortRef {
  return isRecord(x) && typeof x.nodeId === 'string' && typeof x.port === 'string';
}

/**
 * A cycle of a directed graph as a path (its first vertex repeated at the end), or null: the
 * compiler's cycle finder (through the SDK) names the loop, and the path walks it from its
 * smallest vertex, taking the smallest next vertex inside it. Deterministic.
 */
export function cyclePath(adj: ReadonlyMap<string, readonly string[]>): string[] | null {
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

export function sortRefs(refs: PortRef[]): PortRef[] {
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

export function buildBlueprint(graph: unknown, registry: BlueprintRegistry): Blueprint | { errors: string[] } {
  const errors: string[] = [];
  if (!isRecord(graph)) return { errors: ['graph must be an object with nodes and edges'] };
  if (!Array.isArray(graph.nodes)) return { errors: ['graph.nodes must be an array'] };
  if (graph.edges !== undefined && !Array.isArray(graph.edges)) return { errors: ['graph.edges must be an array'] };
  const rawEdges: unknown[] = (graph.edges as unknown[] | undefined) ?? [];

  const defs = new Map<string, OperatorDefinition>();
  const nodes: EngineNode[] = [];
  (graph.nodes as unknown[]).forEach((n, i) => {
    if (!isRecord(n) || typeof n.nodeId !== 'string' || n.nodeId === '') {
      errors.push(`node #${i}: must be an object with a non-empty string nodeId`);
      return;
    }
    const where = `node ${JSON.stringify(n.nodeId)}`;
    if (defs.has(n.nodeId) || nodes.some((m) => m.nodeId === n.nodeId)) {
      errors.push(`${where}: duplicate nodeId`);
      return;
    }
    if (typeof n.operatorClass !== 'string') {
      errors.push(`${where}: operatorClass must be a string`);
      return;
    }
    const def = registry.get(n.operatorClass);
    if (def === undefined) {
      errors.push(`${where}: unknown operatorClass ${JSON.stringify(n.operatorClass)}`);
      nodes.push({ nodeId: n.nodeId, operatorClass: n.operatorClass });
      return;
    }
    defs.set(n.nodeId, def);
    let state: Record<string, unknown> | undefined;
    if (n.state !== undefined) {
      if (!isRecord(n.state)) {
        errors.push(`${where}: state must be an object of field values`);
      } else {
        state = {};
        const fields = new Map((def.spec.stateFields ?? []).map((f) => [f.name, f]));
        for (const [field, value] of Object.entries(n.state)) {
          const spec = fields.get(field);
          if (spec === undefined) {
            const known = [...fields.keys()].join(', ') || 'none';
            errors.push(`${where}: unknown state field ${JSON.stringify(field)} (operator ${n.operatorClass} has: ${known})`);
            continue;
          }
          const problem = checkValue(spec.valueSchema, value);
          if (problem !== null) errors.push(`${where}: state field ${JSON.stringify(field)} ${problem}`);
          state[field] = value;
        }
      }
    }
    nodes.push(state === undefined ? { nodeId: n.nodeId, operatorClass: n.operatorClass } : { nodeId: n.nodeId, operatorClass: n.operatorClass, state });
  });

  const portsOf = (nodeId: string) => {
    const spec = defs.get(nodeId)?.spec;
    return spec === undefined
      ? undefined
      : {
          spec,
          dataIn: names(spec.dataInPorts),
          dataOut: names(spec.dataOutPorts),
          execIn: names(spec.execInPorts),
          execOut: names(spec.execOutPorts),
          state: new Map((spec.stateFields ?? []).map((f): [string, StateFieldSpec] => [f.name, f])),
        };
  };
  const known = (nodeId: string) => nodes.some((n) => n.nodeId === nodeId);

  const edges: EngineEdge[] = [];
  const edgeIds = new Set<string>();
  const upstreams = new Map<string, string[]>(); // key(kind, to) -> labels
  const addUpstream = (kind: string, to: PortRef, label: string) => {
    const k = `${kind}\u0000${key(to.nodeId, to.port)}`;
    const list = upstreams.get(k) ?? [];
    list.push(label);
    upstreams.set(k, list);
  };
  rawEdges.forEach((e, i) => {
    const label = edgeLabel(e, i);
    if (!isRecord(e) || !isPortRef(e.from) || !isPortRef(e.to)) {
      errors.push(`${label}: must be an object with from {nodeId, port} and to {nodeId, port}`);
      return;
    }
    if (e.kind !== 'data' && e.kind !== 'exec' && e.kind !== 'state') {
      errors.push(`${label}: kind must be data, exec or state (got ${describeValue(e.kind)})`);
      return;
    }
    if (e.edgeId !== undefined) {
      if (typeof e.edgeId !== 'string') {
        errors.push(`${label}: edgeId must be a string`);
        return;
      }
      if (edgeIds.has(e.edgeId)) errors.push(`${label}: duplicate edgeId`);
      edgeIds.add(e.edgeId);
    }
    const from = { nodeId: e.from.nodeId, port: e.from.port };
    const to = { nodeId: e.to.nodeId, port: e.to.port };
    let ok = true;
    for (const [end, ref] of [['from', from], ['to', to]] as const) {
      if (!known(ref.nodeId)) {
        errors.push(`${label}: unknown node ${JSON.stringify(ref.nodeId)} (${end})`);
        ok = false;
      }
    }
    if (!ok) return;
    const fp = portsOf(from.nodeId);
    const tp = portsOf(to.nodeId);
    if (fp === undefined || tp === undefined) return; // unknown operatorClass, already reported
    const fcls = fp.spec.operatorClass;
    const tcls = tp.spec.operatorClass;
    if (e.kind === 'data' || e.kind === 'exec') {
      const outs = e.kind === 'data' ? fp.dataOut : fp.execOut;
      const ins = e.kind === 'data' ? tp.dataIn : tp.execIn;
      if (!outs.includes(from.port)) {
        errors.push(`${label}: node ${JSON.stringify(from.nodeId)} (${fcls}) has no ${e.kind} output ${JSON.stringify(from.port)} (has: ${outs.join(', ') || 'none'})`);
        ok = false;
      }
      if (!ins.includes(to.port)) {
        errors.push(`${label}: node ${JSON.stringify(to.nodeId)} (${tcls}) has no ${e.kind} input ${JSON.stringify(to.port)} (has: ${ins.join(', ') || 'none'})`);
        ok = false;
      }
    } else {
      const sf = fp.state.get(from.port);
      const tf = tp.state.get(to.port);
      if (sf === undefined) {
        errors.push(`${label}: node ${JSON.stringify(from.nodeId)} (${fcls}) has no state field ${JSON.stringify(from.port)}`);
        ok = false;
      } else if (sf.access === 'wo') {
        errors.push(`${label}: state field ${from.nodeId}.${from.port} is write-only and cannot be a state-edge source`);
        ok = false;
      }
      if (tf === undefined) {
        errors.push(`${label}: node ${JSON.stringify(to.nodeId)} (${tcls}) has no state field ${JSON.stringify(to.port)}`);
        ok = false;
      } else if (tf.access === 'ro') {
        errors.push(`${label}: state field ${to.nodeId}.${to.port} is read-only and cannot be a state-edge target`);
        ok = false;
      }
    }
    if (!ok) return;
    addUpstream(e.kind, to, label);
    const edge: EngineEdge = { kind: e.kind, from, to };
    if (typeof e.edgeId === 'string') edge.edgeId = e.edgeId;
    edges.push(edge);
  });

  const refList = (field: 'externalInputs' | 'publishedOutputs'): PortRef[] => {
    const raw = graph[field];
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      errors.push(`graph.${field} must be an array`);
      return [];
    }
    const out: PortRef[] = [];
    raw.forEach((r: unknown, i) => {
      if (!isPortRef(r)) {
        errors.push(`${field}[${i}]: must be {nodeId, port}`);
        return;
      }
      const p = portsOf(r.nodeId);
      if (!known(r.nodeId)) {
        errors.push(`${field}[${i}]: unknown node ${JSON.stringify(r.nodeId)}`);
        return;
      }
      if (p === undefined) return;
      const list = field === 'externalInputs' ? p.dataIn : p.dataOut;
      if (!list.includes(r.port)) {
        const what = field === 'externalInputs' ? 'data input' : 'data output';
        errors.push(`${field}[${i}]: node ${JSON.stringify(r.nodeId)} (${p.spec.operatorClass}) has no ${what} ${JSON.stringify(r.port)}`);
        return;
      }
      if (!out.some((o) => o.nodeId === r.nodeId && o.port === r.port)) out.push({ nodeId: r.nodeId, port: r.port });
    });
    return out;
  };
  const externalInputs = refList('externalInputs');
  const published = refList('publishedOutputs');
  for (const ext of externalInputs) addUpstream('data', ext, `external input ${ext.nodeId}.${ext.port}`);

  for (const [k, labels] of [...upstreams.entries()].sort(([a], [b]) => cmp(a, b))) {
    if (labels.length < 2) continue;
    const [kind, nodeId, port] = k.split('\u0000') as [string, string, string];
    const what = kind === 'state' ? 'state field' : `${kind} input`;
    errors.push(`${what} ${nodeId}.${port} has ${labels.length} upstreams (${labels.join(', ')}); only one is allowed`);
  }

  // Cycles.
  const adjOf = (kind: 'data' | 'exec') => {
    const adj = new Map<string, string[]>();
    for (const e of edges) {
      if (e.kind !== kind) continue;
      const list = adj.get(e.from.nodeId) ?? [];
      if (!list.includes(e.to.nodeId)) list.push(e.to.nodeId);
      adj.set(e.from.nodeId, list);
    }
    for (const list of adj.values()) list.sort();
    return adj;
  };
  const execAdj = adjOf('exec');
  const dataAdj = adjOf('data');
  const execCycle = cyclePath(execAdj);
  if (execCycle !== null) errors.push(`exec cycle: ${execCycle.join(' -> ')} (exec edges may not loop)`);
  const dataCycle = cyclePath(dataAdj);
  if (dataCycle !== null) errors.push(`data cycle: ${dataCycle.join(' -> ')} (pull evaluation would loop)`);
  const stateAdj = new Map<string, string[]>();
  const stateEdgesByFrom = new Map<string, EngineEdge[]>();
  for (const e of edges) {
    if (e.kind !== 'state') continue;
    const f = `${e.from.nodeId}.${e.from.port}`;
    stateAdj.set(f, [...(stateAdj.get(f) ?? []), `${e.to.nodeId}.${e.to.port}`]);
    stateEdgesByFrom.set(f, [...(stateEdgesByFrom.get(f) ?? []), e]);
  }
  const stateVertices = [...new Set([...stateAdj.keys(), ...[...stateAdj.values()].flat()])].sort();
  const stateCycle = cyclePath(stateAdj);
  if (stateCycle !== null) errors.push(`state cycle: ${stateCycle.join(' -> ')}`);

  if (errors.length > 0) return { errors };

  // State edges in dependency order (Kahn over fields, ties by name).
  const indeg = new Map<string, number>(stateVertices.map((v) => [v, 0]));
  for (const list of stateAdj.values()) for (const v of list) indeg.set(v, (indeg.get(v) ?? 0) + 1);
  const ready = stateVertices.filter((v) => indeg.get(v) === 0);
  const stateEdges: EngineEdge[] = [];
  while (ready.length > 0) {
    ready.sort();
    const v = ready.shift() as string;
    for (const e of stateEdgesByFrom.get(v) ?? []) {
      stateEdges.push(e);
      const t = `${e.to.nodeId}.${e.to.port}`;
      const d = (indeg.get(t) ?? 0) - 1;
      indeg.set(t, d);
      if (d === 0) ready.push(t);
    }
  }

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

  const normalized: EngineGraph = { nodes, edges };
  if (externalInputs.length > 0) normalized.externalInputs = externalInputs;
  if (published.length > 0) normalized.publishedOutputs = published;
  return { graph: copyGraph(normalized), defs, dataUpstream, execTargets, dataAdj, stateEdges, published };
}
