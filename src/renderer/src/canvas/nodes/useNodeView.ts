// Per-node view helpers: the zoom below which cards draw simplified (the canvas decides it once,
// not each node), which state fields and ports have edges, and the node's "show all fields" toggle.
import { useCallback } from 'react';
import type { ServiceGraph } from '../../../../shared/types';
import { useEditor } from '../../store/context';

/** Below this zoom nodes draw as a plain box with their label and status. */
export const SIMPLE_ZOOM = 0.45;

interface NodeEdges {
  /** State fields with a state edge, sorted. */
  stateFields: string[];
  /** Data and exec handles edges point at, as `kind:dir:port`, sorted. */
  handles: string[];
}
const NONE: NodeEdges = { stateFields: [], handles: [] };

/** Per node, what its edges touch: built once per graph (not per node per store update). */
const byGraph = new WeakMap<ServiceGraph, Map<string, NodeEdges>>();
export function edgesOf(graph: ServiceGraph, nodeId: string): NodeEdges {
  let index = byGraph.get(graph);
  if (!index) {
    const sets = new Map<string, { f: Set<string>; h: Set<string> }>();
    const at = (id: string) => {
      let e = sets.get(id);
      if (!e) sets.set(id, (e = { f: new Set(), h: new Set() }));
      return e;
    };
    for (const e of graph.edges) {
      if (e.kind === 'state') {
        at(e.from.nodeId).f.add(e.from.port);
        at(e.to.nodeId).f.add(e.to.port);
      } else {
        at(e.from.nodeId).h.add(`${e.kind}:out:${e.from.port}`);
        at(e.to.nodeId).h.add(`${e.kind}:in:${e.to.port}`);
      }
    }
    index = new Map([...sets].map(([id, v]) => [id, { stateFields: [...v.f].sort(), handles: [...v.h].sort() }]));
    byGraph.set(graph, index);
  }
  return index.get(nodeId) ?? NONE;
}

export function useFieldsExpanded(nodeId: string): [boolean, () => void] {
  const open = useEditor((s) => !!s.fieldsExpanded[nodeId]);
  const toggle = useEditor((s) => s.toggleFields);
  return [open, useCallback(() => toggle(nodeId), [toggle, nodeId])];
}
