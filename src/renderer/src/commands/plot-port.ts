// "Plot" on a data output: adds a plot editor node to the right of the node (outside its
// engine) wired to that port, as one undoable edit. Deployed like any edit (in Live mode at
// once), so a port inside an engine gets a bus subject too.
import type { GraphEdge, GraphNode } from '../../../shared/types';
import { newNodeId } from '../graph/ids';
import { positionOf, sizeOf } from '../graph/geometry';
import { registerCommand } from './registry';
import { placeNear } from '../canvas/placement';

export function plotNodeFor(graph: { nodes: readonly GraphNode[] }, nodeId: string, port: string, title?: string, id = newNodeId()): { node: GraphNode; edge: GraphEdge } | null {
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  const source = byId.get(nodeId);
  if (!source) return null;
  let outer = source;
  while (outer.kind === 'operator' && outer.parentId && byId.has(outer.parentId)) outer = byId.get(outer.parentId)!;
  const o = positionOf(outer);
  const width = sizeOf(outer)?.width ?? 220;
  const node: GraphNode = {
    nodeId: id,
    kind: 'editor',
    editorClass: 'plot',
    label: `${title ?? source.label ?? nodeId} · ${port}`,
    position: { x: Math.round(o.x + width + 60), y: Math.round(positionOf(source).y) },
  };
  return { node, edge: { kind: 'data', from: { nodeId, port }, to: { nodeId: id, port: 'value' } } };
}

registerCommand({
  id: 'graph.plotPort',
  title: 'Plot this port',
  group: 'graph',
  run(c, arg) {
    const { nodeId, port, title } = (arg ?? {}) as { nodeId?: string; port?: string; title?: string };
    const s = c.store.getState();
    if (!nodeId || !port) return;
    const made = plotNodeFor(s.graph, nodeId, port, title);
    if (!made) return s.notify('error', `no node '${nodeId}' to plot`);
    // right of the node (outside its engine), or the nearest free spot to that
    made.node.position = placeNear(c.canvas, s.graph, undefined, positionOf(made.node), { width: 200, height: 200 });
    const err = s.apply({
      type: 'batch',
      ops: [
        { type: 'addNode', node: made.node },
        { type: 'addEdge', edge: made.edge },
      ],
    });
    if (err) return s.notify('error', `cannot plot ${nodeId}.${port}: ${err}`);
    s.select([made.node.nodeId], []);
    const what = `${title ?? nodeId} · ${port}`;
    s.notify('info', s.liveMode ? `plotting ${what} (Live deploys it)` : `plot added for ${what}: deploy to see the data`);
  },
});
