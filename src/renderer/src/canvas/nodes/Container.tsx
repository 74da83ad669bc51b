// Engines and containers: resizable boxes that hold operator nodes (React Flow sub flows).
// The head block (title, the engine's own ports, its fields on the node) sits above the
// operators; its measured height tells auto-layout and placement where the operators start. A
// failed deploy or a problem replaces the class line in the head (one line, the rest on hover),
// so it is never drawn under the operators.
import { memo, useEffect, useMemo, useRef } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import type { F8Node } from '../../graph/flow';
import { CONTAINER_MIN } from '../../graph/geometry';
import { PortRow } from './Port';
import { Mark, StateRows } from './parts';
import { classLine, labelOf } from './labels';
import { StatsBadge, StatusBadge } from './live-parts';
import { useNodeLive } from './useLive';
import { useFieldsExpanded } from './useNodeView';
import { useEditorInstance } from '../../store/context';

export const ContainerNode = memo(function ContainerNode({ id, data, selected }: NodeProps<F8Node>) {
  const { spec, node, issues, mark } = data;
  const simple = !!data.simple;
  const [expanded, toggle] = useFieldsExpanded(id);
  const { status, stats, live, connected: fields } = useNodeLive(id, node, spec.engineId);
  const connected = useMemo(() => new Set(fields), [fields]);
  const head = useRef<HTMLDivElement>(null);
  const { headHeights } = useEditorInstance();
  useEffect(() => {
    const el = head.current;
    if (!el) return;
    const report = () => void headHeights.set(id, el.offsetHeight);
    report();
    const ro = new ResizeObserver(report);
    ro.observe(el);
    return () => {
      ro.disconnect();
      headHeights.delete(id);
    };
  }, [id, headHeights]);
  const errors = issues?.filter((i) => i.severity === 'error') ?? [];
  const failure = status?.failure;
  const problem = failure ? `deploy of revision ${failure.revision} failed: ${failure.error}` : (spec.problem ?? errors[0]?.message ?? issues?.[0]?.message ?? null);
  const problemTitle = failure ? [problem, ...failure.log.slice(-8)].join('\n') : spec.problem ? problem : (issues ?? []).map((i) => i.message).join('\n');
  const hasError = errors.length > 0 || !spec.known || !!failure;
  return (
    <div className={`f8-box f8-box-${spec.shape}${selected ? ' is-selected' : ''}${hasError ? ' has-error' : ''}${status?.stale ? ' is-stale' : ''}`} data-node-id={id} data-testid={`node-${id}`}>
      <NodeResizer isVisible={!!selected} minWidth={CONTAINER_MIN.width} minHeight={CONTAINER_MIN.height} lineClassName="f8-resize-line" handleClassName="f8-resize-handle" />
      <div className="f8-box-head" ref={head}>
        <div className="f8-box-header">
          <div className="f8-box-ports">
            {spec.dataIn.map((p) => (
              <PortRow key={p.name} kind="data" dir="in" name={p.name} schema={p.schema} labelled={!simple} />
            ))}
          </div>
          <div className="f8-box-title">
            <div className="f8-box-title-row">
              <span className="f8-node-title">{labelOf(data)}</span>
              <Mark mark={mark} />
              <StatusBadge status={status} />
            </div>
            {simple ? null : problem ? (
              <div
                className={`f8-box-problem${hasError ? ' is-error' : ' is-warning'}`}
                role={failure ? 'alert' : 'note'}
                title={problemTitle ?? undefined}
                data-error-badge={hasError ? 'true' : undefined}
              >
                {problem}
              </div>
            ) : (
              <div className="f8-box-sub">
                <span className="f8-node-class">{classLine(data)}</span>
                <StatsBadge stats={stats} />
              </div>
            )}
          </div>
          <div className="f8-box-ports f8-box-ports-out">
            {spec.dataOut.map((p) => (
              <PortRow key={p.name} kind="data" dir="out" name={p.name} schema={p.schema} labelled={!simple} />
            ))}
          </div>
        </div>
        <div className="f8-box-fields">
          <StateRows fields={spec.fields} state={node.state} live={live} connected={connected} expanded={expanded && !simple} onToggle={toggle} />
        </div>
      </div>
    </div>
  );
});
