// The palette (left): search, then Services, Operators and Editor nodes; drag one onto the
// canvas (operators into an engine), or press Enter on a focused item to add it at the centre.
import { memo, useMemo, useState, type DragEvent } from 'react';
import { TEMPLATE_MIME, templateKey, type NodeTemplate } from '../graph/create';
import { useEditor } from '../store/context';
import { PanelHide, PanelRail, PanelSplitter } from './PanelChrome';
import { paletteItems, searchItems, type PaletteItem } from './palette-items';

const GROUPS: PaletteItem['group'][] = ['Services', 'Operators', 'Editor'];

const Item = memo(function Item({ item, onAdd }: { item: PaletteItem; onAdd: (t: NodeTemplate) => void }) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(TEMPLATE_MIME, JSON.stringify(item.template));
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li
      className={`f8-palette-item f8-palette-${item.template.kind}`}
      draggable
      onDragStart={onDragStart}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onAdd(item.template);
      }}
      title={`${item.description ?? item.label}\n${item.cls}${item.tags.length ? ` · ${item.tags.join(', ')}` : ''}\nDrag onto the canvas${item.template.kind === 'operator' ? ' (into an engine)' : ''}`}
      aria-label={`${item.label} (${item.cls})`}
    >
      <span className="f8-palette-label">{item.label}</span>
      <span className="f8-palette-class">{item.cls}</span>
    </li>
  );
});

export function Palette({ onAdd }: { onAdd: (t: NodeTemplate) => void }) {
  const entries = useEditor((s) => s.entries);
  const loaded = useEditor((s) => s.catalogLoaded);
  const [query, setQuery] = useState('');
  const running = useEditor((s) => s.runningEngines);
  const items = useMemo(() => paletteItems(entries, running), [entries, running]);
  const shown = useMemo(() => searchItems(items, query), [items, query]);
  const open = useEditor((s) => s.panels.paletteOpen);
  if (!open) return <PanelRail panel="palette" label="Palette" arrow="›" />;
  return (
    <aside className="f8-palette" aria-label="Palette">
      <div className="f8-panel-head">
        <input className="f8-search" type="search" placeholder="Search nodes" aria-label="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} />
        <PanelHide panel="palette" arrow="‹" />
      </div>
      <PanelSplitter panel="palette" label="Palette width" className="f8-splitter-right" />
      <div className="f8-palette-scroll">
        {!loaded ? <p className="f8-muted">Loading the catalog…</p> : null}
        {GROUPS.map((g) => {
          const list = shown.filter((i) => i.group === g);
          if (!list.length) return null;
          return (
            <section key={g} aria-label={g}>
              <h2 className="f8-palette-group">
                {g} <span className="f8-count">{list.length}</span>
              </h2>
              <ul>
                {list.map((i) => (
                  <Item key={templateKey(i.template)} item={i} onAdd={onAdd} />
                ))}
              </ul>
            </section>
          );
        })}
        {loaded && shown.length === 0 ? <p className="f8-muted">Nothing matches “{query}”.</p> : null}
      </div>
    </aside>
  );
}
