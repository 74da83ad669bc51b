// What a node offers on the canvas (pure): its ports, state fields and commands, from the
// catalog (a service's manifest, an operator's spec in its engine's manifest, a container's
// declared ports, an editor node's fixed shape). Unknown classes give an empty spec marked
// unknown, so the node still draws and says why.
import type { CatalogEntry, CommandSpec, EditableFlags, GraphNode, JsonSchema, Manifest, OperatorSpec, ServiceGraph, StateFieldSpec } from '../../../shared/types';
import { CONTAINER_CLASS } from '../../../shared/compiler';
import { EDITOR_CLASSES } from './editor-classes';

export type NodeShape = 'service' | 'engine' | 'operator' | 'container' | 'editor';

export interface PortInfo {
  name: string;
  schema?: JsonSchema;
  description?: string;
  /** Declared on the node (an editable* extra), not by its class. */
  extra?: boolean;
}

export interface NodeSpec {
  shape: NodeShape;
  /** The class as the palette names it: "Signal generator". */
  classLabel: string;
  /** serviceClass / operatorClass / editorClass. */
  cls: string;
  known: boolean;
  /** Why it is unknown, for the node body. */
  problem?: string;
  dataIn: PortInfo[];
  dataOut: PortInfo[];
  execIn: PortInfo[];
  execOut: PortInfo[];
  fields: (StateFieldSpec & { extra?: boolean })[];
  commands: CommandSpec[];
  editable: EditableFlags;
  /** Operators: their engine's instanceId. */
  engineId?: string;
}

export interface CatalogIndex {
  services: ReadonlyMap<string, Manifest>;
  /** Running engines' own operator catalogs (plugins included), by engine instanceId. */
  engineOperators: Readonly<Record<string, OperatorSpec[]>>;
}

export function catalogIndex(entries: readonly CatalogEntry[], engineOperators: Readonly<Record<string, OperatorSpec[]>> = {}): CatalogIndex {
  const services = new Map<string, Manifest>();
  for (const e of entries) if (!services.has(e.serviceClass)) services.set(e.serviceClass, e.manifest);
  return { services, engineOperators };
}

function ports(list: readonly { name: string; valueSchema?: JsonSchema; description?: string }[] | undefined, extra = false): PortInfo[] {
  return (list ?? []).map((p) => {
    const out: PortInfo = { name: p.name };
    if (p.valueSchema !== undefined) out.schema = p.valueSchema;
    if (p.description !== undefined) out.description = p.description;
    if (extra) out.extra = true;
    return out;
  });
}

function empty(shape: NodeShape, cls: string, classLabel: string, problem?: string): NodeSpec {
  const s: NodeSpec = { shape, cls, classLabel, known: problem === undefined, dataIn: [], dataOut: [], execIn: [], execOut: [], fields: [], commands: [], editable: {} };
  if (problem !== undefined) s.problem = problem;
  return s;
}

function withExtras(spec: NodeSpec, node: GraphNode): NodeSpec {
  if (node.kind === 'editor' || !node.ports) return spec;
  const known = (list: PortInfo[], name: string) => list.some((p) => p.name === name);
  for (const p of ports(node.ports.dataIn, true)) if (!known(spec.dataIn, p.name)) spec.dataIn.push(p);
  for (const p of ports(node.ports.dataOut, true)) if (!known(spec.dataOut, p.name)) spec.dataOut.push(p);
  for (const f of node.ports.stateFields ?? []) if (!spec.fields.some((x) => x.name === f.name)) spec.fields.push({ ...f, extra: true });
  for (const c of node.ports.commands ?? []) if (!spec.commands.some((x) => x.name === c.name)) spec.commands.push(c);
  return spec;
}

