// Adding nodes on the canvas by hand: a palette item dropped where the pointer is (an operator
// into the engine under it), and a double-click on the empty canvas opening quick-add there.
import { useCallback, type DragEvent, type MouseEvent } from 'react';
import type { ReactFlowInstance } from '@xyflow/react';
import { createNode, parseTemplate, TEMPLATE_MIME } from '../graph/create';
import type { F8Edge, F8Node } from '../graph/flow';
import type { EditorStore } from '../store';

export function useDropToAdd(store: EditorStore, flow: ReactFlowInstance<F8Node, F8Edge>) {
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
    [store, flow],
  );

  const onDoubleClick = useCallback(
    (e: MouseEvent) => {
      if (!(e.target as HTMLElement).classList.contains('react-flow__pane')) return;
      store.getState().openQuickAdd({ screen: { x: e.clientX, y: e.clientY }, flow: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
    },
    [store, flow],
  );

  return { onDragOver, onDrop, onDoubleClick };
}
