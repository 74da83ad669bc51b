// Edges by kind: data solid, state dashed, exec thick; an edge with a problem is red. Each edge
// reports its ends and draws the bend the edge layer chose (off the nodes in its way); the labels (a cross-instance data edge's strategy and live rate, a
// problem's "!") are placed together by EdgeLabels so they stay off nodes and each other.
import { memo, useLayoutEffect } from 'react';
import { BaseEdge, type EdgeProps, type EdgeTypes } from '@xyflow/react';
import type { F8Edge } from '../../graph/flow';
import { useEdgeBends, useEdgeEnds } from './ends';
import { pathOf, type Side } from './geometry';

const F8EdgeView = memo(function F8EdgeView(props: EdgeProps<F8Edge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const bend = useEdgeBends((s) => s.bends[id]);
  const ends = { sx: sourceX, sy: sourceY, tx: targetX, ty: targetY, sp: sourcePosition as Side, tp: targetPosition as Side, ...(bend === undefined ? {} : { bend }) };
  const path = pathOf(ends);
  const kind = data?.edge.kind ?? 'data';
  const error = data?.issues?.find((i) => i.severity === 'error');
  useLayoutEffect(() => {
    useEdgeEnds.getState().set(id, { sx: sourceX, sy: sourceY, tx: targetX, ty: targetY, sp: sourcePosition as Side, tp: targetPosition as Side });
  }, [id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition]);
  useLayoutEffect(() => () => useEdgeEnds.getState().set(id, null), [id]);
  return <BaseEdge id={id} path={path} className={`f8-edge f8-edge-${kind}${selected ? ' is-selected' : ''}${error ? ' has-error' : ''}`} interactionWidth={14} />;
});

export const edgeTypes: EdgeTypes = { data: F8EdgeView, state: F8EdgeView, exec: F8EdgeView };
