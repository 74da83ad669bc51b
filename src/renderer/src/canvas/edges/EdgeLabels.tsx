// The edge labels, placed together: a cross-instance data edge's strategy badge with, live, its
// rate, drops and queue fill; an edge with a problem shows "!". Each label goes along its own
// curve where it covers no node, no box head and no other label (edges/geometry.ts). Widths
// come from the text with room reserved for the rate, so a changing rate does not move it.
import { memo, useEffect, useMemo } from 'react';
import { EdgeLabelRenderer, useStore as useFlowStore } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import type { F8Edge } from '../../graph/flow';
import type { EdgeLive } from '../../store/live';
import { useEditor, useEditorInstance } from '../../store/context';
import { formatRate } from '../nodes/live-parts';
import { useEdgeBends, useEdgeEnds } from './ends';
import { chooseBend, placeLabels, type Box, type LabelRequest } from './geometry';

const CHAR = 7;
const HEIGHT = 18;
const RATE_CHARS = 6;

interface Text {
  badge: string;
  rate: string | null;
  dropped: string | null;
  fill: string | null;
  error: string | null;
}

function textOf(e: F8Edge, live: EdgeLive | undefined): Text {
  const d = e.data;
  const error = d?.issues?.find((i) => i.severity === 'error')?.message ?? null;
  const strategy = d?.edge.strategy ?? 'latest';
  const badge = error ? '!' : `${strategy}${strategy === 'queue' && d?.edge.queueSize ? ` ${d.edge.queueSize}` : ''}`;
  return {
    badge,
    error,
    rate: !error && live ? formatRate(live.ratePerS) : null,
    dropped: !error && live?.dropped ? `${live.dropped} dropped` : null,
    fill: !error && live?.queueDepth !== undefined && strategy === 'queue' ? `${live.queueDepth}/${d?.edge.queueSize ?? 64}` : null,
  };
}

function widthOf(t: Text): number {
  const chars = t.badge.length + (t.rate !== null ? 1 + Math.max(RATE_CHARS, t.rate.length) : 0) + (t.dropped ? 1 + t.dropped.length : 0) + (t.fill ? 1 + t.fill.length : 0);
  return Math.ceil(14 + chars * CHAR);
}

export const EdgeLabels = memo(function EdgeLabels({ edges, simple }: { edges: F8Edge[]; simple: boolean }) {
  const labelled = useMemo(() => edges.filter((e) => (e.data?.edge.kind === 'data' && e.data.cross) || e.data?.issues?.some((i) => i.severity === 'error')), [edges]);
  const { store, headHeights } = useEditorInstance();
  const ends = useEdgeEnds((s) => s.ends);
  const live = useEditor(useShallow((s) => labelled.map((e) => s.edgeLive[e.id])));
  const nodes = useFlowStore((s) => s.nodes);
  const lookup = useFlowStore((s) => s.nodeLookup);
  // nodes are obstacles whole; an engine or container only with its head (labels may cross its body)
  const boxes = useMemo(() => {
    const out: (Box & { id: string })[] = [];
    for (const n of nodes) {
      const i = lookup.get(n.id);
      const w = i?.measured.width ?? n.width;
      const h = i?.measured.height ?? n.height;
      if (!i || !w || !h) continue;
      const p = i.internals.positionAbsolute;
      const box = n.type === 'engine' || n.type === 'container';
      out.push({ id: n.id, x: p.x, y: p.y, width: w, height: box ? (headHeights.get(n.id) ?? 56) : h });
    }
    return out;
  }, [nodes, lookup]);
  const obstacles: Box[] = boxes;
  // every drawn edge bends off the nodes in its way (not its own two)
  const all = useFlowStore((s) => s.edges);
  const bends = useMemo(() => {
    const out: Record<string, number> = {};
    // zoomed out below the threshold a bend is not worth its cost (every edge against every node)
    if (simple) return out;
    for (const e of all) {
      const at = ends[e.id];
      if (!at) continue;
      const bend = chooseBend(at, boxes, e.source, e.target);
      if (bend !== 0.5) out[e.id] = bend;
    }
    return out;
  }, [all, ends, boxes, simple]);
  useEffect(() => useEdgeBends.getState().setBends(bends), [bends]);
  const texts = useMemo(() => labelled.map((e, i) => textOf(e, live[i])), [labelled, live]);
  const placed = useMemo(() => {
    const req: LabelRequest[] = [];
    labelled.forEach((e, i) => {
      const at = ends[e.id];
      const bend = bends[e.id];
      if (at) req.push({ id: e.id, ends: bend === undefined ? at : { ...at, bend }, width: widthOf(texts[i] as Text), height: HEIGHT });
    });
    return placeLabels(req, obstacles);
  }, [labelled, ends, texts, obstacles, bends]);
  return (
    <EdgeLabelRenderer>
      {labelled.map((e, i) => {
        const p = placed.get(e.id);
        const t = texts[i] as Text;
        if (!p) return null;
        const l = live[i];
        const title =
          t.error ??
          `cross-instance data edge: strategy ${t.badge} (click to select the edge)${l ? `\nlive: ${l.ratePerS.toFixed(1)} msg/s, ${l.received} received, ${l.dropped} dropped${t.fill ? ` · queue ${t.fill}` : ''}` : ''}`;
        return (
          <div
            key={e.id}
            className={`f8-edge-label nodrag nopan${t.error ? ' is-error' : ''}${l ? ' is-live' : ''}${e.selected ? ' is-selected' : ''}`}
            style={{ width: widthOf(t), height: HEIGHT, transform: `translate(-50%, -50%) translate(${p.x}px, ${p.y}px)` }}
            title={title}
            data-edge-label={e.id}
            data-edge-id={e.id}
            onClick={() => store.getState().select([], [e.id])}
          >
            {t.badge}
            {t.rate !== null ? (
              <span className={`f8-edge-rate${(l?.ratePerS ?? 0) < 0.05 ? ' is-zero' : ''}`} data-testid="edge-rate">
                {t.rate}
              </span>
            ) : null}
            {t.dropped ? <span className="f8-edge-drop">{t.dropped}</span> : null}
            {t.fill ? <span className={`f8-edge-fill${l?.queueDepth && l.queueDepth >= (e.data?.edge.queueSize ?? 64) * 0.8 ? ' is-full' : ''}`}>{t.fill}</span> : null}
          </div>
        );
      })}
    </EdgeLabelRenderer>
  );
});
