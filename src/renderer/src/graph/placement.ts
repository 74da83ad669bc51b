// Where a new node goes (pure): the free spot nearest to where the user asked for it, so a
// paste, duplicate, quick-add or "Plot" never lands on another node. Deterministic: candidates
// on a grid around the wish, nearest first (ties: above before below, left before right).
import type { GraphNode } from '../../../shared/types';
import { NEW_ENGINE_SIZE } from './create';
import { NODE_WIDTH, sizeOf, type Rect, type Size } from './geometry';
import type { NodeSpec } from './spec';

export interface FreeSpotOptions {
  /** Space kept between the new rect and every obstacle. */
  gap?: number;
  /** Grid step of the search. */
  step?: number;
  /** How far to look before giving up (then the wish is returned). */
  maxDistance?: number;
  /** Stay inside this rect when a free spot exists there (a container's inner area). */
  within?: Rect;
}

function hits(r: Rect, o: Rect, gap: number): boolean {
  return r.x < o.x + o.width + gap && o.x < r.x + r.width + gap && r.y < o.y + o.height + gap && o.y < r.y + r.height + gap;
}

function fits(r: Rect, area: Rect): boolean {
  return r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height;
}

/** The top-left corner nearest to `want`'s where a rect of its size touches no obstacle. */
export function freeSpot(want: Rect, obstacles: readonly Rect[], opts: FreeSpotOptions = {}): { x: number; y: number } {
  const gap = opts.gap ?? 24;
  const step = opts.step ?? 16;
  const rings = Math.ceil((opts.maxDistance ?? 4000) / step);
  const near = obstacles.filter((o) => Number.isFinite(o.x) && Number.isFinite(o.y));
  const a = opts.within;
  if (a) {
    // start from the wish moved into the area
    const start = { ...want, x: Math.max(a.x, Math.min(want.x, a.x + a.width - want.width)), y: Math.max(a.y, Math.min(want.y, a.y + a.height - want.height)) };
    const inside = search(start, near, gap, step, rings, a);
    if (inside) return inside;
  }
  return search(want, near, gap, step, rings, undefined) ?? { x: want.x, y: want.y };
}

function search(want: Rect, obstacles: readonly Rect[], gap: number, step: number, rings: number, area: Rect | undefined): { x: number; y: number } | null {
  let best: { x: number; y: number; d: number } | null = null;
  for (let ring = 0; ring <= rings; ring++) {
    // every candidate of this ring is at least ring*step away: stop once the best is nearer
    if (best && ring * step > best.d) break;
    const cells: [number, number][] = ring === 0 ? [[0, 0]] : [];
    for (let i = -ring; i <= ring; i++) cells.push([i, -ring], [i, ring]);
    for (let i = -ring + 1; i < ring; i++) cells.push([-ring, i], [ring, i]);
    for (const [dx, dy] of cells) {
      const r = { ...want, x: want.x + dx * step, y: want.y + dy * step };
      const d = Math.hypot(r.x - want.x, r.y - want.y);
      if (best && (d > best.d || (d === best.d && (r.y > best.y || (r.y === best.y && r.x >= best.x))))) continue;
      if (area && !fits(r, area)) continue;
      if (obstacles.some((o) => hits(r, o, gap))) continue;
      best = { x: r.x, y: r.y, d };
    }
  }
  return best ? { x: best.x, y: best.y } : null;
}

/** A node's size before it is drawn, from what it will show (headers, ports, fields on the node). */
export function estimateSize(node: GraphNode, spec: NodeSpec): Size {
  const stored = sizeOf(node);
  if (spec.shape === 'engine' || spec.shape === 'container') return stored ?? NEW_ENGINE_SIZE;
  if (node.kind === 'editor') {
    const cls = node.editorClass;
    return { width: 200, height: cls === 'plot' ? 200 : cls === 'display' ? 130 : 110 };
  }
  const rows = Math.max(spec.dataIn.length + spec.execIn.length, spec.dataOut.length + spec.execOut.length);
  const shown = spec.fields.filter((f) => f.showOnNode).length;
  const more = spec.fields.length > shown ? 20 : 0;
  const height = 52 + (rows ? rows * 22 + 10 : 0) + (spec.fields.length ? shown * 22 + 10 + more : 0) + (spec.commands.length ? 36 : 0);
  return { width: node.kind === 'operator' ? 200 : NODE_WIDTH, height };
}
