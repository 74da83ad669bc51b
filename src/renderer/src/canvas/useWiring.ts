// Wiring on the canvas: a connection is valid by the compiler's rule, a made one becomes an
// addEdge (replacing the edge it displaces), a refused one says why next to the cursor, and a
// wire dropped on empty canvas opens quick-add filtered to nodes it can connect to.
import { useCallback, type MutableRefObject } from 'react';
import type { Connection, FinalConnectionState, IsValidConnection, OnConnectEnd, ReactFlowInstance } from '@xyflow/react';
import type { ConnectionChecker } from '../../../shared/compiler';
import { connectionOf } from '../graph/handles';
import { humanize } from '../graph/humanize';
import type { F8Edge, F8Node } from '../graph/flow';
import type { EditorStore } from '../store';
import { connectionReason } from './ConnectionHint';

type Point = { x: number; y: number };

export function useWiring(store: EditorStore, checker: ConnectionChecker, flow: ReactFlowInstance<F8Node, F8Edge>, pointer: MutableRefObject<Point | null>) {
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
    [store, checker, pointer],
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
    [store, checker, flow],
  );

  return { isValidConnection, onConnect, onConnectEnd };
}
