// The canvas: React Flow with the node and edge kinds, drag and drop from the palette, wiring
// checked by the compiler's rule, moves and resizes as undoable graph ops, selection, minimap.
import { useEffect, useRef } from 'react';
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow } from '@xyflow/react';
import type { F8Edge, F8Node } from '../graph/flow';
import { useEditorInstance } from '../store/context';
import { ConnectionHint } from './ConnectionHint';
import { edgeTypes } from './edges';
import { EdgeLabels } from './edges/EdgeLabels';
import { nodeTypes } from './nodes';
import { useChecker, useFlowModel } from './useFlowModel';
import { useDropToAdd } from './useDropToAdd';
import { useGraphChanges } from './useGraphChanges';
import { useWiring } from './useWiring';
import { fitPadding } from './fit';

const MINIMAP_COLORS: Record<string, string> = {
  service: 'var(--node-service)',
  engine: 'var(--node-engine)',
  container: 'var(--node-container)',
  operator: 'var(--node-operator)',
  editor: 'var(--node-editor)',
};

/** What an empty canvas says: how to add the first node. */
function EmptyHint() {
  return (
    <div className="f8-empty-hint" aria-hidden="true">
      <strong>An empty graph</strong>
      <span>Drag a service from the palette, or double-click here (or press Tab) to add a node.</span>
      <span>Operators go inside an Engine. Open File ▸ Examples to start from the demo.</span>
    </div>
  );
}

export function Canvas() {
  const { store, canvas, headHeights } = useEditorInstance();
  const { nodes, edges, simple, takeMeasurements } = useFlowModel();
  const checker = useChecker();
  const flow = useReactFlow<F8Node, F8Edge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const pointer = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    canvas.set({ flow, pointer: () => pointer.current, rect: () => wrapper.current?.getBoundingClientRect() ?? null, headHeight: (id) => headHeights.get(id) });
    return () => canvas.set(null);
  }, [canvas, flow, headHeights]);

  const { onNodesChange, onEdgesChange } = useGraphChanges(store, takeMeasurements);
  const { isValidConnection, onConnect, onConnectEnd } = useWiring(store, checker, flow, pointer);
  const { onDragOver, onDrop, onDoubleClick } = useDropToAdd(store, flow);

  return (
    <div
      className={`f8-canvas${simple ? ' is-simple' : ''}`}
      ref={wrapper}
      onPointerMove={(e) => (pointer.current = { x: e.clientX, y: e.clientY })}
      onPointerLeave={() => (pointer.current = null)}
      onDoubleClick={onDoubleClick}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <ReactFlow<F8Node, F8Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Control', 'Meta']}
        zoomOnDoubleClick={false}
        onlyRenderVisibleElements
        // edges are drawn under every node (an engine's body is translucent, so its wires show)
        zIndexMode="manual"
        minZoom={0.05}
        maxZoom={2.5}
        onInit={(f) => {
          // a restored graph is shown whole; an empty one keeps zoom 1 (a queued fit would jump to the first node added)
          if (store.getState().graph.nodes.length) void f.fitView({ padding: fitPadding(), maxZoom: 1 });
        }}
        defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        proOptions={{ hideAttribution: true }}
        aria-label="Graph canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <Controls showInteractive={false} />
        {nodes.length ? (
          <MiniMap pannable zoomable style={{ width: 170, height: 110 }} nodeColor={(n) => MINIMAP_COLORS[n.type ?? ''] ?? 'var(--muted)'} maskColor="var(--minimap-mask)" ariaLabel="Minimap" />
        ) : null}
        <ConnectionHint checker={checker} />
        <EdgeLabels edges={edges} simple={simple} />
      </ReactFlow>
      {nodes.length === 0 ? <EmptyHint /> : null}
    </div>
  );
}
