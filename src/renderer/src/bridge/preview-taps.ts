// "Plot" and display nodes show data at once where the values already travel on the bus: a plot
// wired to a port that the deployed graph already publishes on (a cross-instance output) taps
// that subject until the next deploy gives the plot its own half-edge. Pure: tested in Node.
import type { HalfEdge, ServiceGraph } from '../../../shared/types';
import { EDITOR_INSTANCE_ID } from '../../../shared/naming';

/** Editor input nodes not deployed yet, each with a subject its producer already publishes on. */
export function previewTaps(graph: Pick<ServiceGraph, 'nodes' | 'edges'>, compiled: { subgraphs: Record<string, unknown> } | null, deployedEditor: readonly HalfEdge[]): HalfEdge[] {
  if (!compiled) return [];
  const published = new Map<string, HalfEdge>();
  for (const [id, sg] of Object.entries(compiled.subgraphs)) {
    if (id === EDITOR_INSTANCE_ID) continue;
    for (const h of (sg as { halfEdges?: HalfEdge[] }).halfEdges ?? []) {
      if (h.kind === 'data' && h.direction === 'out' && h.subject) published.set(`${h.local.nodeId}\u0000${h.local.port}`, h);
    }
  }
  const deployedIn = new Set(deployedEditor.filter((h) => h.direction === 'in').map((h) => h.local.nodeId));
  const editorInputs = new Set(graph.nodes.filter((n) => n.kind === 'editor' && (n.editorClass === 'plot' || n.editorClass === 'display')).map((n) => n.nodeId));
  const taps: HalfEdge[] = [];
  for (const e of graph.edges) {
    if (e.kind !== 'data' || !editorInputs.has(e.to.nodeId) || deployedIn.has(e.to.nodeId)) continue;
    const out = published.get(`${e.from.nodeId}\u0000${e.from.port}`);
    if (out) taps.push({ ...out, direction: 'in', local: { nodeId: e.to.nodeId, port: e.to.port }, remote: out.local, peerServiceId: out.peerServiceId });
  }
  return taps;
}
