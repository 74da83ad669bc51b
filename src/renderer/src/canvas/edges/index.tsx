// Edges by kind: data solid, state dashed, exec thick; a cross-instance data edge shows its
// strategy as a badge; an edge with a problem is red and says why on hover.
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps, type EdgeTypes } from '@xyflow/react';
import type { F8Edge } from '../../graph/flow';
import { useEditor } from '../../store';
import { formatRate } from '../nodes/live-parts';

const F8EdgeView = memo(function F8EdgeView(props: EdgeProps<F8Edge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const kind = data?.edge.kind ?? 'data';
  const error = data?.issues?.find((i) => i.severity === 'error');
  const badge = kind === 'data' && data?.cross ? (data.edge.strategy ?? 'latest') + (data.edge.strategy === 'queue' && data.edge.queueSize ? ` ${data.edge.queueSize}` : '') : null;
  const live = useEditor((s) => (badge ? s.edgeLive[id] : undefined));
  const fill = live?.queueDepth !== undefined && data?.edge.strategy === 'queue' ? ` · queue ${live.queueDepth}/${data.edge.queueSize ?? 64}` : '';
  const liveTitle = live ? `\nlive: ${live.ratePerS.toFixed(1)} msg/s, ${live.received} received, ${live.dropped} dropped${fill}` : '';
  return (
    <>
      <BaseEdge id={id} path={path} className={`f8-edge f8-edge-${kind}${selected ? ' is-selected' : ''}${error ? ' has-error' : ''}`} interactionWidth={14} />
      {badge || error ? (
        <EdgeLabelRenderer>
          <div
            className={`f8-edge-label nodrag nopan${error ? ' is-error' : ''}${live ? ' is-live' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={error?.message ?? `cross-instance data edge: strategy ${badge} (click to select the edge)${liveTitle}`}
            data-edge-id={id}
            onClick={() => useEditor.getState().select([], [id])}
          >
            {error ? '!' : badge}
            {!error && live ? <span className={`f8-edge-rate${live.ratePerS < 0.05 ? ' is-zero' : ''}`} data-testid="edge-rate">{formatRate(live.ratePerS)}</span> : null}
            {!error && live && live.dropped ? <span className="f8-edge-drop">{live.dropped} dropped</span> : null}
            {!error && fill ? <span className="f8-edge-drop">{fill.slice(3)}</span> : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});

export const edgeTypes: EdgeTypes = { data: F8EdgeView, state: F8EdgeView, exec: F8EdgeView };
