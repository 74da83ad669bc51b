// Service and operator nodes: header (label, class, plan mark), ports by kind, state fields
// shown on the node, command buttons, and the first problem; below the zoom threshold the
// simplified box (SimpleNode). Memoised: a node re-renders only when its own data changes, and
// its live data comes through the canvas's keyed feed (useNodeLive).
import { memo, useMemo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { F8Node } from '../../graph/flow';
import { PortRow } from './Port';
import { Commands, Issues, Mark, StateRows } from './parts';
import { CookBadge, FailureNote, StatsBadge, StatusBadge } from './live-parts';
import { useNodeLive } from './useLive';
import { useFieldsExpanded } from './useNodeView';
import { SimpleNode } from './SimpleNode';
import { classLine, labelOf } from './labels';
import { parseHandle } from '../../graph/handles';
import type { NodeSpec } from '../../graph/spec';

export { classLine, labelOf };

type Ghost = { kind: 'data' | 'exec'; dir: 'in' | 'out'; name: string };

/** Ports edges point at that the node does not have (a removed extra port, a changed class): drawn as red ghosts so the broken wire shows. */
function missingPorts(spec: NodeSpec, referenced: string[]): Ghost[] {
  const has = (kind: string, dir: string, name: string) => (kind === 'data' ? (dir === 'in' ? spec.dataIn : spec.dataOut) : dir === 'in' ? spec.execIn : spec.execOut).some((p) => p.name === name);
  return referenced.flatMap((h) => {
    const p = parseHandle(h);
    if (!p || p.kind === 'state' || has(p.kind, p.dir, p.port)) return [];
    return [{ kind: p.kind, dir: p.dir, name: p.port }];
  });
}

/** One side of the node: its exec ports, its data ports, then the ghosts of missing ports on that side. */
function PortColumn({ dir, exec, data, ghosts }: { dir: 'in' | 'out'; exec: NodeSpec['execIn']; data: NodeSpec['dataIn']; ghosts: Ghost[] }) {
  return (
    <div className={`f8-ports-${dir}`}>
      {exec.map((p) => (
        <PortRow key={`x${p.name}`} kind="exec" dir={dir} name={p.name} />
      ))}
      {data.map((p) => (
        <PortRow key={`d${p.name}`} kind="data" dir={dir} name={p.name} schema={p.schema} description={p.description} />
      ))}
      {ghosts
        .filter((g) => g.dir === dir)
        .map((g) => (
          <PortRow key={`g${g.kind}${g.name}`} kind={g.kind} dir={dir} name={g.name} description="this port does not exist: the wire is broken" invalid />
        ))}
    </div>
  );
}

export const NodeCard = memo(function NodeCard(props: NodeProps<F8Node>) {
  return props.data.simple ? <SimpleNode {...props} /> : <FullCard {...props} />;
});

const FullCard = memo(function FullCard({ id, data, selected }: NodeProps<F8Node>) {
  const { spec, node, issues, mark } = data;
  const [expanded, toggle] = useFieldsExpanded(id);
  const { instanceId, status, stats, live, op, connected: fields, referenced, runnable } = useNodeLive(id, node, spec.engineId);
  const connected = useMemo(() => new Set(fields), [fields]);
  const ghosts = missingPorts(spec, referenced);
  const hasError = !!issues?.some((i) => i.severity === 'error') || !spec.known || !!status?.failure;
  const cls = `f8-node f8-node-${spec.shape}${selected ? ' is-selected' : ''}${hasError ? ' has-error' : ''}${status?.stale ? ' is-stale' : ''}`;
  const rows = Math.max(spec.dataIn.length + spec.execIn.length, spec.dataOut.length + spec.execOut.length) + ghosts.length;
  return (
    <div className={cls} data-node-id={id} data-testid={`node-${id}`}>
      <div className="f8-node-header">
        <span className="f8-node-title">{labelOf(data)}</span>
        <Mark mark={mark} />
      </div>
      <div className="f8-node-sub">
        <span className="f8-node-class">{classLine(data)}</span>
        <StatusBadge status={status} />
      </div>
      {node.kind === 'operator' ? <CookBadge op={op} /> : <StatsBadge stats={stats} />}
      {rows > 0 ? (
        <div className="f8-ports">
          <PortColumn dir="in" exec={spec.execIn} data={spec.dataIn} ghosts={ghosts} />
          <PortColumn dir="out" exec={spec.execOut} data={spec.dataOut} ghosts={ghosts} />
        </div>
      ) : null}
      <StateRows fields={spec.fields} state={node.state} live={live} connected={connected} expanded={expanded} onToggle={toggle} />
      <Commands instanceId={instanceId} commands={spec.commands} runnable={runnable} />
      <FailureNote status={status} />
      {spec.problem ? (
        <div className="f8-node-issue is-error" role="note">
          {spec.problem}
        </div>
      ) : (
        <Issues issues={issues} />
      )}
    </div>
  );
});
