// The inspector (right): the selected node's label, restart policy, state fields (forms from
// their schemas), extra ports and commands; the selected edge's options; with nothing
// selected, the graph's name and id.
import { useShallow } from 'zustand/react/shallow';
import { edgeIdOf } from '../../../shared/graph';
import type { GraphEdge, GraphNode, RestartPolicy } from '../../../shared/types';
import { nodeSpec } from '../graph/spec';
import { hostOf } from '../graph/flow';
import { useCommandContext, useEditor } from '../store/context';
import { runCommand } from '../commands/registry';
import { humanize } from '../graph/humanize';
import { Commands } from './inspector/Commands';
import { InstanceControls } from './inspector/InstanceControls';
import { StateFields } from './inspector/StateFields';
import { EdgeOptions } from './EdgeOptions';
import { ExtraPorts } from './ExtraPorts';
import { TextProp } from './TextProp';
import { History } from './inspector/History';
import { PanelHide, PanelRail, PanelSplitter } from './PanelChrome';
import { Field, SelectField } from '../ui/Field';

const RESTART_POLICIES: { value: RestartPolicy; label: string }[] = [
  { value: 'on-failure', label: 'on failure (default)' },
  { value: 'always', label: 'always' },
  { value: 'never', label: 'never' },
];

/** What the node is, in words: the instance id of a service (people name instances), the engine an operator runs in; never a generated id. */
function kindLine(node: GraphNode, classLabel: string, byId: ReadonlyMap<string, GraphNode>): React.ReactNode {
  if (node.kind === 'service')
    return (
      <>
        {classLabel} · instance <code>{node.nodeId}</code>
      </>
    );
  if (node.kind === 'editor') return `${classLabel} · shown in this editor`;
  const parent = byId.get(node.parentId);
  const where = parent ? parent.label || (parent.kind === 'service' ? parent.nodeId : parent.kind === 'operator' ? parent.operatorClass : 'its engine') : 'its engine';
  return `${classLabel} operator in ${where}`;
}

