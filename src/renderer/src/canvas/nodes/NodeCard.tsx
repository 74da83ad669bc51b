// Service and operator nodes: header (label, class, plan mark), ports by kind, state fields
// shown on the node, command buttons, and the first problem. Memoised: a node re-renders only
// when its own data changes.
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { F8Node } from '../../graph/flow';
import { PortRow } from './Port';
import { Commands, Issues, Mark, StateRows } from './parts';
import { CookBadge, FailureNote, StatsBadge, StatusBadge } from './live-parts';
import { useNodeLive, useOperatorStats } from './useLive';
import { useConnectedFields, useFieldsExpanded, useReferencedPorts, useSimplified } from './useNodeView';
import { parseHandle } from '../../graph/handles';
import type { NodeSpec } from '../../graph/spec';

export function labelOf(data: F8Node['data']): string {
  return data.node.label || data.spec.classLabel || data.node.nodeId;
}

/** The class under the title, with the instance id of a service node. */
export function classLine(data: F8Node['data']): string {
  return `${data.spec.cls}${data.node.kind === 'service' ? ` · ${data.node.nodeId}` : ''}`;
}

/** Ports edges point at that the node does not have (a removed extra port, a changed class): drawn as red ghosts so the broken wire shows. */
function missingPorts(spec: NodeSpec, referenced: string[]): { kind: 'data' | 'exec'; dir: 'in' | 'out'; name: string }[] {
  const has = (kind: string, dir: string, name: string) => (kind === 'data' ? (dir === 'in' ? spec.dataIn : spec.dataOut) : dir === 'in' ? spec.execIn : spec.execOut).some((p) => p.name === name);
  return referenced.flatMap((h) => {
    const p = parseHandle(h);
    if (!p || p.kind === 'state' || has(p.kind, p.dir, p.port)) return [];
    return [{ kind: p.kind, dir: p.dir, name: p.port }];
  });
}

export const NodeCard = memo(function NodeCard({ id, data, selected }: NodeProps<F8Node>) {
  const { spec, node, issues, mark } = data;
  const simple = useSimplified();
  const connected = useConnectedFields(id);
  const [expanded, toggle] = useFieldsExpanded(id);
  const ghosts = missingPorts(spec, useReferencedPorts(id));
  const { instanceId, status, stats, live } = useNodeLive(id, node, spec.engineId);
  const op = useOperatorStats(node.kind === 'operator' ? spec.engineId : undefined, id);
  const hasError = !!issues?.some((i) => i.severity === 'error') || !spec.known || !!status?.failure;
  const cls = `f8-node f8-node-${spec.shape}${selected ? ' is-selected' : ''}${hasError ? ' has-error' : ''}${simple ? ' is-simple' : ''}${status?.stale ? ' is-stale' : ''}`;
  const rows = Math.max(spec.dataIn.length + spec.execIn.length, spec.dataOut.length + spec.execOut.length) + ghosts.length;
  return (
    <div className={cls} data-node-id={id} data-testid={`node-${id}`}>
      <div className="f8-node-header">
        <span className="f8-node-title">{labelOf(data)}</span>
        <Mark mark={mark} />
      </div>
      {simple ? null : (
        <div className="f8-node-sub">
          <span className="f8-node-class">{classLine(data)}</span>
          <StatusBadge status={status} />
        </div>
      )}
      {simple ? null : node.kind === 'operator' ? <CookBadge op={op} /> : <StatsBadge stats={stats} />}
      {rows > 0 ? (
        <div className="f8-ports">
          <div className="f8-ports-in">
            {spec.execIn.map((p) => <PortRow key={`x${p.name}`} kind="exec" dir="in" name={p.name} labelled={!simple} />)}
            {spec.dataIn.map((p) => <PortRow key={`d${p.name}`} kind="data" dir="in" name={p.name} schema={p.schema} description={p.description} labelled={!simple} />)}
            {ghosts.filter((g) => g.dir === 'in').map((g) => <PortRow key={`g${g.kind}${g.name}`} kind={g.kind} dir="in" name={g.name} description="this port does not exist: the wire is broken" labelled={!simple} invalid />)}
          </div>
          <div className="f8-ports-out">
            {spec.execOut.map((p) => <PortRow key={`x${p.name}`} kind="exec" dir="out" name={p.name} labelled={!simple} />)}
            {spec.dataOut.map((p) => <PortRow key={`d${p.name}`} kind="data" dir="out" name={p.name} schema={p.schema} description={p.description} labelled={!simple} />)}
            {ghosts.filter((g) => g.dir === 'out').map((g) => <PortRow key={`g${g.kind}${g.name}`} kind={g.kind} dir="out" name={g.name} description="this port does not exist: the wire is broken" labelled={!simple} invalid />)}
          </div>
        </div>
      ) : null}
      <StateRows fields={spec.fields} state={node.state} live={live} connected={connected} expanded={expanded && !simple} onToggle={toggle} />
      {simple ? null : <Commands instanceId={instanceId} commands={spec.commands} />}
      {simple ? null : <FailureNote status={status} />}
      {simple ? null : spec.problem ? <div className="f8-node-issue is-error" role="note">{spec.problem}</div> : <Issues issues={issues} />}
    </div>
  );
});
