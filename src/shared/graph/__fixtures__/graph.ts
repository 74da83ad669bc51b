// A small graph for the graph-op tests: a child listed before its parent, edges with and
// without edgeId, nodes with and without position/label/state (including an empty state).
import type { GraphEdge, GraphNode, ServiceGraph } from '../../types.js';

export function sampleGraph(): ServiceGraph {
  const nodes: GraphNode[] = [
    { nodeId: 'o2', kind: 'operator', operatorClass: 't.add', parentId: 'o1', position: { x: 5, y: 5 } },
    { nodeId: 's1', kind: 'service', serviceClass: 't.engine', label: 'Engine', position: { x: 0, y: 0 }, state: { gain: 2 } },
    { nodeId: 's2', kind: 'service', serviceClass: 't.sink', state: {} },
    { nodeId: 'o1', kind: 'operator', operatorClass: 'f8.container', parentId: 's1' },
    { nodeId: 'ed1', kind: 'editor', editorClass: 'scope', label: 'Scope' },
  ];
  const edges: GraphEdge[] = [
    { edgeId: 'e1', kind: 'data', from: { nodeId: 's1', port: 'out' }, to: { nodeId: 's2', port: 'in' }, strategy: 'queue', queueSize: 8 },
    { kind: 'data', from: { nodeId: 's2', port: 'out' }, to: { nodeId: 'ed1', port: 'in' } },
    { edgeId: 'e3', kind: 'exec', from: { nodeId: 'o1', port: 'next' }, to: { nodeId: 'o2', port: 'run' } },
    { edgeId: 'e4', kind: 'state', from: { nodeId: 'o2', port: 'level' }, to: { nodeId: 's2', port: 'level' } },
  ];
  return { schemaVersion: 'f8studio-graph/1', graphId: 'g1', name: 'sample', nodes, edges };
}

/** Freezes a value and everything reachable from it, so a mutation throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
