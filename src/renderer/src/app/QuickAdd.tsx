// Quick-add at the cursor (double-click, Tab, Ctrl+K, or a wire dropped on empty canvas): a
// searchable list (cmdk); from a wire, only nodes with a compatible port, connected on pick.
import { useMemo, useState } from 'react';
import { Command } from 'cmdk';
import { useShallow } from 'zustand/react/shallow';
import { placeNear } from '../canvas/placement';
import { canvasParent, positionOf } from '../graph/geometry';
import { estimateSize } from '../graph/placement';
import { nodeSpec } from '../graph/spec';
import { templateKey } from '../graph/create';
import { quickAddChoice, type QuickAddChoice } from '../graph/quick-add';
import { paletteItems, searchItems, type PaletteItem } from '../panels/palette-items';
import { useEditor, useEditorInstance } from '../store/context';

export function QuickAdd() {
  const { req, entries, graph, catalog, compileCatalog, openQuickAdd, running } = useEditor(
    useShallow((s) => ({ req: s.quickAdd, entries: s.entries, graph: s.graph, catalog: s.catalogIndex, compileCatalog: s.compileCatalog, openQuickAdd: s.openQuickAdd, running: s.runningEngines })),
  );
  const { store, canvas } = useEditorInstance();
  const close = () => openQuickAdd(null);
  const [query, setQuery] = useState('');
  const container = useMemo(() => {
    const flow = canvas.get()?.flow;
    if (!req || !flow) return undefined;
    const hits = flow.getIntersectingNodes({ x: req.flow.x, y: req.flow.y, width: 1, height: 1 }).filter((n) => n.type === 'engine' || n.type === 'container');
    return hits[hits.length - 1]?.id;
  }, [req, canvas]);
  const options = useMemo(() => {
    if (!req) return [];
    const out: { item: PaletteItem; choice: QuickAddChoice }[] = [];
    for (const item of paletteItems(entries, running)) {
      const c = quickAddChoice(item.template, graph, catalog, compileCatalog, req.flow, container, req.from);
      if (!('error' in c)) out.push({ item, choice: c });
    }
    return out;
  }, [req, entries, graph, catalog, compileCatalog, container, running]);
  if (!req) return null;
  const shown = searchItems(
    options.map((o) => o.item),
    query,
  ).map((item) => options.find((o) => o.item === item) as (typeof options)[number]);
  const pick = (o: (typeof options)[number]) => {
    const s = store.getState();
    // at the pointer, or the nearest free spot to it
    const node = structuredClone(o.choice.node);
    const next = { ...s.graph, nodes: [...s.graph.nodes, node] };
    const size = estimateSize(node, nodeSpec(node, next, new Map(next.nodes.map((n) => [n.nodeId, n] as const)), s.catalogIndex));
    node.position = placeNear(canvas.get(), s.graph, canvasParent(node), positionOf(node), size);
    const ops = [{ type: 'addNode' as const, node }, ...(o.choice.edge ? [{ type: 'addEdge' as const, edge: o.choice.edge }] : [])];
    const err = s.apply({ type: 'batch', ops });
    if (err) s.notify('error', err);
    else s.select([node.nodeId], []);
    setQuery('');
    close();
  };
  const left = Math.min(req.screen.x, window.innerWidth - 340);
  const top = Math.min(req.screen.y, window.innerHeight - 380);
  return (
    <div className="f8-quickadd-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <Command className="f8-quickadd" style={{ left, top }} label="Add node" shouldFilter={false} onKeyDown={(e) => e.key === 'Escape' && close()}>
        <Command.Input
          autoFocus
          value={query}
          onValueChange={setQuery}
          placeholder={req.from ? 'Add a node that connects here…' : container ? 'Add a node (operators go into this engine)…' : 'Add a node…'}
          aria-label="Search nodes to add"
        />
        <Command.List>
          <Command.Empty>{req.from ? 'No node has a port that fits this wire.' : 'Nothing matches.'}</Command.Empty>
          {shown.map((o) => (
            <Command.Item key={templateKey(o.item.template)} value={templateKey(o.item.template)} onSelect={() => pick(o)}>
              <span className="f8-palette-label">{o.item.label}</span>
              <span className="f8-palette-class">{o.item.group === 'Operators' ? `operator · ${o.item.cls}` : o.item.cls}</span>
            </Command.Item>
          ))}
        </Command.List>
      </Command>
    </div>
  );
}
