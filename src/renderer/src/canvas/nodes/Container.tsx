// Engines and containers: resizable boxes that hold operator nodes (React Flow sub flows).
// The header carries the engine's own ports and fields.
import { memo } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import type { F8Node } from '../../graph/flow';
import { CONTAINER_MIN } from '../../graph/geometry';
import { PortRow } from './Port';
import { Issues, Mark, StateRows } from './parts';
import { classLine, labelOf } from './NodeCard';
import { FailureNote, StatsBadge, StatusBadge } from './live-parts';
import { useNodeLive } from './useLive';
import { useConnectedFields, useFieldsExpanded, useSimplified } from './useNodeView';

export const ContainerNode = memo(function ContainerNode({ id, data, selected }: NodeProps<F8Node>) {
  const { spec, node, issues, mark } = data;
  const simple = useSimplified();
  const connected = useConnectedFields(id);
  const [expanded, toggle] = useFieldsExpanded(id);
  const { status, stats, live } = useNodeLive(id, node, spec.engineId);
  const hasError = !!issues?.some((i) => i.severity === 'error') || !spec.known || !!status?.failure;
  return (
    <div className={`f8-box f8-box-${spec.shape}${selected ? ' is-selected' : ''}${hasError ? ' has-error' : ''}${status?.stale ? ' is-stale' : ''}`} data-node-id={id} data-testid={`node-${id}`}>
      <NodeResizer isVisible={!!selected} minWidth={CONTAINER_MIN.width} minHeight={CONTAINER_MIN.height} lineClassName="f8-resize-line" handleClassName="f8-resize-handle" />
      <div className="f8-box-header">
        <div className="f8-box-ports">
          {spec.dataIn.map((p) => <PortRow key={p.name} kind="data" dir="in" name={p.name} schema={p.schema} labelled={!simple} />)}
        </div>
        <div className="f8-box-title">
          <div className="f8-box-title-row">
            <span className="f8-node-title">{labelOf(data)}</span>
            <Mark mark={mark} />
            <StatusBadge status={status} />
          </div>
          {simple ? null : (
            <div className="f8-box-sub">
              <span className="f8-node-class">{classLine(data)}</span>
              <StatsBadge stats={stats} />
            </div>
          )}
        </div>
        <div className="f8-box-ports f8-box-ports-out">
          {spec.dataOut.map((p) => <PortRow key={p.name} kind="data" dir="out" name={p.name} schema={p.schema} labelled={!simple} />)}
        </div>
      </div>
      <div className="f8-box-fields">
        <StateRows fields={spec.fields} state={node.state} live={live} connected={connected} expanded={expanded && !simple} onToggle={toggle} />
      </div>
      <FailureNote status={status} />
      {spec.problem ? <div className="f8-node-issue is-error" role="note">{spec.problem}</div> : <Issues issues={issues} />}
    </div>
  );
});
