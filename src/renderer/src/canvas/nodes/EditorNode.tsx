// Editor nodes (plot, display, slider, toggle, button): hosted by the editor itself. Their live
// behaviour (data in and out) comes with deploy; here they draw, wire and keep their settings.
import { memo, useCallback } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { F8Node } from '../../graph/flow';
import { useEditor } from '../../store';
import { PortRow } from './Port';
import { Issues, Mark, formatValue } from './parts';
import { labelOf } from './NodeCard';
import { useSimplified } from './useNodeView';

function num(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

export const EditorNode = memo(function EditorNode({ id, data, selected }: NodeProps<F8Node>) {
  const { spec, node, issues, mark } = data;
  const simple = useSimplified();
  const apply = useEditor((s) => s.apply);
  const setValue = useCallback((value: unknown) => apply({ type: 'setNodeState', nodeId: id, field: 'value', value }, { coalesceKey: `widget:${id}` }), [apply, id]);
  const st = node.state ?? {};
  const cls = node.kind === 'editor' ? node.editorClass : '';
  let body: React.ReactNode = null;
  if (!simple) {
    if (cls === 'plot') body = <div className="f8-plot-empty" aria-label="plot">no data yet — deploy to plot</div>;
    else if (cls === 'display') body = <div className="f8-display" aria-label="display">—</div>;
    else if (cls === 'slider') {
      const min = num(st.min, 0);
      const max = num(st.max, 1);
      const value = num(st.value, min);
      body = (
        <label className="f8-widget nodrag">
          <input type="range" min={min} max={max} step={(max - min) / 100 || 0.01} value={value} onChange={(e) => setValue(Number(e.target.value))} aria-label={`${labelOf(data)} value`} />
          <span className="f8-widget-value">{formatValue(value)}</span>
        </label>
      );
    } else if (cls === 'toggle') {
      const on = st.value === true;
      body = (
        <button type="button" role="switch" aria-checked={on} className={`f8-toggle nodrag${on ? ' is-on' : ''}`} onClick={() => setValue(!on)}>
          {on ? 'on' : 'off'}
        </button>
      );
    } else if (cls === 'button') body = <button type="button" className="f8-cmd nodrag" disabled title="Sends once the graph is deployed">press</button>;
  }
  return (
    <div className={`f8-node f8-node-editor${selected ? ' is-selected' : ''}${simple ? ' is-simple' : ''}`} data-node-id={id} data-testid={`node-${id}`}>
      <div className="f8-node-header">
        <span className="f8-node-title">{labelOf(data)}</span>
        <Mark mark={mark} />
      </div>
      <div className="f8-ports">
        <div className="f8-ports-in">{spec.dataIn.map((p) => <PortRow key={p.name} kind="data" dir="in" name={p.name} schema={p.schema} labelled={!simple} />)}</div>
        <div className="f8-ports-out">{spec.dataOut.map((p) => <PortRow key={p.name} kind="data" dir="out" name={p.name} schema={p.schema} labelled={!simple} />)}</div>
      </div>
      {body}
      <Issues issues={issues} />
    </div>
  );
});
