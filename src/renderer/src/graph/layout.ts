// Auto-layout with elkjs (layered, left to right), nested: engines and containers are laid
// out with their operators inside (pure: builds the ELK graph, and turns ELK's answer into one
// graph op). The layout itself runs in a worker (workers/layout.worker.ts).
import type { GraphOp, NodeMove } from '../../../shared/graph';
import type { ServiceGraph } from '../../../shared/types';
import { CONTAINER_PADDING, NODE_MIN_HEIGHT, NODE_WIDTH, type Size } from './geometry';

export interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkNode[];
  layoutOptions?: Record<string, string>;
  edges?: { id: string; sources: string[]; targets: string[] }[];
}

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};
const BOX_OPTIONS: Record<string, string> = {
  'elk.padding': `[top=${CONTAINER_PADDING.top + 16},left=${CONTAINER_PADDING.side},bottom=${CONTAINER_PADDING.bottom},right=${CONTAINER_PADDING.side}]`,
};

/** The ELK graph of a ServiceGraph; `sizes` are the measured sizes of leaf nodes. */
export function toElk(graph: ServiceGraph, sizes: ReadonlyMap<string, Size>, isBox: (nodeId: string) => boolean): ElkNode {
  const kids = new Map<string, ElkNode[]>();
  const top: ElkNode[] = [];
  const byId = new Map<string, ElkNode>();
  for (const n of graph.nodes) {
    const box = isBox(n.nodeId);
    const size = sizes.get(n.nodeId) ?? { width: NODE_WIDTH, height: NODE_MIN_HEIGHT + 40 };
    const e: ElkNode = box ? { id: n.nodeId, layoutOptions: BOX_OPTIONS, children: [] } : { id: n.nodeId, width: size.width, height: size.height };
    byId.set(n.nodeId, e);
  }
  for (const n of graph.nodes) {
    const e = byId.get(n.nodeId) as ElkNode;
    const parentId = n.kind === 'operator' ? n.parentId : undefined;
    if (parentId !== undefined && byId.has(parentId)) {
      const list = kids.get(parentId) ?? [];
      list.push(e);
      kids.set(parentId, list);
    } else top.push(e);
  }
  for (const [id, list] of kids) {
    const p = byId.get(id) as ElkNode;
    p.children = list;
    if (!p.layoutOptions) {
      // a leaf that has children after all (a broken graph): make it a box
      p.layoutOptions = BOX_OPTIONS;
      delete p.width;
      delete p.height;
    }
  }
  // An empty box still needs a size.
  for (const e of byId.values()) {
    if (e.children && e.children.length === 0) {
      e.width = 360;
      e.height = 200;
    }
  }
  const edges = graph.edges.map((edge, i) => ({ id: `e${i}`, sources: [edge.from.nodeId], targets: [edge.to.nodeId] }));
  return { id: '__root', layoutOptions: ROOT_OPTIONS, children: top, edges };
}

/** One op placing every node where ELK put it (absolute positions) and sizing the boxes. */
export function fromElk(graph: ServiceGraph, laidOut: ElkNode, origin = { x: 0, y: 0 }): GraphOp {
  const moves: NodeMove[] = [];
  const sizes: GraphOp[] = [];
  const known = new Set(graph.nodes.map((n) => n.nodeId));
  const walk = (n: ElkNode, ox: number, oy: number): void => {
    for (const c of n.children ?? []) {
      const x = Math.round(ox + (c.x ?? 0));
      const y = Math.round(oy + (c.y ?? 0));
      if (known.has(c.id)) {
        moves.push({ nodeId: c.id, to: { x, y } });
        if (c.children && c.layoutOptions) sizes.push({ type: 'setNodeProps', nodeId: c.id, props: { 'x-size': { width: Math.round(c.width ?? 360), height: Math.round(c.height ?? 200) } } });
      }
      walk(c, x, y);
    }
  };
  walk(laidOut, origin.x, origin.y);
  return { type: 'batch', ops: [{ type: 'moveNodes', moves }, ...sizes] };
}
