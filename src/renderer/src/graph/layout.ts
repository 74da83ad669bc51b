// Auto-layout with elkjs (layered, left to right), nested: engines and containers are laid
// out with their operators inside (pure: builds the ELK graph, and turns ELK's answer into one
// graph op). The layout itself runs in a worker (workers/layout.worker.ts).
import type { GraphOp, NodeMove } from '../../../shared/graph';
import type { ServiceGraph } from '../../../shared/types';
import { CONTAINER_MIN, CONTAINER_PADDING, NODE_MIN_HEIGHT, NODE_WIDTH, type Size } from './geometry';
import { handleId } from './handles';

export interface ElkPort {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
}

export interface ElkNode {
  id: string;
  ports?: ElkPort[];
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkNode[];
  layoutOptions?: Record<string, string>;
  edges?: { id: string; sources: string[]; targets: string[] }[];
}

/** A drawn port handle: where it sits on its node (relative, flow units) and which side. */
export interface PortBox {
  handleId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  side: 'left' | 'right';
}

export interface LayoutInputs {
  /** Measured sizes of leaf nodes. */
  sizes: ReadonlyMap<string, Size>;
  isBox(nodeId: string): boolean;
  /** The measured head height of each box (operators go below it). */
  heads?: ReadonlyMap<string, number>;
  /** The drawn handles of each node, so edges leave and enter where they are drawn. */
  ports?: ReadonlyMap<string, PortBox[]>;
}

const portId = (nodeId: string, handleId: string) => `${nodeId}\u0000${handleId}`;

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
};
const BOX_OPTIONS: Record<string, string> = {
  // a box is never drawn smaller than this: the layout must know, or its neighbours overlap it
  'elk.nodeSize.constraints': 'MINIMUM_SIZE',
  'elk.nodeSize.minimum': `(${CONTAINER_MIN.width}, ${CONTAINER_MIN.height})`,
};

/** The ELK graph of a ServiceGraph; `sizes` are the measured sizes of leaf nodes. */
export function toElk(graph: ServiceGraph, sizes: ReadonlyMap<string, Size>, isBox: (nodeId: string) => boolean, more: Omit<LayoutInputs, 'sizes' | 'isBox'> = {}): ElkNode {
  const boxOptions = (id: string): Record<string, string> => {
    const head = more.heads?.get(id);
    const top = head === undefined ? CONTAINER_PADDING.top + 16 : head + 24;
    return { ...BOX_OPTIONS, 'elk.padding': `[top=${top},left=${CONTAINER_PADDING.side},bottom=${CONTAINER_PADDING.bottom},right=${CONTAINER_PADDING.side}]` };
  };
  const known = new Set<string>();
  const kids = new Map<string, ElkNode[]>();
  const top: ElkNode[] = [];
  const byId = new Map<string, ElkNode>();
  for (const n of graph.nodes) {
    const box = isBox(n.nodeId);
    const size = sizes.get(n.nodeId) ?? { width: NODE_WIDTH, height: NODE_MIN_HEIGHT + 40 };
    const e: ElkNode = box ? { id: n.nodeId, layoutOptions: boxOptions(n.nodeId), children: [] } : { id: n.nodeId, width: size.width, height: size.height };
    const ports = more.ports?.get(n.nodeId);
    if (ports?.length) {
      e.ports = ports.map((p) => {
        known.add(portId(n.nodeId, p.handleId));
        const side = { 'elk.port.side': p.side === 'left' ? 'WEST' : 'EAST' };
        // a box's size comes out of the layout: its ports keep their side and order
        return box
          ? { id: portId(n.nodeId, p.handleId), width: p.width, height: p.height, layoutOptions: side }
          : { id: portId(n.nodeId, p.handleId), x: p.x, y: p.y, width: p.width, height: p.height, layoutOptions: side };
      });
      e.layoutOptions = { ...e.layoutOptions, 'elk.portConstraints': box ? 'FIXED_ORDER' : 'FIXED_POS' };
    }
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
      p.layoutOptions = boxOptions(id);
      delete p.width;
      delete p.height;
    }
  }
  // An empty box still needs a size.
  for (const e of byId.values()) {
    if (e.children && e.children.length === 0) {
      e.width = CONTAINER_MIN.width;
      e.height = CONTAINER_MIN.height;
    }
  }
  const end = (nodeId: string, handleId: string) => (known.has(portId(nodeId, handleId)) ? portId(nodeId, handleId) : nodeId);
  const edges = graph.edges.map((edge, i) => ({
    id: `e${i}`,
    sources: [end(edge.from.nodeId, handleId(edge.kind, 'out', edge.from.port))],
    targets: [end(edge.to.nodeId, handleId(edge.kind, 'in', edge.to.port))],
  }));
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
