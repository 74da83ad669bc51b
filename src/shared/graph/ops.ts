// Graph edit operations as data (docs/architecture.md: edits are data, undone by their inverse): a pure reducer that applies one
// operation to a ServiceGraph and returns the new graph with the operation that undoes it.
// Pure: no clock, no randomness, never mutates its inputs, never throws.
import type { EdgeKindName, GraphEdge, GraphNode, ServiceGraph, Strategy } from '../types.js';
import { deriveEdgeId, idProblem } from '../naming.js';
import { setGraphName, setNodeProps } from './props.js';

export interface Point {
  x: number;
  y: number;
}

export interface NodeMove {
  nodeId: string;
  /** Informational (where the drag started); not checked. */
  from?: Point;
  /** The new position; null removes it (only produced by inverses of nodes that had none). */
  to: Point | null;
}

/** Keys present are set; a key present with the value undefined is removed. */
export interface EdgeOptions {
  strategy?: Strategy;
  queueSize?: number;
  timeoutMs?: number;
  dropOld?: boolean;
}

export interface IndexedNode {
  index: number;
  node: GraphNode;
}
export interface IndexedEdge {
  index: number;
  edge: GraphEdge;
}

export type GraphOp =
  /** Appends a node. An operator's parent must exist; nothing may already reference the id. */
  | { type: 'addNode'; node: GraphNode }
  /** Removes the node, every operator whose parentId chain leads to it, and every edge touching them. */
  | { type: 'removeNode'; nodeId: string }
  | { type: 'moveNodes'; moves: NodeMove[] }
  /** label undefined removes the label. */
  | { type: 'setNodeLabel'; nodeId: string; label?: string }
  /**
   * value undefined removes the field; a state left empty by a removal is dropped unless
   * keepEmpty (set by inverses when the node had an explicit empty state).
   */
  | { type: 'setNodeState'; nodeId: string; field: string; value?: unknown; keepEmpty?: boolean }
  /** edgeId is filled with deriveEdgeId when absent; a duplicate id is refused. */
  | { type: 'addEdge'; edge: GraphEdge }
  /** Removes every edge whose id (edgeId, or the derived one) is edgeId. */
  | { type: 'removeEdge'; edgeId: string }
  | { type: 'setEdgeOptions'; edgeId: string; options: EdgeOptions }
  /** All or nothing, in order. */
  | { type: 'batch'; ops: GraphOp[] }
  /**
   * Raw, non-cascading insertion at array positions (ascending by index); the inverse of removals.
   * Refuses ids already present in the graph.
   */
  | { type: 'restoreItems'; nodes: IndexedNode[]; edges: IndexedEdge[] }
  /** Raw, non-cascading removal by id; the inverse of restoreItems. */
  | { type: 'deleteItems'; nodeIds: string[]; edgeIds: string[] }
  /** restartPolicy, ports, parentId or x-* fields (see props.ts); a key with the value undefined is removed. */
  | { type: 'setNodeProps'; nodeId: string; props: Record<string, unknown> }
  /** name undefined removes it. */
  | { type: 'setGraphName'; name?: string };

export type ApplyResult = { graph: ServiceGraph; inverse: GraphOp } | { error: string };

const STRATEGIES: readonly Strategy[] = ['latest', 'queue', 'average', 'hold', 'repeat', 'interpolate'];
const EDGE_KINDS: readonly EdgeKindName[] = ['data', 'state', 'exec'];
const OPTION_KEYS = ['strategy', 'queueSize', 'timeoutMs', 'dropOld'] as const;

/** An edge's id: its edgeId, or the one derived from its endpoints and kind. */
export function edgeIdOf(edge: GraphEdge): string {
  return edge.edgeId ?? deriveEdgeId(edge.from, edge.to, edge.kind);
}

/**
 * Applies `op` to `graph`. Returns the new graph (sharing unchanged parts) and the inverse
 * operation, which applied to the new graph gives back a graph deep-equal to `graph`; or an
 * error naming the offending id, in which case nothing changed.
 */
