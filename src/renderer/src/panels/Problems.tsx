// Problems (bottom panel): the live compile's diagnostics; a click selects the node or edge and
// centres it on the canvas.
import { useShallow } from 'zustand/react/shallow';
import type { Diagnostic } from '../../../shared/compiler';
import { edgeIdOf } from '../../../shared/graph';
import { humanize } from '../graph/humanize';
import { useEditor, useEditorInstance } from '../store/context';
import type { Editor } from '../store/editor';

function reveal(editor: Editor, d: Diagnostic): void {
  const s = editor.store.getState();
  const flow = editor.canvas.get()?.flow;
  if (d.edgeId !== undefined) {
    const edge = s.graph.edges.find((e) => edgeIdOf(e) === d.edgeId);
    s.select([], [d.edgeId]);
    if (edge && flow) void flow.fitView({ nodes: [{ id: edge.from.nodeId }, { id: edge.to.nodeId }], padding: 0.6, duration: 250, maxZoom: 1.2 });
  } else if (d.nodeId !== undefined) {
    s.select([d.nodeId], []);
    if (flow) void flow.fitView({ nodes: [{ id: d.nodeId }], padding: 0.8, duration: 250, maxZoom: 1.2 });
  }
}

export function Problems() {
  const editor = useEditorInstance();
  const { diagnostics, errors, warnings, graph, catalog } = useEditor(
    useShallow((s) => ({ diagnostics: s.analysis.diagnostics, errors: s.analysis.errors, warnings: s.analysis.warnings, graph: s.graph, catalog: s.catalogIndex })),
  );
  return (
    <section className="f8-problems" aria-label="Problems">
      {diagnostics.length === 0 ? (
        <p className="f8-muted f8-ok">No problems: the graph compiles.</p>
      ) : (
        <>
          <p className="f8-muted">
            {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
          </p>
          <ul>
            {diagnostics.map((d, i) => (
              <li key={`${d.code}:${d.nodeId ?? ''}:${d.edgeId ?? ''}:${i}`}>
                <button type="button" className={`f8-problem is-${d.severity}`} onClick={() => reveal(editor, d)}>
                  <span className="f8-problem-sev">{d.severity}</span>
                  <span className="f8-problem-msg">{humanize(d.message, graph, catalog)}</span>
                  <span className="f8-problem-where">{d.edgeId ? 'edge' : d.nodeId ? humanize(d.nodeId, graph, catalog) : 'graph'}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
