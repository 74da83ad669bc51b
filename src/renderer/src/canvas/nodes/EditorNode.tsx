// Editor nodes (plot, display, slider, toggle, button): hosted by the editor itself. Once the
// graph with them is deployed, plots and displays draw what arrives on their input, and the
// lease holder's slider, toggle and button publish on their output.
import { memo, useCallback } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { F8Node } from '../../graph/flow';
import { useEditor, useEditorInstance } from '../../store/context';
import { PortRow } from './Port';
import { Issues, Mark, formatValue } from './parts';
import { labelOf } from './labels';
import { SimpleNode } from './SimpleNode';
import { LivePlot, useLastValue } from './LivePlot';

function num(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

const DisplayValue = memo(function DisplayValue({ nodeId }: { nodeId: string }) {
  const { value, ts } = useLastValue(nodeId);
  return (
    <div className={`f8-display${ts ? ' is-live' : ''}`} aria-label="display" title={ts ? `at ${new Date(ts).toLocaleTimeString()}` : 'no value yet — deploy to show'}>
      {ts ? formatValue(value) : '—'}
    </div>
  );
});

export const EditorNode = memo(function EditorNode(props: NodeProps<F8Node>) {
  return props.data.simple ? <SimpleNode {...props} /> : <EditorCard {...props} />;
});

const EditorCard = memo(function EditorCard({ id, data, selected }: NodeProps<F8Node>) {
  const { spec, node, issues, mark } = data;
  const { store, commands } = useEditorInstance();
  const apply = useEditor((s) => s.apply);
  const holder = useEditor((s) => s.lease.role === 'holder');
  const setValue = useCallback(
    (value: unknown) => {
      apply({ type: 'setNodeState', nodeId: id, field: 'value', value }, { coalesceKey: `widget:${id}` });
      if (holder) commands.get()?.session?.publish(id, 'value', value);
    },
    [apply, id, holder, commands],
  );
  const press = useCallback(() => {
    if (!commands.get()?.session?.publish(id, 'pressed', Date.now())) store.getState().notify('error', 'the button sends once the graph with it is deployed');
  }, [id, store, commands]);
  const st = node.state ?? {};
  const cls = node.kind === 'editor' ? node.editorClass : '';
  let body: React.ReactNode = null;
  if (cls === 'plot') body = <LivePlot nodeId={id} windowS={num(st.window, 10)} width={188} height={110} label={labelOf(data)} />;
  else if (cls === 'display') body = <DisplayValue nodeId={id} />;
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
  } else if (cls === 'button')
    body = (
      <button type="button" className="f8-cmd f8-press nodrag" onClick={press} disabled={!holder} title={holder ? 'Sends the time of the press' : 'only the lease holder can press'}>
        press
      </button>
    );
  return (
    <div className={`f8-node f8-node-editor${selected ? ' is-selected' : ''}`} data-node-id={id} data-testid={`node-${id}`}>
      <div className="f8-node-header">
        <span className="f8-node-title">{labelOf(data)}</span>
        <Mark mark={mark} />
      </div>
      <div className="f8-ports">
        <div className="f8-ports-in">
          {spec.dataIn.map((p) => (
            <PortRow key={p.name} kind="data" dir="in" name={p.name} schema={p.schema} />
          ))}
        </div>
        <div className="f8-ports-out">
          {spec.dataOut.map((p) => (
            <PortRow key={p.name} kind="data" dir="out" name={p.name} schema={p.schema} />
          ))}
        </div>
      </div>
      {body}
      <Issues issues={issues} />
    </div>
  );
});
