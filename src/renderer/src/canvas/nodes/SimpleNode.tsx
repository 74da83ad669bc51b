// The drawing below the zoom threshold: a box with the node's label, its status word (or what
// it is when nothing runs) and the status as the box's colour; a handle only where an edge
// ends (wires cannot start at this zoom, so there is nothing else to grab). Two elements and a
// text, against some twenty for the full card.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { F8Node } from '../../graph/flow';
import { BOX_IN, BOX_OUT } from '../../graph/simple';
import { useFeedStatus } from './useLive';
import { labelOf } from './labels';

/** The text cut to n characters (the box draws no clip: see app/simple.css). */
export function cut(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

const MARK_WORD = { start: 'start on deploy', reconfigure: 'reconfigure on deploy', restart: 'restart on deploy', stop: 'stop on deploy' } as const;

export const SimpleNode = memo(function SimpleNode({ id, data, selected }: NodeProps<F8Node>) {
  const { spec, node, issues, mark } = data;
  const status = useFeedStatus(node.kind === 'service' ? node.nodeId : null);
  const error = !!issues?.some((i) => i.severity === 'error') || !spec.known || !!status?.failure;
  // the status word when it has one, else what it is (its instance id, or its class)
  const line = cut(status ? status.word : node.kind === 'service' ? node.nodeId : spec.cls, 15);
  const cls = `f8-simple f8-simple-${spec.shape} f8-tone-${status?.tone ?? 'none'}${selected ? ' is-selected' : ''}${error ? ' has-error' : ''}${status?.stale ? ' is-stale' : ''}`;
  const title = [
    labelOf(data),
    node.kind === 'service' ? node.nodeId : spec.cls,
    status ? `status: ${status.word}` : null,
    mark ? MARK_WORD[mark.action] : null,
    issues?.[0]?.message ?? spec.problem ?? null,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div className={cls} data-node-id={id} data-testid={`node-${id}`} data-status={status?.word} data-mark={mark?.action} title={title}>
      {data.boxIn ? <Handle id={BOX_IN} type="target" position={Position.Left} isConnectable={false} className="f8-handle-box" /> : null}
      <span className="f8-node-title">{cut(labelOf(data), 22)}</span>
      {line}
      {data.boxOut ? <Handle id={BOX_OUT} type="source" position={Position.Right} isConnectable={false} className="f8-handle-box" /> : null}
    </div>
  );
});
