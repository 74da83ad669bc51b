// The bottom panel: Problems, Deploy, Logs, Plots, Stats as tabs (one open at a time).
import { useShallow } from 'zustand/react/shallow';
import { useEditor, useEditorStore } from '../../store/context';
import type { BottomTab } from '../../store/view';
import { Problems } from '../Problems';
import { PanelSplitter } from '../PanelChrome';
import { DeployPanel } from './DeployPanel';
import { LogsPanel } from './LogsPanel';
import { PlotsPanel } from './PlotsPanel';
import { StatsPanel } from './StatsPanel';

// Each tab's label and panel in one place; the Record makes every BottomTab have both.
const TABS: Record<BottomTab, { label: string; Panel: () => React.ReactNode }> = {
  problems: { label: 'Problems', Panel: Problems },
  deploy: { label: 'Deploy', Panel: DeployPanel },
  logs: { label: 'Logs', Panel: LogsPanel },
  plots: { label: 'Plots', Panel: PlotsPanel },
  stats: { label: 'Stats', Panel: StatsPanel },
};
const TAB_IDS = Object.keys(TABS) as BottomTab[]; // in the order written above

export function BottomPanel() {
  const { tab, open, errors, deploying, failed } = useEditor(
    useShallow((s) => ({
      tab: s.bottomTab,
      open: s.bottomOpen,
      errors: s.analysis.errors,
      deploying: !!s.deployRun && !s.deployRun.outcome,
      failed: !!s.deployRun?.outcome && !s.deployRun.outcome.ok,
    })),
  );
  const store = useEditorStore();
  const { Panel } = TABS[tab];
  const pick = (id: BottomTab) => {
    const s = store.getState();
    if (id === tab) s.setBottomOpen(!open);
    else s.setBottomTab(id);
  };
  return (
    <footer className="f8-bottom">
      {open ? <PanelSplitter panel="bottom" label="Bottom panel height" className="f8-splitter-top" /> : null}
      <div className="f8-tabs">
        <div className="f8-tablist" role="tablist" aria-label="Panels">
          {TAB_IDS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`f8-tab-${id}`}
              aria-selected={open && tab === id}
              aria-controls="f8-bottom-panel"
              className={`f8-tab${open && tab === id ? ' is-active' : ''}`}
              onClick={() => pick(id)}
            >
              {TABS[id].label}
              {id === 'problems' && errors ? <span className="f8-badge">{errors}</span> : null}
              {id === 'deploy' && deploying ? (
                <span className="f8-badge is-busy" role="img" aria-label="deploying">
                  …
                </span>
              ) : null}
              {id === 'deploy' && failed ? (
                <span className="f8-badge" role="img" aria-label="failed">
                  !
                </span>
              ) : null}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="f8-collapse f8-bottom-toggle"
          aria-label={open ? 'Hide bottom panel' : 'Show bottom panel'}
          aria-expanded={open}
          title={open ? 'Hide the bottom panel (more room for the canvas)' : 'Show the bottom panel'}
          onClick={() => store.getState().setBottomOpen(!open)}
        >
          <span aria-hidden="true">{open ? '▾' : '▴'}</span>
        </button>
      </div>
      {open ? (
        <div id="f8-bottom-panel" role="tabpanel" aria-labelledby={`f8-tab-${tab}`} className="f8-bottom-panel">
          <Panel />
        </div>
      ) : null}
    </footer>
  );
}
