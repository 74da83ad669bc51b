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

export function useFlowModel() {
  const mapper = useRef(new FlowMapper());
  const measured = useRef(new Map<string, Measured>());
  const simple = useFlowStore((s) => s.transform[2] < SIMPLE_ZOOM);
  const simpleNow = useRef(simple);
  simpleNow.current = simple;
  const [measureTick, setMeasureTick] = useState(0);
  /** Keeps the sizes React Flow measures (a controlled flow must hand them back). */
  const takeMeasurements = useCallback((changes: readonly NodeChange[]) => {
    let changed = false;
    for (const c of changes) {
      if (c.type !== 'dimensions' || !c.dimensions) continue;
      const prev = measured.current.get(c.id);
      if (prev && prev.width === c.dimensions.width && prev.height === c.dimensions.height && !!prev.simple === simpleNow.current) continue;
      measured.current.set(c.id, { width: c.dimensions.width, height: c.dimensions.height, simple: simpleNow.current });
      changed = true;
    }
    if (changed) setMeasureTick((t) => t + 1);
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
