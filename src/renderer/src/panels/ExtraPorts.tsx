// Extra data ports a node declares where its class allows them (editableDataInPorts /
// editableDataOutPorts): add one with a name and a type, remove one.
import { useState } from 'react';
import { NAME_PATTERN } from '../../../shared/naming';
import type { GraphNode, NodeExtraPorts, PortSpec } from '../../../shared/types';
import type { NodeSpec } from '../graph/spec';
import { useEditor } from '../store/context';
import { FieldError } from '../ui/FieldError';

const TYPES: { label: string; schema?: PortSpec['valueSchema'] }[] = [
  { label: 'any' },
  { label: 'number', schema: { type: 'number' } },
  { label: 'boolean', schema: { type: 'boolean' } },
  { label: 'string', schema: { type: 'string' } },
];

export function ExtraPorts({ node, spec }: { node: GraphNode; spec: NodeSpec }) {
  const apply = useEditor((s) => s.apply);
  const [name, setName] = useState('');
  const [dir, setDir] = useState<'dataIn' | 'dataOut'>(spec.editable.editableDataInPorts ? 'dataIn' : 'dataOut');
  const [type, setType] = useState(0);
  const [error, setError] = useState<string | null>(null);
  if (node.kind === 'editor' || (!spec.editable.editableDataInPorts && !spec.editable.editableDataOutPorts)) return null;
  const ports: NodeExtraPorts = node.ports ?? {};
  const extras = [...(ports.dataIn ?? []).map((p) => ({ dir: 'dataIn' as const, p })), ...(ports.dataOut ?? []).map((p) => ({ dir: 'dataOut' as const, p }))];
  const setPorts = (next: NodeExtraPorts) => {
    const clean: NodeExtraPorts = {};
    for (const [k, v] of Object.entries(next)) if (Array.isArray(v) && v.length) (clean as Record<string, unknown>)[k] = v;
    return apply({ type: 'setNodeProps', nodeId: node.nodeId, props: { ports: Object.keys(clean).length ? clean : undefined } });
  };
  const add = () => {
    const n = name.trim();
    if (!NAME_PATTERN.test(n)) return setError(`'${n}' is not a port name: letters, digits, _ and -, starting with a letter or _`);
    const taken = [...spec.dataIn, ...spec.dataOut].some((p) => p.name === n);
    if (taken) return setError(`${node.nodeId} already has a port '${n}'`);
    const t = TYPES[type] as (typeof TYPES)[number];
    const port: PortSpec = { name: n, ...(t.schema ? { valueSchema: t.schema } : {}) };
    const err = setPorts({ ...ports, [dir]: [...(ports[dir] ?? []), port] });
    setError(err);
    if (!err) setName('');
  };
  return (
    <section aria-label="Extra ports">
      <h3>Extra ports</h3>
      {extras.length ? (
        <ul className="f8-extra-ports">
          {extras.map(({ dir: d, p }) => (
            <li key={`${d}:${p.name}`}>
              <span>
                {d === 'dataIn' ? 'in' : 'out'} <strong>{p.name}</strong> <span className="f8-muted">{p.valueSchema && typeof p.valueSchema.type === 'string' ? p.valueSchema.type : 'any'}</span>
              </span>
              <button type="button" className="f8-link" aria-label={`Remove port ${p.name}`} onClick={() => setError(setPorts({ ...ports, [d]: (ports[d] ?? []).filter((x) => x.name !== p.name) }))}>
                remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="f8-field-help">This node's class lets you add data ports.</p>
      )}
      <div className="f8-add-port">
        <select aria-label="Port direction" value={dir} onChange={(e) => setDir(e.target.value as 'dataIn' | 'dataOut')}>
          {spec.editable.editableDataInPorts ? <option value="dataIn">input</option> : null}
          {spec.editable.editableDataOutPorts ? <option value="dataOut">output</option> : null}
        </select>
        <input aria-label="New port name" placeholder="name" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && add()} />
        <select aria-label="Port type" value={type} onChange={(e) => setType(Number(e.target.value))}>
          {TYPES.map((t, i) => (
            <option key={t.label} value={i}>
              {t.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={add}>
          Add
        </button>
      </div>
      <FieldError error={error} />
    </section>
  );
}
