// The geometry harness: reads the boxes of nodes, headers, port labels, edge labels, edge paths
// and error badges from the DOM once they are still, and says what a user would find wrong
// (overlaps, labels on labels, edges across headers, things covered). Pure reading: it changes
// nothing on the page.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from '@playwright/test';
import type { GraphSnapshot } from './editor.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface NodeBox {
  id: string;
  rect: Box;
  /** The header (for an engine or container: the whole head block above its operators). */
  header: Box | null;
}

export interface Layout {
  zoom: number;
  nodes: NodeBox[];
  portLabels: Box[];
  portRows: number;
  edgeLabels: { id: string; rect: Box }[];
  edgeCount: number;
  /** Per edge, its path sampled every 4 px (screen coordinates), 12 px left out at each end. */
  paths: { id: string; points: { x: number; y: number }[] }[];
  /** elementFromPoint at the centre and inset corners of each node and error badge (and along a badge's middle line). */
  probes: { what: string; owner: string; x: number; y: number; hit: string }[];
}

/** Selectors that hold on the code before issue 23 too, so the harness can fail there. */
const PORT_LABEL = '[data-port-label], .f8-port-name';
const EDGE_LABEL = '[data-edge-label], .f8-edge-label';
const HEADER = '.f8-box-head, .f8-node-header';

const ERROR_BADGE = '[data-error-badge], .f8-node-failure';

/** Waits until node and label rects are unchanged over three animation frames and the layout worker is idle. */
export async function settleGeometry(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    async (sel) => {
      const w = window as unknown as { f8studio?: { busy?: () => boolean } };
      if (w.f8studio?.busy?.()) return false;
      const snap = () =>
        [...document.querySelectorAll(sel)]
          .map((e) => {
            const r = e.getBoundingClientRect();
            return `${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)},${Math.round(r.height)}`;
          })
          .join('|');
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const first = snap();
      for (let i = 0; i < 3; i++) {
        await frame();
        if (snap() !== first) return false;
      }
      return true;
    },
    `.react-flow__node, ${EDGE_LABEL}, .react-flow__viewport`,
    { timeout: timeoutMs, polling: 100 },
  );
}

