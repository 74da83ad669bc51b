// React Flow's node and edge changes into the editor: selections into the view slice, moves and
// resizes into graph ops (one undo step per drag), measured sizes into the flow model.
import { useCallback, useRef } from 'react';
import type { EdgeChange, NodeChange } from '@xyflow/react';
import { opsFromChanges } from '../graph/changes';
import type { F8Edge, F8Node } from '../graph/flow';
import type { EditorStore } from '../store';

/** The ids selected after a batch of select changes. */
function selectedAfter(current: ReadonlySet<string>, changes: readonly (NodeChange | EdgeChange)[]): Set<string> | null {
  const selects = changes.filter((c) => c.type === 'select');
  if (!selects.length) return null;
  const next = new Set(current);
  for (const c of selects) {
    if (c.type !== 'select') continue;
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  return next;
}

export function useGraphChanges(store: EditorStore, takeMeasurements: (changes: readonly NodeChange[]) => void) {
  const dragSeq = useRef(0);
  const ongoing = useRef(false);

  const onNodesChange = useCallback(
    (changes: NodeChange<F8Node>[]) => {
      takeMeasurements(changes);
      const s = store.getState();
      const nodes = selectedAfter(s.selectedNodes, changes);
      if (nodes) s.select(nodes, s.selectedEdges);
      const { op, ongoing: still } = opsFromChanges(s.graph, changes);
      if (op) {
        // a new drag or resize: a new undo step
        if (!ongoing.current) dragSeq.current++;
        s.apply(op, { coalesceKey: `drag:${dragSeq.current}` });
      }
      ongoing.current = still;
    },
    [store, takeMeasurements],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<F8Edge>[]) => {
      const s = store.getState();
      const edges = selectedAfter(s.selectedEdges, changes);
      if (edges) s.select(s.selectedNodes, edges);
    },
    [store],
  );

  return { onNodesChange, onEdgesChange };
}
