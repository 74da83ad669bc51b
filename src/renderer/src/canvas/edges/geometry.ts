// Edge geometry (pure): the bezier each edge is drawn with (so what is drawn and what labels
// are placed along are the same curve), and where each edge's label goes: along its own curve,
// off every node, every box head and every other label, nearest the middle first.
export interface Pt {
  x: number;
  y: number;
}
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export type Side = 'left' | 'right' | 'top' | 'bottom';

export interface Ends {
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  sp: Side;
  tp: Side;
  /**
   * Where a left-to-right edge turns: the source's control point goes this fraction of the way
   * (the target's the rest). 0.5 is the usual curve; 0.9 turns late, 0.1 early (routing).
   */
  bend?: number;
}

const CURVATURE = 0.25;

function offset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

function control(side: Side, x1: number, y1: number, x2: number, y2: number): Pt {
  switch (side) {
    case 'left':
      return { x: x1 - offset(x1 - x2), y: y1 };
    case 'right':
      return { x: x1 + offset(x2 - x1), y: y1 };
    case 'top':
      return { x: x1, y: y1 - offset(y1 - y2) };
    default:
      return { x: x1, y: y1 + offset(y2 - y1) };
  }
}

/** The four points of the cubic bezier from source to target. */
export function bezier(e: Ends): [Pt, Pt, Pt, Pt] {
  const dx = e.tx - e.sx;
  if (e.bend !== undefined && e.bend !== 0.5 && e.sp === 'right' && e.tp === 'left' && dx > 0) {
    return [
      { x: e.sx, y: e.sy },
      { x: e.sx + e.bend * dx, y: e.sy },
      { x: e.tx - (1 - e.bend) * dx, y: e.ty },
      { x: e.tx, y: e.ty },
    ];
  }
  return [{ x: e.sx, y: e.sy }, control(e.sp, e.sx, e.sy, e.tx, e.ty), control(e.tp, e.tx, e.ty, e.sx, e.sy), { x: e.tx, y: e.ty }];
}

/** Bends tried in order: the usual curve, then turning late, early, and in between. */
const BENDS = [0.5, 0.9, 0.1, 0.7, 0.3];

function inside(p: Pt, b: Box): boolean {
  return p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;
}

/** The bend whose curve crosses the fewest obstacles (the first that crosses none). */
export function chooseBend(e: Ends, obstacles: readonly (Box & { id?: string })[], ...own: string[]): number {
  const lo = { x: Math.min(e.sx, e.tx), y: Math.min(e.sy, e.ty) - 200 };
  const hi = { x: Math.max(e.sx, e.tx), y: Math.max(e.sy, e.ty) + 200 };
  // the edge's own two nodes are not in its way
  const near = obstacles.filter((o) => o.x < hi.x && o.x + o.width > lo.x && o.y < hi.y && o.y + o.height > lo.y && (o.id === undefined || !own.includes(o.id)));
  if (!near.length || e.sp !== 'right' || e.tp !== 'left' || e.tx <= e.sx) return 0.5;
  let best = { bend: 0.5, hits: Infinity };
  for (const bend of BENDS) {
    const curve = bezier({ ...e, bend });
    let hits = 0;
    for (let t = 0.04; t <= 0.96; t += 0.02) {
      const p = pointAt(curve, t);
      for (const o of near) if (inside(p, o)) hits++;
    }
    if (hits < best.hits) best = { bend, hits };
    if (hits === 0) break;
  }
  return best.bend;
}

export function pathOf(e: Ends): string {
  const [a, b, c, d] = bezier(e);
  return `M${a.x},${a.y} C${b.x},${b.y} ${c.x},${c.y} ${d.x},${d.y}`;
}

export function pointAt(curve: readonly [Pt, Pt, Pt, Pt], t: number): Pt {
  const u = 1 - t;
  const [a, b, c, d] = curve;
  return { x: u * u * u * a.x + 3 * u * u * t * b.x + 3 * u * t * t * c.x + t * t * t * d.x, y: u * u * u * a.y + 3 * u * u * t * b.y + 3 * u * t * t * c.y + t * t * t * d.y };
}

/** Along the curve, from the middle outwards. */
const ALONG = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];

function overlapArea(a: Box, b: Box, gap: number): number {
  const w = Math.min(a.x + a.width, b.x + b.width) + gap - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) + gap - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export interface LabelRequest {
  id: string;
  ends: Ends;
  width: number;
  height: number;
}

/** Label centres (flow units), placed greedily in id order so the answer is the same every time. */
export function placeLabels(labels: readonly LabelRequest[], obstacles: readonly Box[], gap = 4): Map<string, Pt> {
  const out = new Map<string, Pt>();
  const placed: Box[] = [];
  for (const l of [...labels].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const curve = bezier(l.ends);
    const lo = { x: Math.min(l.ends.sx, l.ends.tx) - 400, y: Math.min(l.ends.sy, l.ends.ty) - 400 };
    const hi = { x: Math.max(l.ends.sx, l.ends.tx) + 400, y: Math.max(l.ends.sy, l.ends.ty) + 400 };
    const near = obstacles.filter((o) => o.x < hi.x && o.x + o.width > lo.x && o.y < hi.y && o.y + o.height > lo.y);
    let best: { p: Pt; cost: number } | null = null;
    for (const t of ALONG) {
      const c = pointAt(curve, t);
      for (const dy of [0, -(l.height + 6), l.height + 6]) {
        const box = { x: c.x - l.width / 2, y: c.y + dy - l.height / 2, width: l.width, height: l.height };
        let cost = 0;
        for (const o of near) cost += overlapArea(box, o, gap);
        for (const o of placed) cost += overlapArea(box, o, gap);
        // off the curve only when nothing on it is free
        if (dy !== 0) cost += 0.5;
        if (!best || cost < best.cost) best = { p: { x: c.x, y: c.y + dy }, cost };
        if (cost === 0) break;
      }
      if (best && best.cost === 0) break;
    }
    const p = best?.p ?? pointAt(curve, 0.5);
    out.set(l.id, p);
    placed.push({ x: p.x - l.width / 2, y: p.y - l.height / 2, width: l.width, height: l.height });
  }
  return out;
}