/** Everything the checks need, read in the page. */
export async function readLayout(page: Page): Promise<Layout> {
  return page.evaluate(
    ({ PORT_LABEL, EDGE_LABEL, HEADER, ERROR_BADGE }) => {
      const box = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
      const vp = document.querySelector('.react-flow__viewport') as HTMLElement | null;
      const m = /scale\(([-\d.]+)\)/.exec(vp?.style.transform ?? '');
      const zoom = Number(m?.[1] ?? 1);
      const nodeEls = [...document.querySelectorAll<HTMLElement>('.react-flow__node')];
      const nodes = nodeEls.map((el) => {
        // a container's head is its header and the fields shown under it (one block once marked)
        const parts = el.querySelector(HEADER) ? [el.querySelector(HEADER) as Element] : [...el.querySelectorAll('.f8-box-header, .f8-box-fields')];
        const rects = parts.map((p) => p.getBoundingClientRect()).filter((r) => r.height > 0);
        const header = rects.length
          ? box(
              new DOMRect(
                Math.min(...rects.map((r) => r.x)),
                Math.min(...rects.map((r) => r.y)),
                Math.max(...rects.map((r) => r.right)) - Math.min(...rects.map((r) => r.x)),
                Math.max(...rects.map((r) => r.bottom)) - Math.min(...rects.map((r) => r.y)),
              ),
            )
          : null;
        return { id: el.dataset.id ?? '', rect: box(el.getBoundingClientRect()), header };
      });
      const portLabels = [...document.querySelectorAll(PORT_LABEL)].map((e) => box(e.getBoundingClientRect()));
      const portRows = document.querySelectorAll('.f8-port').length;
      const edgeLabels = [...document.querySelectorAll<HTMLElement>(EDGE_LABEL)].map((e) => ({ id: e.dataset.edgeId ?? e.dataset.edgeLabel ?? '', rect: box(e.getBoundingClientRect()) }));
      const edgeEls = [...document.querySelectorAll<SVGGElement>('.react-flow__edge')];
      const paths = edgeEls.map((g) => {
        const p = g.querySelector<SVGPathElement>('path.react-flow__edge-path');
        const points: { x: number; y: number }[] = [];
        if (p) {
          const len = p.getTotalLength();
          const ctm = p.getScreenCTM();
          for (let l = 12; l <= len - 12 && ctm; l += 4) {
            const q = p.getPointAtLength(l);
            points.push({ x: ctm.a * q.x + ctm.c * q.y + ctm.e, y: ctm.b * q.x + ctm.d * q.y + ctm.f });
          }
        }
        return { id: g.dataset.id ?? g.getAttribute('data-testid') ?? '', points };
      });
      const describe = (e: Element | null): string => {
        if (!e) return 'nothing (outside the window)';
        const n = e.closest<HTMLElement>('.react-flow__node');
        if (n) return `node ${n.dataset.id}`;
        if (e.closest('.react-flow__minimap')) return 'the minimap';
        if (e.closest('.react-flow__controls')) return 'the zoom controls';
        const label = e.closest<HTMLElement>(EDGE_LABEL.split(', ').join(','));
        if (label) return `edge label ${label.dataset.edgeId ?? ''}`;
        if (e.closest('.react-flow__edge')) return `edge ${e.closest<SVGGElement>('.react-flow__edge')?.dataset.id ?? ''}`;
        if (e.closest('.react-flow__pane')) return 'the empty canvas';
        const region = e.closest('[aria-label]');
        return `${e.tagName.toLowerCase()}${region ? ` in "${region.getAttribute('aria-label')}"` : ''}`;
      };
      const probes: { what: string; owner: string; x: number; y: number; hit: string }[] = [];
      /** Centre and inset corners; with `step`, also every `step` px along the middle line (a wide badge can be covered between its corners). */
      const probe = (what: string, owner: string, el: Element, step = 0) => {
        const r = el.getBoundingClientRect();
        const inset = Math.min(6, r.width / 4, r.height / 4);
        const pts: [number, number][] = [
          [r.x + r.width / 2, r.y + r.height / 2],
          [r.x + inset, r.y + inset],
          [r.right - inset, r.y + inset],
          [r.x + inset, r.bottom - inset],
          [r.right - inset, r.bottom - inset],
        ];
        for (let x = r.x + inset; step && x < r.right - inset; x += step) pts.push([x, r.y + r.height / 2]);
        const seen = new Set<string>();
        for (const [x, y] of pts) {
          const hit = document.elementFromPoint(x, y);
          const ok = !!hit && (hit === el || el.contains(hit));
          const seenAs = ok ? 'self' : describe(hit);
          if (!ok && seen.has(seenAs)) continue; // one line per thing covering it
          seen.add(seenAs);
          probes.push({ what, owner, x: Math.round(x), y: Math.round(y), hit: seenAs });
        }
      };
      for (const el of nodeEls) probe('node', el.dataset.id ?? '', el);
      for (const el of document.querySelectorAll(ERROR_BADGE)) probe('error badge', el.closest<HTMLElement>('.react-flow__node')?.dataset.id ?? '', el, 8);
      return { zoom, nodes, portLabels, portRows, edgeLabels, edgeCount: edgeEls.length, paths, probes };
    },
    { PORT_LABEL, EDGE_LABEL, HEADER, ERROR_BADGE },
  );
}

const overlap = (a: Box, b: Box) => ({ x: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x), y: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) });
const overlaps = (a: Box, b: Box, slack = 1) => {
  const o = overlap(a, b);
  return o.x > slack && o.y > slack;
};
const inside = (p: { x: number; y: number }, b: Box) => p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;
const r = (b: Box) => `${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}x${Math.round(b.height)}`;

/** The node ids above `id` by the parentId chain. */
function ancestors(graph: GraphSnapshot, id: string): Set<string> {
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  const out = new Set<string>();
  for (let cur = byId.get(id)?.parentId; cur && !out.has(cur); cur = byId.get(cur)?.parentId) out.add(cur);
  return out;
}

/** Edges that show a label: cross-instance data edges (an operator belongs to its engine, editor nodes to the editor). */
export function labelledEdges(graph: GraphSnapshot): number {
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  const host = (id: string): string => {
    let n = byId.get(id);
    for (let i = 0; n?.kind === 'operator' && n.parentId && i < 64; i++) n = byId.get(n.parentId);
    return n?.kind === 'editor' ? 'editor' : (n?.nodeId ?? id);
  };
  return graph.edges.filter((e) => e.kind === 'data' && host(e.from.nodeId) !== host(e.to.nodeId)).length;
}

