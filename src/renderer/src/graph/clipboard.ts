// Copy, paste and duplicate (pure): the selected nodes with the edges between them, given new
// ids on paste (edges inside the selection kept, edges to outside dropped). An operator whose
// container is not copied lands in `targetParent` (or is dropped when there is none).
import { deriveEdgeId } from '../../../shared/naming';
import { edgeIdOf, type GraphOp } from '../../../shared/graph';
import type { GraphEdge, GraphNode, ServiceGraph } from '../../../shared/types';
import { descendants, positionOf } from './geometry';
import { newInstanceId, newNodeId } from './ids';

export const CLIPBOARD_FORMAT = 'f8studio-clipboard/1';

export interface ClipboardContent {
  format: typeof CLIPBOARD_FORMAT;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The selected nodes (with the operators inside selected engines and containers) and the edges among them. */
export function copySelection(graph: ServiceGraph, selected: Iterable<string>): ClipboardContent {
  const ids = new Set<string>();
  for (const id of selected) {
    if (!graph.nodes.some((n) => n.nodeId === id)) continue;
    ids.add(id);
    for (const d of descendants(graph, id)) ids.add(d);
  }
  const nodes = graph.nodes.filter((n) => ids.has(n.nodeId));
  const edges = graph.edges.filter((e) => ids.has(e.from.nodeId) && ids.has(e.to.nodeId));
  return structuredClone({ format: CLIPBOARD_FORMAT, nodes, edges });
}

export function isClipboard(v: unknown): v is ClipboardContent {
  return typeof v === 'object' && v !== null && (v as ClipboardContent).format === CLIPBOARD_FORMAT && Array.isArray((v as ClipboardContent).nodes) && Array.isArray((v as ClipboardContent).edges);
}

export interface PasteOptions {
  /** Shift applied to every position. */
  offset: { x: number; y: number };
  /** Where operators go whose parent is not in the clipboard (an engine or container id). */
  targetParent?: string;
  random?: () => string;
}

/** One batch op adding the content with fresh ids, and the new ids (for selecting them). */
export function pasteOp(graph: ServiceGraph, content: ClipboardContent, opts: PasteOptions): { op: GraphOp; ids: string[]; nodes: GraphNode[]; from: Map<string, string> } | null {
  const remap = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of content.nodes) {
    const id = n.kind === 'service' ? newInstanceId(n.serviceClass, graph, taken) : newNodeId(opts.random);
    taken.add(id);
    remap.set(n.nodeId, id);
  }
  const nodes: GraphNode[] = [];
  for (const n of content.nodes) {
    const copy = structuredClone(n);
    copy.nodeId = remap.get(n.nodeId) as string;
    const p = positionOf(n);
    copy.position = { x: p.x + opts.offset.x, y: p.y + opts.offset.y };
    if (copy.kind === 'operator') {
      const parent = remap.get(copy.parentId) ?? (graph.nodes.some((g) => g.nodeId === copy.parentId) && opts.targetParent === undefined ? copy.parentId : opts.targetParent);
      if (parent === undefined) continue;
      copy.parentId = parent;
    }
    nodes.push(copy);
  }
  if (nodes.length === 0) return null;
  const kept = new Set(nodes.map((n) => n.nodeId));
  const edges: GraphEdge[] = [];
  for (const e of content.edges) {
    const from = { nodeId: remap.get(e.from.nodeId) as string, port: e.from.port };
    const to = { nodeId: remap.get(e.to.nodeId) as string, port: e.to.port };
    if (!kept.has(from.nodeId) || !kept.has(to.nodeId)) continue;
    const { edgeId: _old, ...rest } = e;
    edges.push({ ...rest, edgeId: deriveEdgeId(from, to, e.kind), from, to });
  }
  // parents before children, so each addNode finds its parent
  const order = (n: GraphNode): number => {
    let d = 0;
    for (let cur: GraphNode | undefined = n; cur && cur.kind === 'operator' && d < nodes.length; d++) cur = nodes.find((x) => x.nodeId === (cur as { parentId: string }).parentId);
    return d;
  };
  nodes.sort((a, b) => order(a) - order(b));
  const from = new Map([...remap].map(([old, now]) => [now, old] as const));
  return {
    op: { type: 'batch', ops: [...nodes.map((node) => ({ type: 'addNode' as const, node })), ...edges.map((edge) => ({ type: 'addEdge' as const, edge }))] },
    ids: nodes.map((n) => n.nodeId),
    nodes,
    from,
  };
}

/** One batch op removing the selected nodes (with their operators and edges) and edges. */
export function deleteOp(graph: ServiceGraph, nodeIds: Iterable<string>, edgeIds: Iterable<string>): GraphOp | null {
  const nodes = new Set([...nodeIds].filter((id) => graph.nodes.some((n) => n.nodeId === id)));
  // a node inside a deleted container goes with it: do not remove it twice
  for (const id of [...nodes]) for (const d of descendants(graph, id)) nodes.delete(d);
  const gone = new Set<string>();
  for (const id of nodes) {
    gone.add(id);
    for (const d of descendants(graph, id)) gone.add(d);
  }
  const edges = [...edgeIds].filter((id) => graph.edges.some((e) => edgeIdOf(e) === id && !gone.has(e.from.nodeId) && !gone.has(e.to.nodeId)));
  const ops: GraphOp[] = [...edges.map((edgeId) => ({ type: 'removeEdge' as const, edgeId })), ...[...nodes].map((nodeId) => ({ type: 'removeNode' as const, nodeId }))];
  return ops.length ? { type: 'batch', ops } : null;
}
