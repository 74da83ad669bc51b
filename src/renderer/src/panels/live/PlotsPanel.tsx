// Plots (bottom panel): a larger live chart of every plot and display editor node's series.
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store';
import { LivePlot } from '../../canvas/nodes/LivePlot';

export function PlotsPanel() {
  const plots = useEditor(useShallow((s) => s.graph.nodes.filter((n) => n.kind === 'editor' && (n.editorClass === 'plot' || n.editorClass === 'display')).map((n) => `${n.nodeId}\u0000${n.label ?? n.nodeId}\u0000${typeof n.state?.window === 'number' ? n.state.window : 10}`)));
  if (!plots.length) return <section className="f8-panel-body" aria-label="Plots"><p className="f8-muted">No plots yet. Add a Plot node from the palette (Editor) and wire a data output to it, or use “Plot” on a port.</p></section>;
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
