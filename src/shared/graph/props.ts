// Node and graph properties that are not position, label or state: a node's restart policy,
// its extra ports, an operator's parent (moving it into another container), view-only `x-*`
// fields (an engine's size on the canvas); the graph's name. Pure, with inverses.
import type { GraphNode, ServiceGraph } from '../types.js';
import { idProblem } from '../naming.js';
import type { GraphOp } from './ops.js';

/** Keys setNodeProps may set; `x-*` keys too. */
export const NODE_PROP_KEYS = ['restartPolicy', 'ports', 'parentId'] as const;

const RESTART_POLICIES = ['never', 'on-failure', 'always'];

type Ok = { graph: ServiceGraph; inverse: GraphOp };

function propProblem(graph: ServiceGraph, node: GraphNode, key: string, value: unknown): string | null {
  if (!(NODE_PROP_KEYS as readonly string[]).includes(key) && !key.startsWith('x-')) return `'${key}' is not a node property (use ${NODE_PROP_KEYS.join(', ')} or x-*)`;
  if (value === undefined) return key === 'parentId' ? `the parentId of operator '${node.nodeId}' cannot be removed` : null;
  switch (key) {
    case 'restartPolicy':
      if (node.kind !== 'service') return `only service nodes have a restart policy ('${node.nodeId}' is ${node.kind})`;
      return RESTART_POLICIES.includes(value as string) ? null : `restartPolicy must be one of ${RESTART_POLICIES.join(', ')}`;
    case 'ports':
      if (node.kind === 'editor') return `editor node '${node.nodeId}' has no declared ports`;
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : 'ports must be an object';
    case 'parentId': {
      if (node.kind !== 'operator') return `only operators have a parent ('${node.nodeId}' is ${node.kind})`;
      const problem = idProblem('nodeId', value);
      if (problem) return problem;
      // The new parent must exist and must not be the node or one of its descendants.
      for (let cur: string | undefined = value as string, hops = 0; cur !== undefined && hops <= graph.nodes.length; hops++) {
        if (cur === node.nodeId) return `operator '${node.nodeId}' cannot be moved into itself or into one of its own containers`;
        const p = graph.nodes.find((n) => n.nodeId === cur);
        if (!p) return hops === 0 ? `parent '${String(value)}' is not a node` : null;
        cur = p.kind === 'operator' ? p.parentId : undefined;
      }
      return null;
    }
    default:
      return null;
  }
}

export function setNodeProps(graph: ServiceGraph, nodeId: string, props: Record<string, unknown>): Ok | string {
  const i = graph.nodes.findIndex((n) => n.nodeId === nodeId);
  if (i < 0) return `setNodeProps: unknown nodeId '${nodeId}'`;
  if (typeof props !== 'object' || props === null) return `setNodeProps: props of '${nodeId}' must be an object`;
  const node = graph.nodes[i] as GraphNode;
  const next: Record<string, unknown> = { ...node };
  const back: Record<string, unknown> = {};
  for (const key of Object.keys(props)) {
    const value = props[key];
    const problem = propProblem(graph, node, key, value);
    if (problem) return `setNodeProps: ${problem}`;
    back[key] = (node as unknown as Record<string, unknown>)[key];
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  const nodes = graph.nodes.slice();
  nodes[i] = next as unknown as GraphNode;
  return { graph: { ...graph, nodes }, inverse: { type: 'setNodeProps', nodeId, props: back } };
}

export function setGraphName(graph: ServiceGraph, name: string | undefined): Ok | string {
  if (name !== undefined && (typeof name !== 'string' || name.length > 200)) return 'setGraphName: the name must be a string of at most 200 characters';
  const inverse: GraphOp = { type: 'setGraphName' };
  if (graph.name !== undefined) inverse.name = graph.name;
  const next = { ...graph };
  if (name === undefined) delete next.name;
  else next.name = name;
  return { graph: next, inverse };
}
