// Plots (bottom panel): a larger live chart of every plot and display editor node's series.
import { useShallow } from 'zustand/react/shallow';
import type { GraphNode, ServiceGraph } from '../../../../shared/types';
import { useEditor } from '../../store/context';
import { LivePlot } from '../../canvas/nodes/LivePlot';

/** A plot's title: its label, else what is wired into it ("Smooth · value"), never its id. */
export function plotTitle(graph: ServiceGraph, n: GraphNode): string {
  if (n.label) return n.label;
  const kind = n.kind === 'editor' && n.editorClass === 'display' ? 'Display' : 'Plot';
  const e = graph.edges.find((x) => x.to.nodeId === n.nodeId);
  const src = e && graph.nodes.find((x) => x.nodeId === e.from.nodeId);
  if (!e || !src) return `${kind} (nothing wired in)`;
  const name = src.label || (src.kind === 'service' ? src.nodeId : src.kind === 'operator' ? src.operatorClass : src.editorClass);
  return `${name} · ${e.from.port}`;
}

export function PlotsPanel() {
  const plots = useEditor(
    useShallow((s) =>
      s.graph.nodes
        .filter((n) => n.kind === 'editor' && (n.editorClass === 'plot' || n.editorClass === 'display'))
        .map((n) => `${n.nodeId}\u0000${plotTitle(s.graph, n)}\u0000${typeof n.state?.window === 'number' ? n.state.window : 10}`),
    ),
  );
  if (!plots.length)
    return (
      <section className="f8-panel-body" aria-label="Plots">
        <p className="f8-muted">No plots yet. Add a Plot node from the palette (Editor) and wire a data output to it, or use “Plot” on a port.</p>
      </section>
    );
  return (
    <section className="f8-panel-body f8-plots" aria-label="Plots">
      {plots.map((p) => {
        const [id, label, win] = p.split('\u0000') as [string, string, string];
        return (
          <figure key={id} className="f8-plot-card">
            <figcaption>{label}</figcaption>
            <LivePlot nodeId={id} windowS={Number(win)} width={380} height={140} label={label} />
          </figure>
        );
      })}
    </section>
  );
}
