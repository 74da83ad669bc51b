// Reading an untrusted graph against the registry, pure: each node (id, class, initial state),
// each edge (shape, ends, ports or state fields and their access) and the half-edge port lists,
// each problem named by its node, edge or list index. buildBlueprint (blueprint.ts) composes
// these and adds the whole-graph rules (one upstream per input, no cycles).
import type { EngineEdge, EngineNode, OperatorDefinition, OperatorSpec, PortRef, StateFieldSpec } from './types.js';
import { checkValue, describeValue, isRecord } from './values.js';
// The SDK's pure graph-checks module, not its index (which brings node:* and NATS with it).
import { cmp } from '../../../../src/sdk/graph-checks.js';

export interface BlueprintRegistry {
  get(operatorClass: string): OperatorDefinition | undefined;
}

export const key = (nodeId: string, port: string): string => `${nodeId}\u0000${port}`;

export function names(list: { name: string }[] | undefined): string[] {
  return (list ?? []).map((p) => p.name);
}

function edgeLabel(e: unknown, index: number): string {
  if (isRecord(e) && typeof e.edgeId === 'string') return `edge ${JSON.stringify(e.edgeId)}`;
  if (isRecord(e) && isRecord(e.from) && isRecord(e.to)) {
    return `edge #${index} (${String(e.from.nodeId)}.${String(e.from.port)} -> ${String(e.to.nodeId)}.${String(e.to.port)})`;
  }
  return `edge #${index}`;
}

function isPortRef(x: unknown): x is PortRef {
  return isRecord(x) && typeof x.nodeId === 'string' && typeof x.port === 'string';
}

// ---------------------------------------------------------------- nodes

/** The nodes that could be read (unknown classes included, without state) and the definition of each known one. */
interface ReadNodes {
  nodes: EngineNode[];
  defs: Map<string, OperatorDefinition>;
}

export function readNodes(raw: readonly unknown[], registry: BlueprintRegistry, errors: string[]): ReadNodes {
  const defs = new Map<string, OperatorDefinition>();
  const nodes: EngineNode[] = [];
  const seen = new Set<string>();
  raw.forEach((n, i) => {
    if (!isRecord(n) || typeof n.nodeId !== 'string' || n.nodeId === '') {
      errors.push(`node #${i}: must be an object with a non-empty string nodeId`);
      return;
    }
    const where = `node ${JSON.stringify(n.nodeId)}`;
    if (seen.has(n.nodeId)) return void errors.push(`${where}: duplicate nodeId`);
    if (typeof n.operatorClass !== 'string') return void errors.push(`${where}: operatorClass must be a string`);
    seen.add(n.nodeId);
    const def = registry.get(n.operatorClass);
    if (def === undefined) {
      errors.push(`${where}: unknown operatorClass ${JSON.stringify(n.operatorClass)}`);
      nodes.push({ nodeId: n.nodeId, operatorClass: n.operatorClass });
      return;
    }
    defs.set(n.nodeId, def);
    const state = n.state === undefined ? undefined : readState(n.state, def.spec, where, errors);
    nodes.push(state === undefined ? { nodeId: n.nodeId, operatorClass: n.operatorClass } : { nodeId: n.nodeId, operatorClass: n.operatorClass, state });
  });
  return { nodes, defs };
}

/** A node's given state: every field must exist in the spec, its value is checked (and kept even when it fails, the error stops the apply). */
function readState(raw: unknown, spec: OperatorSpec, where: string, errors: string[]): Record<string, unknown> | undefined {
  if (!isRecord(raw)) {
    errors.push(`${where}: state must be an object of field values`);
    return undefined;
  }
  const state: Record<string, unknown> = {};
  const fields = new Map((spec.stateFields ?? []).map((f) => [f.name, f]));
  for (const [field, value] of Object.entries(raw)) {
    const f = fields.get(field);
    if (f === undefined) {
      const known = [...fields.keys()].join(', ') || 'none';
      errors.push(`${where}: unknown state field ${JSON.stringify(field)} (operator ${spec.operatorClass} has: ${known})`);
      continue;
    }
    const problem = checkValue(f.valueSchema, value);
    if (problem !== null) errors.push(`${where}: state field ${JSON.stringify(field)} ${problem}`);
    state[field] = value;
  }
  return state;
}

