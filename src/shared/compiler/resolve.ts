// Node resolution (pure): each node's class, host instance and ports, from the catalog; the
// compiler and the editor's connection check share it. Problems become diagnostics.
import type { GraphNode, Manifest, OperatorNode, OperatorSpec, PortSpec, ServiceNode, StateFieldSpec } from '../types.js';
import type { Diagnostics } from './diagnostics.js';
import type { CompileCatalog } from './types.js';
import { schemaProblem } from '../schema-safety.js';
import { asArray, isObject, own } from './util.js';

/** The operator class of a container: it groups operators inside an engine and has only the ports the node declares. */
export const CONTAINER_CLASS = 'f8.container';

export type PortRole = 'dataIn' | 'dataOut' | 'execIn' | 'execOut' | 'state';

export const ROLE_NAMES: Record<PortRole, string> = {
  dataIn: 'data input',
  dataOut: 'data output',
  execIn: 'exec input',
  execOut: 'exec output',
  state: 'state field',
};

export function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

export interface NodeInfo {
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
  /** Port roles the node may declare extras of (its class's editable* flags). */
  extensible: Set<PortRole>;
  /** Extra state fields whose schema was refused (`bad-schema`): their values are not checked again. */
  refusedFields: Set<string>;
}

// Shared, never written: an info's collections are these until fillPorts gives it its class's
// (shared per class too) or, when the node declares extras, copies of its own.
const NO_PORTS = new Map<string, PortSpec>();
const NO_NAMES = new Set<string>();
const NO_FIELDS = new Map<string, StateFieldSpec>();
const NO_ROLES = new Set<PortRole>();

export function emptyInfo(node: GraphNode, what: string, host: string | undefined): NodeInfo {
  return {
    node,
    what,
    host,
    free: false,
    known: false,
    isContainer: false,
    containers: [],
    dataIn: NO_PORTS,
    dataOut: NO_PORTS,
    execIn: NO_NAMES,
    execOut: NO_NAMES,
    fields: NO_FIELDS,
    extensible: NO_ROLES,
    refusedFields: NO_NAMES,
  };
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

type ClassPorts = Pick<NodeInfo, 'dataIn' | 'dataOut' | 'execIn' | 'execOut' | 'fields' | 'extensible'>;
/** The ports of a class, built once per spec object (a large graph has thousands of nodes of a few classes). */
const classPorts = new WeakMap<PortSource, ClassPorts>();

function portsOf(spec: PortSource): ClassPorts {
  let c = classPorts.get(spec);
  if (c) return c;
  c = { dataIn: new Map(), dataOut: new Map(), execIn: new Set(), execOut: new Set(), fields: new Map(), extensible: new Set() };
  for (const p of asArray<PortSpec>(spec.dataInPorts)) if (isObject(p) && typeof p.name === 'string') c.dataIn.set(p.name, p);
  for (const p of asArray<PortSpec>(spec.dataOutPorts)) if (isObject(p) && typeof p.name === 'string') c.dataOut.set(p.name, p);
  for (const p of asArray<{ name: string }>(spec.execInPorts)) if (isObject(p) && typeof p.name === 'string') c.execIn.add(p.name);
  for (const p of asArray<{ name: string }>(spec.execOutPorts)) if (isObject(p) && typeof p.name === 'string') c.execOut.add(p.name);
  for (const f of asArray<StateFieldSpec>(spec.stateFields)) if (isObject(f) && typeof f.name === 'string') c.fields.set(f.name, f);
  if (spec.editableDataInPorts === true) c.extensible.add('dataIn');
  if (spec.editableDataOutPorts === true) c.extensible.add('dataOut');
  if (spec.editableStateFields === true) c.extensible.add('state');
  classPorts.set(spec, c);
  return c;
}

/** The node's ports: its class's (shared), or, when it declares extras, copies with them added. */
function fillPorts(info: NodeInfo, spec: PortSource, extras: unknown, diags: Diagnostics): void {
  const c = portsOf(spec);
  if (!isObject(extras)) {
    Object.assign(info, c);
    return;
  }
  Object.assign(info, {
    dataIn: new Map(c.dataIn),
    dataOut: new Map(c.dataOut),
    execIn: new Set(c.execIn),
    execOut: new Set(c.execOut),
    fields: new Map(c.fields),
    extensible: new Set(c.extensible),
    refusedFields: new Set<string>(),
  });
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
      if (spec[g.flag] !== true) {
        diags.error('extra-port-not-allowed', `${info.what} declares an extra ${g.what} '${item.name}', but its class does not allow extra ${g.what}s (${String(g.flag)} is not set)`, {
          nodeId,
          port: item.name,
        });
        continue;
      }
      // a schema the graph brings is untrusted: refused here, not first by the instance at run time
      const schema = g.key === 'commands' ? (item as { params?: unknown }).params : (item as { valueSchema?: unknown }).valueSchema;
      const unsafe = isObject(schema) ? schemaProblem(schema) : null;
      if (unsafe) {
        diags.error('bad-schema', `${info.what}: the schema of extra ${g.what} '${item.name}' is refused: ${unsafe}`, { nodeId, port: item.name });
        if (g.key === 'stateFields') info.refusedFields.add(item.name);
      }
      g.add(item); // known all the same: its edges and value get no second, misleading diagnostic
    }
  }
}

