// The parts every side and bottom panel shares: the rail shown while a side panel is collapsed,
// its hide button, and the splitter that resizes a panel within PANEL_LIMITS.
import { useEditor } from '../store/context';
import { PANEL_LIMITS, type PanelLayout } from '../store/panels';
import { Splitter } from '../ui/Splitter';

type Side = 'palette' | 'inspector';
type Panel = keyof typeof PANEL_LIMITS;

const OPEN = { palette: 'paletteOpen', inspector: 'inspectorOpen' } as const satisfies Record<Side, keyof PanelLayout>;
const SIZE = { palette: 'paletteWidth', inspector: 'inspectorWidth', bottom: 'bottomHeight' } as const satisfies Record<Panel, keyof PanelLayout>;
/** Moving right/down grows the palette and shrinks the inspector and the bottom panel. */
const GROW = { palette: 1, inspector: -1, bottom: -1 } as const;

/** A collapsed side panel: a rail with the panel's name that opens it again. */
export function PanelRail({ panel, label, arrow }: { panel: Side; label: string; arrow: string }) {
  const setPanels = useEditor((s) => s.setPanels);
  return (
    <aside className={`f8-${panel} is-collapsed`} aria-label={label}>
      <button type="button" className="f8-rail-button" aria-label={`Show ${panel}`} aria-expanded={false} title={`Show the ${panel}`} onClick={() => setPanels({ [OPEN[panel]]: true })}>
        <span aria-hidden="true">{arrow}</span>
        <span className="f8-rail-text" aria-hidden="true">
          {label}
        </span>
      </button>
    </aside>
  );
}

/** The button that collapses a side panel to its rail. */
export function PanelHide({ panel, arrow, className = 'f8-collapse' }: { panel: Side; arrow: string; className?: string }) {
  const setPanels = useEditor((s) => s.setPanels);
  return (
    <button
      type="button"
      className={className}
      aria-label={`Hide ${panel}`}
      aria-expanded={true}
      title={`Hide the ${panel} (more room for the canvas)`}
      onClick={() => setPanels({ [OPEN[panel]]: false })}
    >
      <span aria-hidden="true">{arrow}</span>
    </button>
  );
}

/** The handle that resizes a panel (width of a side panel, height of the bottom one). */
export function PanelSplitter({ panel, label, className }: { panel: Panel; label: string; className: string }) {
  const value = useEditor((s) => s.panels[SIZE[panel]]);
  const setPanels = useEditor((s) => s.setPanels);
  const [min, max] = PANEL_LIMITS[panel];
  return <Splitter label={label} axis={panel === 'bottom' ? 'y' : 'x'} value={value} min={min} max={max} grow={GROW[panel]} onChange={(v) => setPanels({ [SIZE[panel]]: v })} className={className} />;
}
