// Positions and sizes on the canvas (pure). The graph stores absolute positions for every
// node; React Flow places a child relative to its parent, so the mapping converts both ways.
import type { GraphNode, ServiceGraph } from '../../../shared/types';

export interface Size {
  width: number;
  height: number;
}
export interface Rect extends Size {
  x: number;
  y: number;
}

export const NODE_WIDTH = 220;
export const NODE_MIN_HEIGHT = 80;
export const CONTAINER_PADDING = { top: 56, side: 24, bottom: 24 };
export const CONTAINER_MIN: Size = { width: 360, height: 200 };

export function positionOf(n: GraphNode): { x: number; y: number } {
  return n.position ?? { x: 0, y: 0 };
}

export function sizeOf(n: GraphNode): Size | undefined {
  const s = n['x-size'] as Partial<Size> | undefined;
  return s && Number.isFinite(s.width) && Number.isFinite(s.height) ? { width: s.width as number, height: s.height as number } : undefined;
}

/** Parent id on the canvas: an operator's parentId (engines and containers hold their operators). */
export function canvasParent(n: GraphNode): string | undefined {
  return n.kind === 'operator' ? n.parentId : undefined;
}

/** Nodes ordered parents first (React Flow needs a parent before its children). */
export function parentsFirst(graph: ServiceGraph): GraphNode[] {
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  const depth = new Map<string, number>();
  const depthOf = (n: GraphNode, guard = 0): number => {
    const known = depth.get(n.nodeId);
    if (known !== undefined) return known;
    const p = canvasParent(n);
    const parent = p === undefined ? undefined : byId.get(p);
    const d = parent && guard < graph.nodes.length ? depthOf(parent, guard + 1) + 1 : 0;
    depth.set(n.nodeId, d);
    return d;
  };
  return graph.nodes
    .map((n, i) => ({ n, i, d: depthOf(n) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.n);
}

/** All descendants of a node (operators inside it, at any depth). */
export function descendants(graph: ServiceGraph, nodeId: string): string[] {
  const out: string[] = [];
  const frontier = [nodeId];
  while (frontier.length) {
    const cur = frontier.pop() as string;
    for (const n of graph.nodes) {
      if (n.kind === 'operator' && n.parentId === cur && !out.includes(n.nodeId) && n.nodeId !== nodeId) {
        out.push(n.nodeId);
        frontier.push(n.nodeId);
      }
    }
  }
  return out;
}

/**
 * A container's size: its stored x-size, grown to hold its children (estimated sizes), at
 * least CONTAINER_MIN.
 */
export function containerSize(graph: ServiceGraph, node: GraphNode, measured: Pick<ReadonlyMap<string, Size & { simple?: boolean }>, 'get'> = new Map()): Size {
  const origin = positionOf(node);
  let width = CONTAINER_MIN.width;
  let height = CONTAINER_MIN.height;
  for (const c of graph.nodes) {
    if (c.kind !== 'operator' || c.parentId !== node.nodeId) continue;
    const p = positionOf(c);
    const m = measured.get(c.nodeId);
    // a size measured in the simplified drawing is not the card's
    const s = (m && !m.simple ? m : undefined) ?? sizeOf(c) ?? { width: NODE_WIDTH, height: NODE_MIN_HEIGHT + 40 };
    width = Math.max(width, p.x - origin.x + s.width + CONTAINER_PADDING.side);
    height = Math.max(height, p.y - origin.y + s.height + CONTAINER_PADDING.bottom);
  }
  const stored = sizeOf(node);
  return { width: Math.max(width, stored?.width ?? 0), height: Math.max(height, stored?.height ?? 0) };
}