function fromSpec(shape: NodeShape, cls: string, s: Manifest | OperatorSpec): NodeSpec {
  const spec = empty(shape, cls, s.label || cls);
  spec.dataIn = ports(s.dataInPorts);
  spec.dataOut = ports(s.dataOutPorts);
  if ('execInPorts' in s) spec.execIn = (s.execInPorts ?? []).map((p) => ({ name: p.name }));
  if ('execOutPorts' in s) spec.execOut = (s.execOutPorts ?? []).map((p) => ({ name: p.name }));
  spec.fields = [...(s.stateFields ?? [])];
  spec.commands = [...(s.commands ?? [])];
  spec.editable = {
    ...(s.editableDataInPorts ? { editableDataInPorts: true } : {}),
    ...(s.editableDataOutPorts ? { editableDataOutPorts: true } : {}),
    ...(s.editableStateFields ? { editableStateFields: true } : {}),
    ...(s.editableCommands ? { editableCommands: true } : {}),
  };
  return spec;
}

/** The engine that hosts an operator (walking containers), or undefined when the chain is broken. */
export function engineOf(graph: ServiceGraph, node: GraphNode, byId: ReadonlyMap<string, GraphNode>): GraphNode | undefined {
  let cur: GraphNode | undefined = node;
  for (let hops = 0; cur && cur.kind === 'operator' && hops <= graph.nodes.length; hops++) cur = byId.get(cur.parentId);
  return cur && cur.kind === 'service' ? cur : undefined;
}

export function nodeSpec(node: GraphNode, graph: ServiceGraph, byId: ReadonlyMap<string, GraphNode>, catalog: CatalogIndex): NodeSpec {
  if (node.kind === 'service') {
    const m = catalog.services.get(node.serviceClass);
    if (!m) return withExtras(empty('service', node.serviceClass, node.serviceClass, `service class '${node.serviceClass}' is not in the catalog`), node);
    return withExtras(fromSpec(m.engine ? 'engine' : 'service', node.serviceClass, m), node);
  }
  if (node.kind === 'editor') {
    const e = EDITOR_CLASSES[node.editorClass];
    if (!e) return empty('editor', node.editorClass, node.editorClass, `editor node class '${node.editorClass}' is unknown`);
    const spec = empty('editor', node.editorClass, e.label);
    spec.dataIn = e.dataIn.map((p) => ({ ...p }));
    spec.dataOut = e.dataOut.map((p) => ({ ...p }));
    spec.fields = e.fields.map((f) => ({ ...f }));
    return spec;
  }
  const engine = engineOf(graph, node, byId);
  if (node.operatorClass === CONTAINER_CLASS) {
    const spec = withExtras(empty('container', CONTAINER_CLASS, 'Container'), node);
    spec.editable = { editableDataInPorts: true, editableDataOutPorts: true };
    if (engine) spec.engineId = engine.nodeId;
    return spec;
  }
  const manifest = engine && engine.kind === 'service' ? catalog.services.get(engine.serviceClass) : undefined;
  const op =
    manifest?.operators?.find((o) => o.operatorClass === node.operatorClass) ?? (engine ? catalog.engineOperators[engine.nodeId]?.find((o) => o.operatorClass === node.operatorClass) : undefined);
  if (!op) {
    const why = !engine ? `operator '${node.nodeId}' is not inside an engine` : `operator class '${node.operatorClass}' is not known to ${engine.nodeId}`;
    return withExtras(empty('operator', node.operatorClass, node.operatorClass, why), node);
  }
  const spec = withExtras(fromSpec('operator', node.operatorClass, op), node);
  if (engine) spec.engineId = engine.nodeId;
  return spec;
}

/** Specs of every node, keyed by nodeId; reuses the previous spec object when nothing it depends on changed. */
export function nodeSpecs(graph: ServiceGraph, catalog: CatalogIndex): Map<string, NodeSpec> {
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  const out = new Map<string, NodeSpec>();
  for (const n of graph.nodes) out.set(n.nodeId, nodeSpec(n, graph, byId, catalog));
  return out;
}
