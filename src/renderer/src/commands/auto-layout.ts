// Auto layout (L): elkjs in a worker, nested containers laid out inside their engine; one undo
// step. ELK gets what is drawn: node sizes, each box's head height, and where each port's
// handle sits, so edges leave and enter where they are drawn.
import { fromElk, toElk, type ElkNode, type PortBox } from '../graph/layout';
import { fitPadding } from '../canvas/fit';
import { WorkerClient } from '../workers/client';
import { afterPaint, registerCommand } from './registry';

const layoutWorker = new WorkerClient<ElkNode, ElkNode>(() => new Worker(new URL('../workers/layout.worker.ts', import.meta.url), { type: 'module' }));

registerCommand({
  id: 'graph.autoLayout',
  title: 'Auto layout',
  keys: ['L'],
  group: 'graph',
  enabled: (c) => c.store.getState().graph.nodes.length > 0,
  async run(c) {
    const s = c.store.getState();
    const graph = s.graph;
    const sizes = new Map<string, { width: number; height: number }>();
    const boxes = new Set<string>();
    const heads = new Map<string, number>();
    const ports = new Map<string, PortBox[]>();
    for (const n of c.canvas?.flow.getNodes() ?? []) {
      if (n.type === 'engine' || n.type === 'container') {
        boxes.add(n.id);
        const h = c.canvas?.headHeight(n.id);
        if (h !== undefined) heads.set(n.id, h);
      }
      const w = n.measured?.width;
      const h = n.measured?.height;
      if (w && h) sizes.set(n.id, { width: w, height: h });
      const bounds = c.canvas?.flow.getInternalNode(n.id)?.internals.handleBounds;
      const list: PortBox[] = [];
      for (const [handles, side] of [
        [bounds?.target, 'left'],
        [bounds?.source, 'right'],
      ] as const) {
        for (const b of handles ?? []) if (b.id) list.push({ handleId: b.id, x: b.x, y: b.y, width: b.width, height: b.height, side });
      }
      if (list.length) ports.set(n.id, list);
    }
    const laidOut = await layoutWorker.request(toElk(graph, sizes, (id) => boxes.has(id), { heads, ports }));
    if (c.store.getState().graph !== graph) return; // edited meanwhile: drop this layout
    const err = c.store.getState().apply(fromElk(graph, laidOut));
    if (err) throw new Error(err);
    afterPaint(() => void c.canvas?.flow.fitView({ padding: fitPadding(), duration: 200, maxZoom: 1 }));
  },
});
