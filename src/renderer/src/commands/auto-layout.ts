// Auto layout (L): elkjs in a worker, nested containers laid out inside their engine; one undo step.
import { fromElk, toElk, type ElkNode } from '../graph/layout';
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
    for (const n of c.canvas?.flow.getNodes() ?? []) {
      if (n.type === 'engine' || n.type === 'container') boxes.add(n.id);
      const w = n.measured?.width;
      const h = n.measured?.height;
      if (w && h) sizes.set(n.id, { width: w, height: h });
    }
    const laidOut = await layoutWorker.request(toElk(graph, sizes, (id) => boxes.has(id)));
    if (c.store.getState().graph !== graph) return; // edited meanwhile: drop this layout
    const err = c.store.getState().apply(fromElk(graph, laidOut));
    if (err) throw new Error(err);
    afterPaint(() => void c.canvas?.flow.fitView({ padding: 0.15, duration: 200, maxZoom: 1 }));
  },
});
