// The canvas model: React Flow nodes and edges mapped from the store (graph, catalog,
// selection, live analysis) and whether the zoom is below the simplified-drawing threshold
// (one selector for the canvas, not one per node), recomputed only when one of those changes.
import { useCallback, useMemo, useRef, useState } from 'react';
import { useStore as useFlowStore, type NodeChange } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { ConnectionChecker } from '../../../shared/compiler';
import { FlowMapper, type Measured } from '../graph/flow';
import { useEditor } from '../store/context';
import { SIMPLE_ZOOM } from './nodes/useNodeView';
import { whenIdle } from '../ui/idle';

/** The longest a measurement waits for its re-map. */
const REMAP_WAIT_MS = 250;

export function useFlowModel() {
  const mapper = useRef(new FlowMapper());
  const measured = useRef(new Map<string, Measured>());
  const simple = useFlowStore((s) => s.transform[2] < SIMPLE_ZOOM);
  const simpleNow = useRef(simple);
  simpleNow.current = simple;
  const [measureTick, setMeasureTick] = useState(0);
  const remapPending = useRef(false);
  /**
   * Keeps the sizes React Flow measures (a controlled flow must hand them back). React Flow has
   * them already, so the re-map that hands them back waits for an idle moment (at most
   * REMAP_WAIT_MS): cards entering the view during a pan do not each re-map every node.
   */
  const takeMeasurements = useCallback((changes: readonly NodeChange[]) => {
    let changed = false;
    for (const c of changes) {
      if (c.type !== 'dimensions' || !c.dimensions) continue;
      const prev = measured.current.get(c.id);
      if (prev && prev.width === c.dimensions.width && prev.height === c.dimensions.height && !!prev.simple === simpleNow.current) continue;
      measured.current.set(c.id, { width: c.dimensions.width, height: c.dimensions.height, simple: simpleNow.current });
      changed = true;
    }
    if (!changed || remapPending.current) return;
    remapPending.current = true;
    whenIdle(() => {
      remapPending.current = false;
      setMeasureTick((t) => t + 1);
    }, REMAP_WAIT_MS);
  }, []);
  const { graph, catalogIndex, selectedNodes, selectedEdges, analysis } = useEditor(
    useShallow((s) => ({ graph: s.graph, catalogIndex: s.catalogIndex, selectedNodes: s.selectedNodes, selectedEdges: s.selectedEdges, analysis: s.analysis })),
  );
  const model = useMemo(
    () =>
      mapper.current.map({
        graph,
        catalog: catalogIndex,
        selectedNodes,
        selectedEdges,
        nodeIssues: analysis.nodeIssues,
        edgeIssues: analysis.edgeIssues,
        marks: analysis.marks,
        measured: measured.current,
        simple,
      }),
    // measureTick: new measurements re-map the nodes they belong to
    [graph, catalogIndex, selectedNodes, selectedEdges, analysis, measureTick, simple],
  );
  return { ...model, simple, takeMeasurements };
}

/** The connection checker of the current graph and catalog (built once per change). */
export function useChecker(): ConnectionChecker {
  const { graph, compileCatalog } = useEditor(useShallow((s) => ({ graph: s.graph, compileCatalog: s.compileCatalog })));
  return useMemo(() => new ConnectionChecker(graph, compileCatalog), [graph, compileCatalog]);
}