function NodeInspector({ node }: { node: GraphNode }) {
  const ctx = useCommandContext();
  const { graph, catalog, apply, issues } = useEditor(useShallow((s) => ({ graph: s.graph, catalog: s.catalogIndex, apply: s.apply, issues: s.analysis.nodeIssues.get(node.nodeId) })));
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  const spec = nodeSpec(node, graph, byId, catalog);
  return (
    <>
      <header className="f8-inspector-head">
        <h2>{node.label || spec.classLabel}</h2>
        <div className="f8-muted" title={`${spec.cls} · id ${node.nodeId}`}>
          {kindLine(node, spec.classLabel, byId)}
        </div>
      </header>
      {spec.problem ? (
        <p className="f8-field-error" role="alert">
          {spec.problem}
        </p>
      ) : null}
      {issues?.map((d, i) => (
        <p key={i} className={d.severity === 'error' ? 'f8-field-error' : 'f8-field-help'}>
          {d.message}
        </p>
      ))}
      <section aria-label="Node">
        <TextProp label="Label" value={node.label ?? ''} placeholder={spec.classLabel} onCommit={(v) => apply({ type: 'setNodeLabel', nodeId: node.nodeId, ...(v ? { label: v } : {}) })} />
        {node.kind === 'service' ? (
          <SelectField
            id="f8-restart"
            label="Restart policy"
            value={node.restartPolicy ?? 'on-failure'}
            options={RESTART_POLICIES}
            onChange={(v) => apply({ type: 'setNodeProps', nodeId: node.nodeId, props: { restartPolicy: v } })}
          />
        ) : null}
      </section>
      {node.kind === 'service' ? <InstanceControls instanceId={node.nodeId} /> : null}
      {spec.fields.length ? <StateFields node={node} fields={spec.fields} host={node.kind === 'service' ? node.nodeId : spec.engineId} /> : null}
      {node.kind === 'service' && spec.commands.length ? <Commands instanceId={node.nodeId} commands={spec.commands} /> : null}
      {node.kind !== 'editor' && spec.dataOut.length ? (
        <section aria-label="Outputs">
          <h3>Data outputs</h3>
          <ul className="f8-outputs">
            {spec.dataOut.map((p) => (
              <li key={p.name}>
                <span>{p.name}</span>
                <button
                  type="button"
                  className="f8-cmd"
                  aria-label={`Plot ${p.name}`}
                  title="Add a plot node wired to this output"
                  onClick={() => void runCommand('graph.plotPort', { nodeId: node.nodeId, port: p.name, title: node.label || spec.classLabel }, ctx)}
                >
                  Plot
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ExtraPorts node={node} spec={spec} />
    </>
  );
}

function EdgeInspector({ edge }: { edge: GraphEdge }) {
  const { graph, issues, catalog } = useEditor(useShallow((s) => ({ graph: s.graph, issues: s.analysis.edgeIssues.get(edgeIdOf(edge)), catalog: s.catalogIndex })));
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
  const from = byId.get(edge.from.nodeId);
  const to = byId.get(edge.to.nodeId);
  const cross = !!from && !!to && hostOf(from, byId, graph) !== hostOf(to, byId, graph);
  return (
    <>
      <header className="f8-inspector-head">
        <h2>{edge.kind === 'data' ? 'Data edge' : edge.kind === 'state' ? 'State edge' : 'Exec edge'}</h2>
        <div className="f8-muted">
          {humanize(edge.from.nodeId, graph, catalog)}.{edge.from.port} → {humanize(edge.to.nodeId, graph, catalog)}.{edge.to.port}
        </div>
      </header>
      {issues?.map((d, i) => (
        <p key={i} className="f8-field-error" role="alert">
          {humanize(d.message, graph, catalog)}
        </p>
      ))}
      {edge.kind === 'data' && cross ? (
        <EdgeOptions edge={edge} />
      ) : (
        <p className="f8-field-help">
          {edge.kind === 'data'
            ? 'Inside one instance: values pass directly, no bus options.'
            : edge.kind === 'state'
              ? 'The target field follows the source field.'
              : 'Runs the target after the source, each tick.'}
        </p>
      )}
    </>
  );
}

function GraphInspector() {
  const { graph, apply, deployed } = useEditor(useShallow((s) => ({ graph: s.graph, apply: s.apply, deployed: s.deployed })));
  return (
    <>
      <header className="f8-inspector-head">
        <h2>Graph</h2>
        <div className="f8-muted">
          {graph.nodes.length} nodes · {graph.edges.length} edges
        </div>
      </header>
      <TextProp label="Name" value={graph.name ?? ''} placeholder="Untitled" onCommit={(v) => apply({ type: 'setGraphName', ...(v ? { name: v } : {}) })} />
      <Field label="Graph id">
        <code className="f8-readonly">{graph.graphId}</code>
      </Field>
      <Field label="Deployed">
        <span className="f8-readonly">{deployed ? `revision ${deployed.revision}${deployed.deployedAt ? ` · ${new Date(deployed.deployedAt).toLocaleString()}` : ''}` : 'nothing deployed yet'}</span>
      </Field>
      <History />
    </>
  );
}

export function Inspector() {
  const { graph, selectedNodes, selectedEdges } = useEditor(useShallow((s) => ({ graph: s.graph, selectedNodes: s.selectedNodes, selectedEdges: s.selectedEdges })));
  const open = useEditor((s) => s.panels.inspectorOpen);
  const count = selectedNodes.size + selectedEdges.size;
  let body: React.ReactNode;
  if (count === 0) body = <GraphInspector />;
  else if (count > 1)
    body = (
      <p className="f8-muted">
        {selectedNodes.size} nodes and {selectedEdges.size} edges selected.
      </p>
    );
  else if (selectedNodes.size === 1) {
    const node = graph.nodes.find((n) => selectedNodes.has(n.nodeId));
    body = node ? <NodeInspector key={node.nodeId} node={node} /> : null;
  } else {
    const edge = graph.edges.find((e) => selectedEdges.has(edgeIdOf(e)));
    body = edge ? <EdgeInspector key={edgeIdOf(edge)} edge={edge} /> : null;
  }
  if (!open) return <PanelRail panel="inspector" label="Inspector" arrow="‹" />;
  return (
    <aside className="f8-inspector" aria-label="Inspector">
      <PanelSplitter panel="inspector" label="Inspector width" className="f8-splitter-left" />
      <PanelHide panel="inspector" arrow="›" className="f8-collapse f8-collapse-corner" />
      <div className="f8-inspector-body">{body}</div>
    </aside>
  );
}