// ---------------------------------------------------------------- ports

/** The ports and state fields of a node of a known class. */
interface NodePorts {
  spec: OperatorSpec;
  dataIn: string[];
  dataOut: string[];
  execIn: string[];
  execOut: string[];
  state: Map<string, StateFieldSpec>;
}

/** Looks up what the read nodes offer: `known` for any read node, `of` for those of a known class. */
export class PortIndex {
  readonly #ids: Set<string>;
  readonly #ports = new Map<string, NodePorts>();

  constructor({ nodes, defs }: ReadNodes) {
    this.#ids = new Set(nodes.map((n) => n.nodeId));
    for (const [nodeId, { spec }] of defs) {
      const state = new Map((spec.stateFields ?? []).map((f): [string, StateFieldSpec] => [f.name, f]));
      this.#ports.set(nodeId, { spec, dataIn: names(spec.dataInPorts), dataOut: names(spec.dataOutPorts), execIn: names(spec.execInPorts), execOut: names(spec.execOutPorts), state });
    }
  }

  known(nodeId: string): boolean {
    return this.#ids.has(nodeId);
  }

  of(nodeId: string): NodePorts | undefined {
    return this.#ports.get(nodeId);
  }
}

// ---------------------------------------------------------------- upstreams

/** Who feeds each data input, exec input and state field, to find those fed twice. */
export class Upstreams {
  readonly #labels = new Map<string, string[]>();

  add(kind: string, to: PortRef, label: string): void {
    const k = `${kind}\u0000${key(to.nodeId, to.port)}`;
    this.#labels.set(k, [...(this.#labels.get(k) ?? []), label]);
  }

