// The running structure of an applied graph (split out of engine.ts): its nodes with their
// instances, where each data input pulls from and each exec output fires, the exec entrypoints,
// whose outputs an exec invalidates, the state edges in order, the published outputs and the
// inputs that never take null. Built once per apply; ticks only read it.
import { execIndex } from './exec-index.js';
import type { EngineEdge, EngineGraph, PortRef } from './types.js';
// The SDK's pure graph-checks module, not its index (which brings node:* and NATS with it).
import { acceptsNull } from '../../../../src/sdk/graph-checks.js';
import { key, type Blueprint } from './blueprint.js';
import type { NodeRt } from './node-runtime.js';

export interface Structure {
  graph: EngineGraph;
  nodes: Map<string, NodeRt>;
  /** key(to) -> from, for data edges. */
  dataUpstream: Map<string, PortRef>;
  /** key(from exec out) -> targets, sorted by target nodeId then port. */
  execTargets: Map<string, PortRef[]>;
  /** Nodes that start exec chains (exec outputs, no exec inputs), sorted by nodeId. */
  entrypoints: string[];
  /** nodeId -> the nodes whose data outputs depend on it (itself included), for cache invalidation after exec. */
  dependents: Map<string, string[]>;
  /** State edges in dependency order. */
  stateEdges: EngineEdge[];
  published: PortRef[];
  /** key(node, data input) of every input whose valueSchema excludes null (see #input). */
  nullFree: Set<string>;
}

export function emptyStructure(): Structure {
  return {
    graph: { nodes: [], edges: [] },
    nodes: new Map(),
    dataUpstream: new Map(),
    execTargets: new Map(),
    entrypoints: [],
    dependents: new Map(),
    stateEdges: [],
    published: [],
    nullFree: new Set(),
  };
}

/** The structure of an applied blueprint with these node instances. */
export function structureOf(bp: Blueprint, nodes: Map<string, NodeRt>): Structure {
  const { dependents, entrypoints } = execIndex(nodes.values(), bp.dataAdj);
  const nullFree = new Set<string>();
  for (const rt of nodes.values()) {
    for (const p of rt.spec.dataInPorts ?? []) if (!acceptsNull(p.valueSchema)) nullFree.add(key(rt.nodeId, p.name));
  }
  return { graph: bp.graph, nodes, dataUpstream: bp.dataUpstream, execTargets: bp.execTargets, entrypoints, dependents, stateEdges: bp.stateEdges, published: bp.published, nullFree };
}
