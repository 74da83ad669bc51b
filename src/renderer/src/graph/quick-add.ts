// Quick-add from a dangling wire (pure): which palette items have a port the wire can join, and
// which port; so the pick is placed and connected in one step.
import { ConnectionChecker, type CompileCatalog } from '../../../shared/compiler';
import type { GraphEdge, GraphNode, ServiceGraph } from '../../../shared/types';
import { createNode, type NodeTemplate } from './create';
import { parseHandle } from './handles';
import { nodeSpec, type CatalogIndex } from './spec';

export interface QuickAddChoice {
  node: GraphNode;
  /** The edge to add with it (when opened from a wire). */
  edge?: GraphEdge;
}

export function quickAddChoice(
  t: NodeTemplate,
  graph: ServiceGraph,
  catalog: CatalogIndex,
  compileCatalog: CompileCatalog,
  at: { x: number; y: number },
  containerId: string | undefined,
  from?: { nodeId: string; handleId: string },
): QuickAddChoice | { error: string } {
  const r = createNode(t, graph, catalog, at, t.kind === 'operator' ? containerId : undefined);
  if ('error' in r) return r;
  if (!from) return { node: r.node };
  const h = parseHandle(from.handleId);
  if (!h) return { error: 'not a port' };
  const next: ServiceGraph = { ...graph, nodes: [...graph.nodes, r.node] };
  const byId = new Map(next.nodes.map((n) => [n.nodeId, n] as const));
  const spec = nodeSpec(r.node, next, byId, catalog);
  const checker = new ConnectionChecker(next, compileCatalog);
  const candidates = h.kind === 'data' ? (h.dir === 'out' ? spec.dataIn : spec.dataOut) : h.kind === 'exec' ? (h.dir === 'out' ? spec.execIn : spec.execOut) : spec.fields;
  for (const p of candidates) {
    const edge: GraphEdge =
      h.dir === 'out'
        ? { kind: h.kind, from: { nodeId: from.nodeId, port: h.port }, to: { nodeId: r.node.nodeId, port: p.name } }
        : { kind: h.kind, from: { nodeId: r.node.nodeId, port: p.name }, to: { nodeId: from.nodeId, port: h.port } };
    const v = checker.check(edge);
    if (v.ok && !v.replaces) return { node: r.node, edge: { ...edge, edgeId: v.edgeId } };
  }
  return { error: `no ${h.kind} port of ${t.label} fits` };
}
