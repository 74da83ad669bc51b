// Placement on the live canvas: the obstacles around a new node (its future siblings, and a
// container's head block) with their drawn sizes, and the nearest free spot among them.
import type { ReactFlowInstance } from '@xyflow/react';
import type { CanvasApi } from '../commands/registry';
import type { GraphNode, ServiceGraph } from '../../../shared/types';
import type { F8Edge, F8Node } from '../graph/flow';
import { CONTAINER_PADDING, NODE_MIN_HEIGHT, NODE_WIDTH, canvasParent, positionOf, type Rect, type Size } from '../graph/geometry';
import { freeSpot } from '../graph/placement';

type Flow = ReactFlowInstance<F8Node, F8Edge>;

/** The drawn size of a node (measured, or the box size React Flow was given). */
export function drawnSize(flow: Flow | undefined, nodeId: string): Size | undefined {
  const n = flow?.getNode(nodeId);
  if (!n) return undefined;
  const width = n.measured?.width ?? n.width;
  const height = n.measured?.height ?? n.height;
  return width && height ? { width, height } : undefined;
}

function rectOf(flow: Flow | undefined, n: GraphNode): Rect {
  const p = positionOf(n);
  const s = drawnSize(flow, n.nodeId) ?? { width: NODE_WIDTH, height: NODE_MIN_HEIGHT + 40 };
  return { x: p.x, y: p.y, ...s };
}

/** Obstacles for a node going into `parentId` (undefined: the top level), and the area to keep to. */
export function obstaclesFor(canvas: CanvasApi | null | undefined, graph: ServiceGraph, parentId: string | undefined, exclude: ReadonlySet<string> = new Set()): { obstacles: Rect[]; within?: Rect } {
  const obstacles: Rect[] = [];
  for (const n of graph.nodes) {
    if (exclude.has(n.nodeId) || canvasParent(n) !== parentId) continue;
    obstacles.push(rectOf(canvas?.flow, n));
  }
  if (parentId === undefined) return { obstacles };
  const box = graph.nodes.find((n) => n.nodeId === parentId);
  if (!box) return { obstacles };
  const r = rectOf(canvas?.flow, box);
  const head = canvas?.headHeight(parentId) ?? CONTAINER_PADDING.top;
  // the head block is an obstacle: operators go below it
  obstacles.push({ x: r.x, y: r.y, width: r.width, height: head });
  // inside the box, as deep as needed (the box grows down to hold what does not fit)
  return { obstacles, within: { x: r.x + CONTAINER_PADDING.side, y: r.y + head + 12, width: r.width - 2 * CONTAINER_PADDING.side, height: 100_000 } };
}

/** Where a rect of `size` wished at `at` goes inside `parentId` (or the top level). */
export function placeNear(
  canvas: CanvasApi | null | undefined,
  graph: ServiceGraph,
  parentId: string | undefined,
  at: { x: number; y: number },
  size: Size,
  exclude?: ReadonlySet<string>,
): { x: number; y: number } {
  const { obstacles, within } = obstaclesFor(canvas, graph, parentId, exclude);
  const p = freeSpot({ x: at.x, y: at.y, ...size }, obstacles, within ? { within } : {});
  return { x: Math.round(p.x), y: Math.round(p.y) };
}
