// While a wire is dragged over a port it cannot join, the reason shows next to the cursor.
import { memo } from 'react';
import { useConnection, ViewportPortal } from '@xyflow/react';
import type { ConnectionChecker } from '../../../shared/compiler';
import { connectionOf, kindMismatch } from '../graph/handles';
import { humanize } from '../graph/humanize';
import type { EditorState } from '../store';
import { useEditorStore } from '../store/context';

export function connectionReason(
  s: Pick<EditorState, 'graph' | 'catalogIndex'>,
  checker: ConnectionChecker,
  c: { source: string | null; sourceHandle: string | null; target: string | null; targetHandle: string | null },
): string | null {
  const mismatch = kindMismatch(c.sourceHandle, c.targetHandle);
  if (mismatch) return mismatch;
  const cand = connectionOf(c);
  if (!cand) return null;
  const v = checker.check(cand);
  if (v.ok) return null;
  return humanize(v.reason, s.graph, s.catalogIndex);
}

export const ConnectionHint = memo(function ConnectionHint({ checker }: { checker: ConnectionChecker }) {
  const store = useEditorStore();
  const c = useConnection();
  if (!c.inProgress || !c.toHandle || !c.toNode || c.isValid !== false) return null;
  const reason = connectionReason(store.getState(), checker, { source: c.fromNode.id, sourceHandle: c.fromHandle.id ?? null, target: c.toNode.id, targetHandle: c.toHandle.id ?? null });
  if (!reason) return null;
  return (
    <ViewportPortal>
      <div className="f8-connect-hint" role="status" style={{ transform: `translate(${c.to.x + 14}px, ${c.to.y + 14}px)` }}>
        {reason}
      </div>
    </ViewportPortal>
  );
});