  /** One error per input or field with more than one upstream, in key order. */
  problems(): string[] {
    const out: string[] = [];
    for (const [k, labels] of [...this.#labels.entries()].sort(([a], [b]) => cmp(a, b))) {
      if (labels.length < 2) continue;
      const [kind, nodeId, port] = k.split('\u0000') as [string, string, string];
      const what = kind === 'state' ? 'state field' : `${kind} input`;
      out.push(`${what} ${nodeId}.${port} has ${labels.length} upstreams (${labels.join(', ')}); only one is allowed`);
    }
    return out;
  }
}

// ---------------------------------------------------------------- edges

/** The edges that pass every check, in their given order; each is registered with `upstreams`. */
export function readEdges(raw: readonly unknown[], ports: PortIndex, upstreams: Upstreams, errors: string[]): EngineEdge[] {
  const edges: EngineEdge[] = [];
  const edgeIds = new Set<string>();
  raw.forEach((e, i) => {
    const label = edgeLabel(e, i);
    const edge = readEdge(e, label, ports, edgeIds, errors);
    if (edge === undefined) return;
    upstreams.add(edge.kind, edge.to, label);
    edges.push(edge);
  });
  return edges;
}

function readEdge(e: unknown, label: string, ports: PortIndex, edgeIds: Set<string>, errors: string[]): EngineEdge | undefined {
  if (!isRecord(e) || !isPortRef(e.from) || !isPortRef(e.to)) {
    errors.push(`${label}: must be an object with from {nodeId, port} and to {nodeId, port}`);
    return undefined;
  }
  if (e.kind !== 'data' && e.kind !== 'exec' && e.kind !== 'state') {
    errors.push(`${label}: kind must be data, exec or state (got ${describeValue(e.kind)})`);
    return undefined;
  }
  if (e.edgeId !== undefined) {
    if (typeof e.edgeId !== 'string') {
      errors.push(`${label}: edgeId must be a string`);
      return undefined;
    }
    if (edgeIds.has(e.edgeId)) errors.push(`${label}: duplicate edgeId`);
    edgeIds.add(e.edgeId);
  }
  const edge: EngineEdge = { kind: e.kind, from: { nodeId: e.from.nodeId, port: e.from.port }, to: { nodeId: e.to.nodeId, port: e.to.port } };
  if (!endsOk(edge, label, ports, errors)) return undefined;
  if (typeof e.edgeId === 'string') edge.edgeId = e.edgeId;
  return edge;
}

/** Both ends name read nodes and, for nodes of known classes, ports or state fields that fit the edge's kind. */
function endsOk(edge: EngineEdge, label: string, ports: PortIndex, errors: string[]): boolean {
  const unknown = (['from', 'to'] as const).filter((end) => !ports.known(edge[end].nodeId));
  for (const end of unknown) errors.push(`${label}: unknown node ${JSON.stringify(edge[end].nodeId)} (${end})`);
  if (unknown.length > 0) return false;
  const fp = ports.of(edge.from.nodeId);
  const tp = ports.of(edge.to.nodeId);
  if (fp === undefined || tp === undefined) return false; // unknown operatorClass, already reported
  const problems =
    edge.kind === 'state'
      ? [stateEndProblem(label, fp, edge.from, 'from'), stateEndProblem(label, tp, edge.to, 'to')]
      : [portEndProblem(label, fp, edge.from, edge.kind, 'output'), portEndProblem(label, tp, edge.to, edge.kind, 'input')];
  const found = problems.filter((p): p is string => p !== null);
  errors.push(...found);
  return found.length === 0;
}

function portEndProblem(label: string, p: NodePorts, ref: PortRef, kind: 'data' | 'exec', dir: 'input' | 'output'): string | null {
  const list = kind === 'data' ? (dir === 'output' ? p.dataOut : p.dataIn) : dir === 'output' ? p.execOut : p.execIn;
  if (list.includes(ref.port)) return null;
  return `${label}: node ${JSON.stringify(ref.nodeId)} (${p.spec.operatorClass}) has no ${kind} ${dir} ${JSON.stringify(ref.port)} (has: ${list.join(', ') || 'none'})`;
}

/** A state edge reads its source field (not write-only) and writes its target (not read-only). */
function stateEndProblem(label: string, p: NodePorts, ref: PortRef, end: 'from' | 'to'): string | null {
  const field = p.state.get(ref.port);
  if (field === undefined) return `${label}: node ${JSON.stringify(ref.nodeId)} (${p.spec.operatorClass}) has no state field ${JSON.stringify(ref.port)}`;
  const [forbidden, role] = end === 'from' ? (['wo', 'write-only and cannot be a state-edge source'] as const) : (['ro', 'read-only and cannot be a state-edge target'] as const);
  return field.access === forbidden ? `${label}: state field ${ref.nodeId}.${ref.port} is ${role}` : null;
}

// ---------------------------------------------------------------- half-edge port lists

/** graph.externalInputs (data inputs fed from outside) or graph.publishedOutputs (data outputs sent out), deduplicated. */
export function readRefs(graph: Record<string, unknown>, field: 'externalInputs' | 'publishedOutputs', ports: PortIndex, errors: string[]): PortRef[] {
  const raw = graph[field];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.push(`graph.${field} must be an array`);
    return [];
  }
  const out: PortRef[] = [];
  raw.forEach((r: unknown, i) => {
    if (!isPortRef(r)) return void errors.push(`${field}[${i}]: must be {nodeId, port}`);
    if (!ports.known(r.nodeId)) return void errors.push(`${field}[${i}]: unknown node ${JSON.stringify(r.nodeId)}`);
    const p = ports.of(r.nodeId);
    if (p === undefined) return;
    const list = field === 'externalInputs' ? p.dataIn : p.dataOut;
    if (!list.includes(r.port)) {
      const what = field === 'externalInputs' ? 'data input' : 'data output';
      return void errors.push(`${field}[${i}]: node ${JSON.stringify(r.nodeId)} (${p.spec.operatorClass}) has no ${what} ${JSON.stringify(r.port)}`);
    }
    if (!out.some((o) => o.nodeId === r.nodeId && o.port === r.port)) out.push({ nodeId: r.nodeId, port: r.port });
  });
  return out;
}
