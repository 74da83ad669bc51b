// Edges by kind: data solid, state dashed, exec thick; a cross-instance data edge shows its
// strategy as a badge; an edge with a problem is red and says why on hover.
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps, type EdgeTypes } from '@xyflow/react';
import type { F8Edge } from '../../graph/flow';
import { useEditor } from '../../store';

const F8EdgeView = memo(function F8EdgeView(props: EdgeProps<F8Edge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const kind = data?.edge.kind ?? 'data';
  const error = data?.issues?.find((i) => i.severity === 'error');
  const badge = kind === 'data' && data?.cross ? (data.edge.strategy ?? 'latest') + (data.edge.strategy === 'queue' && data.edge.queueSize ? ` ${data.edge.queueSize}` : '') : null;
  return (
    <>
      <BaseEdge id={id} path={path} className={`f8-edge f8-edge-${kind}${selected ? ' is-selected' : ''}${error ? ' has-error' : ''}`} interactionWidth={14} />
      {badge || error ? (
        <EdgeLabelRenderer>
          <div
            className={`f8-edge-label nodrag nopan${error ? ' is-error' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={error?.message ?? `cross-instance data edge: strategy ${badge} (click to select the edge)`}
            data-edge-id={id}
            onClick={() => useEditor.getState().select([], [id])}
          >
            {error ? '!' : badge}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});

export const edgeTypes: EdgeTypes = { data: F8EdgeView, state: F8EdgeView, exec: F8EdgeView };