export function applyOp(graph: ServiceGraph, op: GraphOp): ApplyResult {
  try {
    const r = apply(graph, op);
    return typeof r === 'string' ? { error: r } : r;
  } catch (err) {
    return { error: `malformed operation: ${err instanceof Error ? err.message : String(err)}` };
  }
}

type Ok = { graph: ServiceGraph; inverse: GraphOp };

type Handlers = { [K in GraphOp['type']]: (graph: ServiceGraph, op: Extract<GraphOp, { type: K }>) => Ok | string };

// One handler per operation type; the mapped type makes the table exhaustive, as a switch would be.
const handlers: Handlers = {
  addNode: (graph, op) => addNode(graph, op.node),
  removeNode: (graph, op) => removeNode(graph, op.nodeId),
  moveNodes: (graph, op) => moveNodes(graph, op.moves),
  setNodeLabel: (graph, op) => setNodeLabel(graph, op.nodeId, op.label),
  setNodeState,
  addEdge: (graph, op) => addEdge(graph, op.edge),
  removeEdge: (graph, op) => removeEdge(graph, op.edgeId),
  setEdgeOptions: (graph, op) => setEdgeOptions(graph, op.edgeId, op.options),
  batch: (graph, op) => batch(graph, op.ops),
  restoreItems: (graph, op) => restoreItems(graph, op.nodes, op.edges),
  deleteItems: (graph, op) => deleteItems(graph, op.nodeIds, op.edgeIds),
  setNodeProps: (graph, op) => setNodeProps(graph, op.nodeId, op.props),
  setGraphName: (graph, op) => setGraphName(graph, op.name),
};

function apply(graph: ServiceGraph, op: GraphOp): Ok | string {
  const type: unknown = (op as { type?: unknown }).type;
  // own keys only: an operation typed 'toString' must not reach Object.prototype
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return `unknown operation type '${String(type)}'`;
  // the table pairs each type with its own handler; TypeScript cannot correlate the union here
  const handle = handlers[op.type] as (graph: ServiceGraph, op: GraphOp) => Ok | string;
  return handle(graph, op);
}

// ---------------------------------------------------------------- nodes

function nodeIndex(graph: ServiceGraph, nodeId: string): number {
  return graph.nodes.findIndex((n) => n.nodeId === nodeId);
}

function replaceNode(graph: ServiceGraph, index: number, node: GraphNode): ServiceGraph {
  const nodes = graph.nodes.slice();
  nodes[index] = node;
  return { ...graph, nodes };
}

