// React Flow node changes -> graph operations (pure). A moved node stores its new absolute
// position and carries its operators along (they are stored absolute too); a resized engine
// or container stores its size as the view-only `x-size`.
import type { NodeChange } from '@xyflow/react';
import type { GraphOp, NodeMove } from '../../../shared/graph';
import type { ServiceGraph } from '../../../shared/types';
import { canvasParent, descendants, positionOf } from './geometry';

export interface ChangeOps {
  /** One op for every position and size change of this batch (null when there is none). */
  op: GraphOp | null;
  /** Whether a drag or resize is still going on (the caller coalesces into one undo step). */
  ongoing: boolean;
}

const round = (v: number) => Math.round(v * 100) / 100;

export function opsFromChanges(graph: ServiceGraph, changes: readonly NodeChange[]): ChangeOps {
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  const moves = new Map<string, NodeMove>();
  const props: GraphOp[] = [];
  let ongoing = false;
  const absOf = (id: string): { x: number; y: number } => moves.get(id)?.to ?? positionOf(byId.get(id) ?? { nodeId: id, kind: 'editor', editorClass: '' });
  for (const c of changes) {
    if (c.type === 'position' && c.position) {
      const node = byId.get(c.id);
      if (!node) continue;
      if (c.dragging) ongoing = true;
      const parent = canvasParent(node);
      const origin = parent !== undefined && byId.has(parent) ? absOf(parent) : { x: 0, y: 0 };
      const to = { x: round(origin.x + c.position.x), y: round(origin.y + c.position.y) };
      const from = positionOf(node);
      const dx = to.x - from.x;
      const dy = to.y - from.y;
      if (dx === 0 && dy === 0 && !moves.has(c.id)) continue;
      moves.set(c.id, { nodeId: c.id, from, to });
      // Children move with their container, unless they are being moved themselves in this batch.
      for (const d of descendants(graph, c.id)) {
        if (changes.some((o) => o.type === 'position' && o.id === d)) continue;
        const p = positionOf(byId.get(d) as NonNullable<ReturnType<typeof byId.get>>);
        moves.set(d, { nodeId: d, from: p, to: { x: round(p.x + dx), y: round(p.y + dy) } });
      }
    } else if (c.type === 'dimensions' && c.resizing !== undefined && c.dimensions) {
      const node = byId.get(c.id);
      if (!node) continue;
      if (c.resizing) ongoing = true;
      props.push({ type: 'setNodeProps', nodeId: c.id, props: { 'x-size': { width: Math.round(c.dimensions.width), height: Math.round(c.dimensions.height) } } });
    }
  }
  const ops: GraphOp[] = [];
  if (moves.size) ops.push({ type: 'moveNodes', moves: [...moves.values()] });
  ops.push(...props);
  return { op: ops.length === 0 ? null : ops.length === 1 ? (ops[0] as GraphOp) : { type: 'batch', ops }, ongoing };
}
