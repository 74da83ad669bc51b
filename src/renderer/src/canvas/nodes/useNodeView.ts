// Per-node view helpers: whether the canvas is zoomed out far enough for the simple drawing,
// which state fields have edges, and the node's "show all fields" toggle.
import { useCallback } from 'react';
import { useStore as useFlowStore } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { create } from 'zustand';
import { useEditor } from '../../store';

/** Below this zoom nodes draw as a plain box with their label. */
export const SIMPLE_ZOOM = 0.45;

export function useSimplified(): boolean {
  return useFlowStore((s) => s.transform[2] < SIMPLE_ZOOM);
}

/** State fields of a node that have a state edge (sorted, so the selector result is stable). */
export function useConnectedFields(nodeId: string): ReadonlySet<string> {
  const names = useEditor(
    useShallow((s) => {
      const out: string[] = [];
      for (const e of s.graph.edges) {
        if (e.kind !== 'state') continue;
        if (e.from.nodeId === nodeId) out.push(e.from.port);
        if (e.to.nodeId === nodeId) out.push(e.to.port);
      }
      return [...new Set(out)].sort();
    }),
  );
  return new Set(names);
}

const useExpanded = create<{ open: Record<string, boolean>; toggle(id: string): void }>()((set, get) => ({
  open: {},
  toggle: (id) => set({ open: { ...get().open, [id]: !get().open[id] } }),
}));

export function useFieldsExpanded(nodeId: string): [boolean, () => void] {
  const open = useExpanded((s) => !!s.open[nodeId]);
  const toggle = useExpanded((s) => s.toggle);
  return [open, useCallback(() => toggle(nodeId), [toggle, nodeId])];
}

/** Ports that edges reference on this node, as `kind:dir:port` handle ids (sorted, stable). */
export function useReferencedPorts(nodeId: string): string[] {
  return useEditor(
    useShallow((s) => {
      const out = new Set<string>();
      for (const e of s.graph.edges) {
        if (e.kind === 'state') continue;
        if (e.from.nodeId === nodeId) out.add(`${e.kind}:out:${e.from.port}`);
        if (e.to.nodeId === nodeId) out.add(`${e.kind}:in:${e.to.port}`);
      }
      return [...out].sort();
    }),
  );
}