function withoutKey<T extends object>(obj: T, key: keyof T): T {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

function isPoint(p: unknown): p is Point {
  return typeof p === 'object' && p !== null && Number.isFinite((p as Point).x) && Number.isFinite((p as Point).y);
}

function addNode(graph: ServiceGraph, node: GraphNode): Ok | string {
  if (typeof node !== 'object' || node === null) return 'addNode: node must be an object';
  const problem = idProblem('nodeId', node.nodeId);
  if (problem) return `addNode: ${problem}`;
  const id = node.nodeId;
  if (nodeIndex(graph, id) >= 0) return `addNode: nodeId '${id}' already exists`;
  if (node.kind === 'operator') {
    if (node.parentId === id) return `addNode: operator '${id}' cannot be its own parent`;
    if (nodeIndex(graph, node.parentId) < 0) return `addNode: parentId '${node.parentId}' of operator '${id}' is not a node`;
  }
  // Dangling references would be swept up by the inverse removeNode; refuse them.
  const child = graph.nodes.find((n) => n.kind === 'operator' && n.parentId === id);
  if (child) return `addNode: nodeId '${id}' is already the parentId of operator '${child.nodeId}'`;
  const edge = graph.edges.find((e) => e.from.nodeId === id || e.to.nodeId === id);
  if (edge) return `addNode: nodeId '${id}' is already referenced by edge '${edgeIdOf(edge)}'`;
  return { graph: { ...graph, nodes: [...graph.nodes, node] }, inverse: { type: 'removeNode', nodeId: id } };
}

function removeNode(graph: ServiceGraph, nodeId: string): Ok | string {
  if (nodeIndex(graph, nodeId) < 0) return `removeNode: unknown nodeId '${nodeId}'`;
  const doomed = new Set([nodeId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const n of graph.nodes) {
      if (n.kind === 'operator' && doomed.has(n.parentId) && !doomed.has(n.nodeId)) {
        doomed.add(n.nodeId);
        grew = true;
      }
    }
  }
  return removeWhere(
    graph,
    (n) => doomed.has(n.nodeId),
    (e) => doomed.has(e.from.nodeId) || doomed.has(e.to.nodeId),
  );
}

function moveNodes(graph: ServiceGraph, moves: NodeMove[]): Ok | string {
  if (!Array.isArray(moves)) return 'moveNodes: moves must be an array';
  let g = graph;
  const inverse: NodeMove[] = [];
  for (const m of moves) {
    const i = nodeIndex(g, m.nodeId);
    if (i < 0) return `moveNodes: unknown nodeId '${m.nodeId}'`;
    if (m.to !== null && !isPoint(m.to)) return `moveNodes: position of '${m.nodeId}' must have finite x and y`;
    const node = g.nodes[i] as GraphNode;
    const back: NodeMove = { nodeId: m.nodeId, to: node.position ?? null };
    if (m.to !== null) back.from = m.to;
    inverse.unshift(back);
    g = replaceNode(g, i, m.to === null ? withoutKey(node, 'position') : { ...node, position: m.to });
  }
  return { graph: g, inverse: { type: 'moveNodes', moves: inverse } };
}

function setNodeLabel(graph: ServiceGraph, nodeId: string, label: string | undefined): Ok | string {
  const i = nodeIndex(graph, nodeId);
  if (i < 0) return `setNodeLabel: unknown nodeId '${nodeId}'`;
  if (label !== undefined && typeof label !== 'string') return `setNodeLabel: label of '${nodeId}' must be a string`;
  const node = graph.nodes[i] as GraphNode;
  const inverse: GraphOp = { type: 'setNodeLabel', nodeId };
  if (node.label !== undefined) inverse.label = node.label;
  const next = label === undefined ? withoutKey(node, 'label') : { ...node, label };
  return { graph: replaceNode(graph, i, next), inverse };
}

function setNodeState(graph: ServiceGraph, op: Extract<GraphOp, { type: 'setNodeState' }>): Ok | string {
  const { nodeId, field, value } = op;
  const i = nodeIndex(graph, nodeId);
  if (i < 0) return `setNodeState: unknown nodeId '${nodeId}'`;
  const problem = idProblem('field', field);
  if (problem) return `setNodeState: ${problem} (node '${nodeId}')`;
  const node = graph.nodes[i] as GraphNode;
  const old = node.state;
  const had = old !== undefined && Object.hasOwn(old, field);
  const inverse: Extract<GraphOp, { type: 'setNodeState' }> = { type: 'setNodeState', nodeId, field };
  if (had) inverse.value = old[field];
  else if (old !== undefined && Object.keys(old).length === 0) inverse.keepEmpty = true;

  // Removing an absent field changes nothing (an explicit empty state stays).
  if (value === undefined && !had) return { graph, inverse };
  let state: Record<string, unknown> | undefined;
  if (value === undefined) {
    state = withoutKey(old as Record<string, unknown>, field);
    if (state !== undefined && Object.keys(state).length === 0 && !op.keepEmpty) state = undefined;
  } else {
    // Computed keys define own properties, so even '__proto__' is stored as data.
    state = { ...old, [field]: value };
  }
  const next = state === undefined ? withoutKey(node, 'state') : { ...node, state };
  return { graph: replaceNode(graph, i, next), inverse };
}

// ---------------------------------------------------------------- edges

function edgeIndex(graph: ServiceGraph, edgeId: string): number {
  return graph.edges.findIndex((e) => edgeIdOf(e) === edgeId);
}

function addEdge(graph: ServiceGraph, edge: GraphEdge): Ok | string {
  if (typeof edge !== 'object' || edge === null) return 'addEdge: edge must be an object';
  if (!EDGE_KINDS.includes(edge.kind)) return `addEdge: kind '${String(edge.kind)}' must be one of ${EDGE_KINDS.join(', ')}`;
  for (const end of ['from', 'to'] as const) {
    const ref = edge[end];
    if (typeof ref !== 'object' || ref === null) return `addEdge: ${end} must be a port reference`;
    const portProblem = idProblem('port', ref.port);
    if (portProblem) return `addEdge: ${end}: ${portProblem}`;
    if (nodeIndex(graph, ref.nodeId) < 0) return `addEdge: unknown ${end}.nodeId '${ref.nodeId}'`;
  }
  if (edge.edgeId !== undefined) {
    const problem = idProblem('edgeId', edge.edgeId);
    if (problem) return `addEdge: ${problem}`;
  }
  const filled: GraphEdge = edge.edgeId === undefined ? { ...edge, edgeId: edgeIdOf(edge) } : edge;
  const id = filled.edgeId as string;
  if (edgeIndex(graph, id) >= 0) return `addEdge: edgeId '${id}' already exists`;
  const optionProblem = checkOptions(id, filled);
  if (optionProblem) return `addEdge: ${optionProblem}`;
  return { graph: { ...graph, edges: [...graph.edges, filled] }, inverse: { type: 'removeEdge', edgeId: id } };
}

function removeEdge(graph: ServiceGraph, edgeId: string): Ok | string {
  if (edgeIndex(graph, edgeId) < 0) return `removeEdge: unknown edgeId '${edgeId}'`;
  return removeWhere(
    graph,
    () => false,
    (e) => edgeIdOf(e) === edgeId,
  );
}

function checkOptions(edgeId: string, o: EdgeOptions): string | null {
  if (o.strategy !== undefined && !STRATEGIES.includes(o.strategy)) return `strategy '${String(o.strategy)}' of edge '${edgeId}' must be one of ${STRATEGIES.join(', ')}`;
  if (o.queueSize !== undefined && !(Number.isInteger(o.queueSize) && o.queueSize >= 1 && o.queueSize <= 100000)) return `queueSize of edge '${edgeId}' must be an integer in 1..100000`;
  if (o.timeoutMs !== undefined && !(Number.isInteger(o.timeoutMs) && o.timeoutMs >= 0)) return `timeoutMs of edge '${edgeId}' must be a non-negative integer`;
  if (o.dropOld !== undefined && typeof o.dropOld !== 'boolean') return `dropOld of edge '${edgeId}' must be a boolean`;
  return null;
}

function setEdgeOptions(graph: ServiceGraph, edgeId: string, options: EdgeOptions): Ok | string {
  const i = edgeIndex(graph, edgeId);
  if (i < 0) return `setEdgeOptions: unknown edgeId '${edgeId}'`;
  if (typeof options !== 'object' || options === null) return `setEdgeOptions: options of edge '${edgeId}' must be an object`;
  const problem = checkOptions(edgeId, options);
  if (problem) return `setEdgeOptions: ${problem}`;
  const edge = graph.edges[i] as GraphEdge;
  const next: GraphEdge = { ...edge };
  const back: EdgeOptions = {};
  for (const key of OPTION_KEYS) {
    if (!Object.hasOwn(options, key)) continue;
    (back as Record<string, unknown>)[key] = edge[key];
    const v = options[key];
    if (v === undefined) delete next[key];
    else (next as unknown as Record<string, unknown>)[key] = v;
  }
  const edges = graph.edges.slice();
  edges[i] = next;
  return { graph: { ...graph, edges }, inverse: { type: 'setEdgeOptions', edgeId, options: back } };
}

// ---------------------------------------------------------------- batch and raw ops

function batch(graph: ServiceGraph, ops: GraphOp[]): Ok | string {
  if (!Array.isArray(ops)) return 'batch: ops must be an array';
  let g = graph;
  const inverses: GraphOp[] = [];
  for (const [k, op] of ops.entries()) {
    const r = apply(g, op);
    if (typeof r === 'string') return `batch[${k}]: ${r}`;
    g = r.graph;
    inverses.unshift(r.inverse);
  }
  return { graph: g, inverse: { type: 'batch', ops: inverses } };
}

/** Removes matching nodes and edges; the inverse restores them at their positions. */
function removeWhere(graph: ServiceGraph, dropNode: (n: GraphNode) => boolean, dropEdge: (e: GraphEdge) => boolean): Ok {
  const nodes: GraphNode[] = [];
  const removedNodes: IndexedNode[] = [];
  graph.nodes.forEach((node, index) => (dropNode(node) ? removedNodes.push({ index, node }) : nodes.push(node)));
  const edges: GraphEdge[] = [];
  const removedEdges: IndexedEdge[] = [];
  graph.edges.forEach((edge, index) => (dropEdge(edge) ? removedEdges.push({ index, edge }) : edges.push(edge)));
  return {
    graph: { ...graph, nodes: removedNodes.length ? nodes : graph.nodes, edges: removedEdges.length ? edges : graph.edges },
    inverse: { type: 'restoreItems', nodes: removedNodes, edges: removedEdges },
  };
}

/** `list` with each item (`item[what]`) inserted at its index; `list` itself when there are none. */
function insertAt<T, K extends 'node' | 'edge'>(list: T[], items: readonly ({ index: number } & Record<K, NoInfer<T>>)[], what: K): T[] | string {
  if (!items.length) return list;
  const out = list.slice();
  const sorted = items.slice().sort((a, b) => a.index - b.index);
  for (const item of sorted) {
    const { index } = item;
    if (!Number.isInteger(index) || index < 0 || index > out.length) return `restoreItems: ${what} index ${index} is out of range 0..${out.length}`;
    out.splice(index, 0, item[what]);
  }
  return out;
}

function restoreItems(graph: ServiceGraph, nodes: IndexedNode[], edges: IndexedEdge[]): Ok | string {
  if (!Array.isArray(nodes) || !Array.isArray(edges)) return 'restoreItems: nodes and edges must be arrays';
  for (const { node } of nodes) {
    if (nodeIndex(graph, node.nodeId) >= 0) return `restoreItems: nodeId '${node.nodeId}' already exists`;
  }
  for (const { edge } of edges) {
    if (edgeIndex(graph, edgeIdOf(edge)) >= 0) return `restoreItems: edgeId '${edgeIdOf(edge)}' already exists`;
  }
  const nextNodes = insertAt(graph.nodes, nodes, 'node');
  if (typeof nextNodes === 'string') return nextNodes;
  const nextEdges = insertAt(graph.edges, edges, 'edge');
  if (typeof nextEdges === 'string') return nextEdges;
  return {
    graph: { ...graph, nodes: nextNodes, edges: nextEdges },
    inverse: { type: 'deleteItems', nodeIds: unique(nodes.map((n) => n.node.nodeId)), edgeIds: unique(edges.map((e) => edgeIdOf(e.edge))) },
  };
}

function deleteItems(graph: ServiceGraph, nodeIds: string[], edgeIds: string[]): Ok | string {
  if (!Array.isArray(nodeIds) || !Array.isArray(edgeIds)) return 'deleteItems: nodeIds and edgeIds must be arrays';
  for (const id of nodeIds) if (nodeIndex(graph, id) < 0) return `deleteItems: unknown nodeId '${id}'`;
  for (const id of edgeIds) if (edgeIndex(graph, id) < 0) return `deleteItems: unknown edgeId '${id}'`;
  const nodeSet = new Set(nodeIds);
  const edgeSet = new Set(edgeIds);
  return removeWhere(
    graph,
    (n) => nodeSet.has(n.nodeId),
    (e) => edgeSet.has(edgeIdOf(e)),
  );
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
