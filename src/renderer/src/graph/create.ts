// New nodes from the palette or quick-add (pure): what to add and where, or why it cannot go
// there (an operator must land in an engine that ships it, or a container inside one).
import type { GraphNode, ServiceGraph } from '../../../shared/types';
import { CONTAINER_CLASS } from '../../../shared/compiler';
import { newInstanceId, newNodeId } from './ids';
import type { CatalogIndex } from './spec';
import { engineOf } from './spec';

export type NodeTemplate =
  { kind: 'service'; serviceClass: string; label: string } | { kind: 'operator'; operatorClass: string; engineClass: string; label: string } | { kind: 'editor'; editorClass: string; label: string };

export const TEMPLATE_MIME = 'application/x-f8-node';
export const NEW_ENGINE_SIZE = { width: 480, height: 300 };

export function templateKey(t: NodeTemplate): string {
  return t.kind === 'service' ? `service:${t.serviceClass}` : t.kind === 'operator' ? `operator:${t.engineClass}:${t.operatorClass}` : `editor:${t.editorClass}`;
}

export function parseTemplate(text: string): NodeTemplate | null {
  try {
    const v = JSON.parse(text) as NodeTemplate;
    if (v && typeof v === 'object' && (v.kind === 'service' || v.kind === 'operator' || v.kind === 'editor') && typeof v.label === 'string') return v;
  } catch {
    // not ours
  }
  return null;
}

/**
 * The node to add for `t` at absolute `position` inside `containerId` (the deepest engine or
 * container under the drop point, if any), or the reason it cannot go there.
 */
export function createNode(
  t: NodeTemplate,
  graph: ServiceGraph,
  catalog: CatalogIndex,
  position: { x: number; y: number },
  containerId: string | undefined,
  random?: () => string,
): { node: GraphNode } | { error: string } {
  const at = { x: Math.round(position.x), y: Math.round(position.y) };
  if (t.kind === 'service') {
    if (!catalog.services.has(t.serviceClass)) return { error: `${t.label} (${t.serviceClass}) is no longer in the catalog` };
    const node: GraphNode = { nodeId: newInstanceId(t.serviceClass, graph), kind: 'service', serviceClass: t.serviceClass, position: at };
    // an engine starts with room for a few operators
    if (catalog.services.get(t.serviceClass)?.engine) node['x-size'] = { ...NEW_ENGINE_SIZE };
    return { node };
  }
  if (t.kind === 'editor') return { node: { nodeId: newNodeId(random), kind: 'editor', editorClass: t.editorClass, position: at } };
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  const container = containerId === undefined ? undefined : byId.get(containerId);
  if (!container) return { error: `${t.label} is an operator: drop it inside an Engine node (operators run inside an engine)` };
  const engine = container.kind === 'service' ? container : engineOf(graph, container, byId);
  if (!engine || engine.kind !== 'service' || (container.kind === 'operator' && container.operatorClass !== CONTAINER_CLASS))
    return { error: `${t.label} can only go inside an engine or a container` };
  if (t.operatorClass !== CONTAINER_CLASS && engine.serviceClass !== t.engineClass) {
    const m = catalog.services.get(engine.serviceClass);
    const ships = m?.operators?.some((o) => o.operatorClass === t.operatorClass) || catalog.engineOperators[engine.nodeId]?.some((o) => o.operatorClass === t.operatorClass);
    if (!ships) return { error: `${t.label} is an operator of ${t.engineClass}; ${engine.nodeId} (${engine.serviceClass}) does not run it` };
  }
  const node: GraphNode = { nodeId: newNodeId(random), kind: 'operator', operatorClass: t.operatorClass, parentId: container.nodeId, position: at };
  if (t.operatorClass === CONTAINER_CLASS) node['x-size'] = { width: 400, height: 240 };
  return { node };
}
