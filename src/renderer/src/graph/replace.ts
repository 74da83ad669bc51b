// One undoable edit that makes the document's contents those of another graph (a revert, or
// "load the deployed graph" after a conflict): the document keeps its id and file.
import type { GraphOp } from '../../../shared/graph';
import { edgeIdOf } from '../../../shared/graph';
import type { ServiceGraph } from '../../../shared/types';

export function replaceContents(current: ServiceGraph, next: ServiceGraph): GraphOp {
  const ops: GraphOp[] = [];
  if (current.nodes.length || current.edges.length) ops.push({ type: 'deleteItems', nodeIds: current.nodes.map((n) => n.nodeId), edgeIds: current.edges.map((e) => edgeIdOf(e)) });
  ops.push({
    type: 'restoreItems',
    nodes: next.nodes.map((node, index) => ({ index, node: structuredClone(node) })),
    edges: next.edges.map((edge, index) => ({ index, edge: structuredClone(edge) })),
  });
  if ((next.name ?? '') !== (current.name ?? '')) ops.push({ type: 'setGraphName', ...(next.name ? { name: next.name } : {}) });
  return { type: 'batch', ops };
}