const CONTAINER_SPEC: PortSource = { editableDataInPorts: true, editableDataOutPorts: true };

/** The service nodes: known by the catalog or a diagnostic; the editor's id is reserved. */
function resolveServices(nodes: ReadonlyMap<string, GraphNode>, services: Record<string, Manifest>, editorId: string | undefined, infos: Map<string, NodeInfo>, diags: Diagnostics): void {
  for (const n of nodes.values()) {
    if (n.kind !== 'service') continue;
    if (n.nodeId === editorId) diags.error('bad-id', `instanceId '${n.nodeId}' is reserved for the editor pseudo-instance`, { nodeId: n.nodeId });
    const manifest = own(services, n.serviceClass);
    const info = emptyInfo(n, `service '${n.nodeId}' (${n.serviceClass})`, n.nodeId);
    if (!isObject(manifest)) {
      diags.error('unknown-service-class', `service '${n.nodeId}': service class '${n.serviceClass}' is not in the catalog`, { nodeId: n.nodeId });
    } else {
      info.known = true;
      fillPorts(info, manifest, n.ports, diags);
    }
    infos.set(n.nodeId, info);
  }
}

/** The operator specs an engine instance knows (its manifest's and the catalog's extra ones), by class; each engine's built once. */
function operatorLookup(catalog: CompileCatalog): (engineId: string, manifest: Manifest) => Map<string, OperatorSpec> {
  const operatorCatalogs = new Map<string, Map<string, OperatorSpec>>();
  return (engineId, manifest) => {
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
}

/**
 * Walks an operator's parent chain up to its engine, noting the containers on the way in
 * `info.containers`. Undefined (with a bad-parent diagnostic) when the chain is broken: a cycle,
 * a missing parent, a service that is not an engine, an editor node or an operator that is not a container.
 */
function engineOf(n: OperatorNode, info: NodeInfo, nodes: ReadonlyMap<string, GraphNode>, services: Record<string, Manifest>, diags: Diagnostics): ServiceNode | undefined {
  const chain: string[] = [n.nodeId];
  let cur = n.parentId;
  const broken = (message: string): undefined => void diags.error('bad-parent', `operator '${n.nodeId}': ${message}`, { nodeId: n.nodeId });
  for (;;) {
    if (chain.includes(cur)) return broken(`its parent chain has a cycle (${[...chain, cur].join(' -> ')})`);
    const p = nodes.get(cur);
    if (!p) return broken(`parent '${cur}' is not a node of the graph`);
    if (p.kind === 'service') {
      const m = own(services, p.serviceClass);
      if (isObject(m) && m.engine !== true) return broken(`'${p.nodeId}' is a ${p.serviceClass} service, which is not an engine and cannot host operators`);
      return p;
    }
    if (p.kind === 'editor') return broken(`'${p.nodeId}' is an editor node; operators live in an engine or in a ${CONTAINER_CLASS} inside one`);
    if (p.operatorClass !== CONTAINER_CLASS) return broken(`'${p.nodeId}' is a ${p.operatorClass} operator, not a ${CONTAINER_CLASS}`);
    info.containers.push(p.nodeId);
    chain.push(cur);
    cur = p.parentId;
  }
}

/** Resolves every node of the graph (nodes by id); `editorId` hosts the editor nodes. */
export function resolveNodes(nodes: ReadonlyMap<string, GraphNode>, catalog: CompileCatalog, editorId: string | undefined, diags: Diagnostics): Map<string, NodeInfo> {
  const services: Record<string, Manifest> = isObject(catalog.services) ? catalog.services : {};
  const infos = new Map<string, NodeInfo>();
  resolveServices(nodes, services, editorId, infos, diags);
  const operatorsOf = operatorLookup(catalog);
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
    const engine = engineOf(n, info, nodes, services, diags);
    if (!engine) continue;
    info.host = engine.nodeId;
    const manifest = own(services, engine.serviceClass);
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
  return infos;
}
