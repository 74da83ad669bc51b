// Messages for people: the compiler names nodes by id, and the editor's generated ids are
// 32 hex characters; show the node's label instead ("Smooth (EMA)" rather than "3f2a…").
import type { ServiceGraph } from '../../../shared/types';
import type { CatalogIndex } from './spec';

const GENERATED = /\b[0-9a-f]{32}\b/g;

export function nodeLabel(graph: ServiceGraph, catalog: CatalogIndex | null, nodeId: string): string | null {
  const n = graph.nodes.find((x) => x.nodeId === nodeId);
  if (!n) return null;
  if (n.label) return n.label;
  if (n.kind === 'operator') {
    for (const m of catalog?.services.values() ?? []) {
      const op = m.operators?.find((o) => o.operatorClass === n.operatorClass);
      if (op?.label) return op.label;
    }
    return n.operatorClass;
  }
  return n.kind === 'editor' ? n.editorClass : null;
}

/** Replaces generated node ids in a message with the nodes' labels. */
export function humanize(text: string, graph: ServiceGraph, catalog: CatalogIndex | null = null): string {
  return text.replace(GENERATED, (id) => nodeLabel(graph, catalog, id) ?? `${id.slice(0, 6)}…`);
}
