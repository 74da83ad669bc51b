// The canvas: React Flow with the node and edge kinds, drag and drop from the palette, wiring
// checked by the compiler's rule, moves and resizes as undoable graph ops, selection, minimap.
import { useCallback, useEffect, useRef, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import { opsFromChanges } from '../graph/changes';
import { createNode, parseTemplate, TEMPLATE_MIME } from '../graph/create';
import { connectionOf } from '../graph/handles';
import { humanize } from '../graph/humanize';
import type { F8Edge, F8Node } from '../graph/flow';
import { useEditorInstance } from '../store/context';
import { ConnectionHint, connectionReason } from './ConnectionHint';
import { edgeTypes } from './edges';
import { EdgeLabels } from './edges/EdgeLabels';
import { nodeTypes } from './nodes';
import { useChecker, useFlowModel } from './useFlowModel';
import { fitPadding } from './fit';

const MINIMAP_COLORS: Record<string, string> = { service: 'var(--node-service)', engine: 'var(--node-engine)', container: 'var(--node-container)', operator: 'var(--node-operator)', editor: 'var(--node-editor)' };

export function Canvas() {
  const { store, canvas } = useEditorInstance();
  const { nodes, edges, simple, takeMeasurements } = useFlowModel();
  const checker = useChecker();
  const flow = useReactFlow<F8Node, F8Edge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const dragSeq = useRef(0);
  const resizeSeq = useRef(0);
  const ongoing = useRef(false);

  useEffect(() => {
    canvas.set({ flow, pointer: () => pointer.current, rect: () => wrapper.current?.getBoundingClientRect() ?? null });
    return () => canvas.set(null);
  }, [canvas, flow]);

  const onNodesChange = useCallback((changes: NodeChange<F8Node>[]) => {
    takeMeasurements(changes);
    const s = store.getState();
    const selects = changes.filter((c) => c.type === 'select');
    if (selects.length) {
      const next = new Set(s.selectedNodes);
      for (const c of selects) {
        if (c.type !== 'select') continue;
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      s.select(next, s.selectedEdges);
    }
    const { op, ongoing: still } = opsFromChanges(s.graph, changes);
    if (op) {
      if (!ongoing.current) {
        dragSeq.current++;
        resizeSeq.current++;
      }
      s.apply(op, { coalesceKey: `drag:${dragSeq.current}` });
    }
    ongoing.current = still;
  }, [takeMeasurements]);

  const onEdgesChange = useCallback((changes: EdgeChange<F8Edge>[]) => {
    const s = store.getState();
    const selects = changes.filter((c) => c.type === 'select');
    if (!selects.length) return;
    const next = new Set(s.selectedEdges);
    for (const c of selects) {
        if (c.type !== 'select') continue;
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
    s.select(s.selectedNodes, next);
  }, []);

  const isValidConnection: IsValidConnection<F8Edge> = useCallback(
    (c) => {
      const cand = connectionOf({ source: c.source, sourceHandle: c.sourceHandle ?? null, target: c.target, targetHandle: c.targetHandle ?? null });
      return !!cand && checker.check(cand).ok;
    },
    [checker],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const s = store.getState();
      const cand = connectionOf(c);
      if (!cand) return;
      const v = checker.check(cand);
      if (!v.ok) return s.notify('error', humanize(v.reason, s.graph, s.catalogIndex), pointer.current ?? undefined);
      const add = { type: 'addEdge' as const, edge: { edgeId: v.edgeId, kind: cand.kind, from: cand.from, to: cand.to } };
      const err = s.apply(v.replaces ? { type: 'batch', ops: [{ type: 'removeEdge', edgeId: v.replaces }, add] } : add);
      if (err) s.notify('error', err);
    },
    [checker],
  );

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state: FinalConnectionState) => {
      const s = store.getState();
      const p = 'clientX' in event ? { x: event.clientX, y: event.clientY } : { x: event.changedTouches[0]?.clientX ?? 0, y: event.changedTouches[0]?.clientY ?? 0 };
      if (state.isValid) return;
      if (state.toHandle && state.toNode && state.fromNode && state.fromHandle) {
        const reason = connectionReason(s, checker, { source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null, target: state.toNode.id, targetHandle: state.toHandle.id ?? null });
        if (reason) s.notify('error', `not connected: ${reason}`, p);
        return;
      }
      // Dropped on empty canvas: quick-add, filtered to nodes with a compatible port.
      if (state.fromNode && state.fromHandle?.id && !state.toNode) {
        s.openQuickAdd({ screen: p, flow: flow.screenToFlowPosition(p), from: { nodeId: state.fromNode.id, handleId: state.fromHandle.id } });
      }
    },
    [checker, flow],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(TEMPLATE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const t = parseTemplate(e.dataTransfer.getData(TEMPLATE_MIME));
      if (!t) return;
      e.preventDefault();
      const s = store.getState();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const boxes = flow.getIntersectingNodes({ x: at.x, y: at.y, width: 1, height: 1 }).filter((n) => n.type === 'engine' || n.type === 'container');
      const container = boxes[boxes.length - 1]?.id;
      const where = { x: at.x - 20, y: at.y - 16 };
      const r = createNode(t, s.graph, s.catalogIndex, where, t.kind === 'operator' ? container : undefined);
      if ('error' in r) return s.notify('error', r.error, { x: e.clientX, y: e.clientY });
      const err = s.apply({ type: 'addNode', node: r.node });
      if (err) return s.notify('error', err, { x: e.clientX, y: e.clientY });
      s.select([r.node.nodeId], []);
    },
    [flow],
  );

  const onDoubleClick = useCallback(
    (e: React.MouseEvent) => {
      if (!(e.target as HTMLElement).classList.contains('react-flow__pane')) return;
      store.getState().openQuickAdd({ screen: { x: e.clientX, y: e.clientY }, flow: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
    },
    [flow],
  );

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
        {nodes.length ? <MiniMap pannable zoomable style={{ width: 170, height: 110 }} nodeColor={(n) => MINIMAP_COLORS[n.type ?? ''] ?? 'var(--muted)'} maskColor="var(--minimap-mask)" ariaLabel="Minimap" /> : null}
        <ConnectionHint checker={checker} />
        <EdgeLabels edges={edges} simple={simple} />
      </ReactFlow>
      {nodes.length === 0 ? (
        <div className="f8-empty-hint" aria-hidden="true">
          <strong>An empty graph</strong>
          <span>Drag a service from the palette, or double-click here (or press Tab) to add a node.</span>
          <span>Operators go inside an Engine. Open File ▸ Examples to start from the demo.</span>
        </div>
      ) : null}
    </div>
  );
}