export interface CheckOptions {
  /** Also check that no edge path crosses a node's header (after auto layout and opening the demo). */
  paths?: boolean;
  /** The simplified-drawing zoom threshold (nodes lose their port labels below it). */
  minZoom: number;
}

/** What is wrong with the layout, one line each (empty: legible). */
export function problems(layout: Layout, graph: GraphSnapshot, opts: CheckOptions): string[] {
  const out: string[] = [];
  if (layout.zoom < opts.minZoom) out.push(`zoom ${layout.zoom.toFixed(2)} is below the simplified-drawing threshold ${opts.minZoom}`);
  if (layout.nodes.length !== graph.nodes.length) out.push(`the DOM holds ${layout.nodes.length} nodes, the graph ${graph.nodes.length} (culled off screen?)`);
  if (layout.edgeCount !== graph.edges.length) out.push(`the DOM holds ${layout.edgeCount} edges, the graph ${graph.edges.length}`);
  if (layout.portLabels.length !== layout.portRows) out.push(`${layout.portRows} ports but ${layout.portLabels.length} port labels`);
  const wantLabels = labelledEdges(graph);
  if (layout.edgeLabels.length !== wantLabels) out.push(`${layout.edgeLabels.length} edge labels for ${wantLabels} cross-instance data edges`);
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  // nodes: no two overlap unless one holds the other; children below their container's header
  for (let i = 0; i < layout.nodes.length; i++) {
    const a = layout.nodes[i] as NodeBox;
    const up = ancestors(graph, a.id);
    for (let j = i + 1; j < layout.nodes.length; j++) {
      const b = layout.nodes[j] as NodeBox;
      if (up.has(b.id) || ancestors(graph, b.id).has(a.id)) continue;
      const o = overlap(a.rect, b.rect);
      if (o.x > 1 && o.y > 1) out.push(`node ${a.id} and node ${b.id} overlap by ${Math.round(o.x)}x${Math.round(o.y)} px`);
    }
    const parent = byId.get(a.id)?.parentId;
    const box = parent ? layout.nodes.find((n) => n.id === parent) : undefined;
    if (box?.header && a.rect.y < box.header.y + box.header.height - 1)
      out.push(`node ${a.id} reaches ${Math.round(box.header.y + box.header.height - a.rect.y)} px into the header of its container ${box.id}`);
  }
  // edge labels: off port labels, node headers and each other
  for (let i = 0; i < layout.edgeLabels.length; i++) {
    const l = layout.edgeLabels[i] as Layout['edgeLabels'][number];
    for (const p of layout.portLabels) if (overlaps(l.rect, p)) out.push(`edge label ${l.id} (${r(l.rect)}) lies on a port label (${r(p)})`);
    for (const n of layout.nodes) if (n.header && overlaps(l.rect, n.header)) out.push(`edge label ${l.id} lies on the header of node ${n.id}`);
    for (let j = i + 1; j < layout.edgeLabels.length; j++) {
      const m = layout.edgeLabels[j] as Layout['edgeLabels'][number];
      if (overlaps(l.rect, m.rect)) out.push(`edge labels ${l.id} and ${m.id} overlap`);
    }
  }
  if (opts.paths) {
    for (const p of layout.paths) {
      for (const n of layout.nodes) {
        if (!n.header) continue;
        const at = p.points.find((q) => inside(q, n.header as Box));
        if (at) out.push(`edge ${p.id} crosses the header of node ${n.id} at ${Math.round(at.x)},${Math.round(at.y)}`);
      }
    }
  }
  // nothing covers a node or an error badge; a container's own children (and the edges and
  // labels between them) may sit on its body
  const edgeEnds = new Map(graph.edges.map((e) => [e.edgeId ?? '', [e.from.nodeId, e.to.nodeId]] as const));
  const within = (id: string, box: string) => id === box || ancestors(graph, id).has(box);
  for (const pr of layout.probes) {
    if (pr.hit === 'self') continue;
    const other = /^node (.+)$/.exec(pr.hit)?.[1];
    if (pr.what === 'node' && other && ancestors(graph, other).has(pr.owner)) continue;
    const edge = /^edge (?:label )?(.+)$/.exec(pr.hit)?.[1];
    if (pr.what === 'node' && edge && (edgeEnds.get(edge) ?? []).some((id) => id !== pr.owner && within(id, pr.owner))) continue;
    out.push(`${pr.what} of ${pr.owner} at ${pr.x},${pr.y} is covered by ${pr.hit}`);
  }
  return [...new Set(out)];
}
