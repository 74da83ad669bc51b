// The bench's floor for the editor rows: stock React Flow (the same @xyflow/react and React as
// the editor) with default nodes and edges, MiniMap, Controls and Background, and the same
// options that matter at scale (onlyRenderVisibleElements, zoom limits). The bench hands it the
// same nodes and edges as the editor's graph and the canvas size of the editor's pane.
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, ReactFlowProvider, useEdgesState, useNodesState, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

export interface StockGraph {
  nodes: { id: string; x: number; y: number; label: string }[];
  edges: { source: string; target: string }[];
  /** Nodes the first view fits (the editor opens a large graph on its top-left corner). */
  corner: string[];
  width: number;
  height: number;
}

type Win = typeof window & { __load?: (g: StockGraph) => void; __status?: (ids: string[], word: string) => void };
const win = window as Win;

function Flow({ graph }: { graph: StockGraph }) {
  const [nodes, setNodes, onNodesChange] = useNodesState<Node>(graph.nodes.map((n) => ({ id: n.id, position: { x: n.x, y: n.y }, data: { label: n.label } })));
  const [edges, , onEdgesChange] = useEdgesState<Edge>(graph.edges.map((e) => ({ id: `${e.source}-${e.target}`, source: e.source, target: e.target })));
  useEffect(() => {
    // live status, updated in memory: the nodes named get the word in their label and its colour
    win.__status = (ids, word) => {
      const set = new Set(ids);
      setNodes((ns) => ns.map((n) => (set.has(n.id) ? { ...n, className: `st-${word}`, data: { label: `${n.id} ${word}` } } : n)));
    };
  }, [setNodes]);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onlyRenderVisibleElements
      fitView
      fitViewOptions={{ nodes: graph.corner.map((id) => ({ id })), padding: 0.2, maxZoom: 1 }}
      minZoom={0.05}
      maxZoom={2.5}
      proOptions={{ hideAttribution: true }}
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable style={{ width: 170, height: 110 }} />
    </ReactFlow>
  );
}

const el = document.body.appendChild(Object.assign(document.createElement('div'), { id: 'root' }));
const root = createRoot(el);
win.__load = (graph) => {
  el.style.width = `${graph.width}px`;
  el.style.height = `${graph.height}px`;
  root.render(
    <StrictMode>
      <ReactFlowProvider>
        <Flow graph={graph} />
      </ReactFlowProvider>
    </StrictMode>,
  );
};
