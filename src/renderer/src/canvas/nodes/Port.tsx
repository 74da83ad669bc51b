// One port row: the handle (shape by kind: data a circle, state a diamond, exec a triangle),
// its name, and the type on hover.
import { memo } from 'react';
import { Handle, Position } from '@xyflow/react';
import type { EdgeKindName, JsonSchema } from '../../../../shared/types';
import { handleId, type HandleDir } from '../../graph/handles';

export function typeText(schema: JsonSchema | undefined): string {
  if (!schema || Object.keys(schema).length === 0) return 'any value';
  const t = schema.type;
  if (Array.isArray(t)) return t.join(' | ');
  if (typeof t === 'string') return t;
  if (Array.isArray(schema.enum)) return `one of ${(schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return 'value';
}

export interface PortProps {
  kind: EdgeKindName;
  dir: HandleDir;
  name: string;
  schema?: JsonSchema | undefined;
  description?: string | undefined;
  /** Show the name (false below the zoom threshold). */
  labelled?: boolean;
  invalid?: boolean;
}

export const PortHandle = memo(function PortHandle({ kind, dir, name, schema, description }: Omit<PortProps, 'labelled'>) {
  const title = `${name}: ${kind === 'exec' ? 'exec' : typeText(schema)}${kind === 'state' ? ' (state)' : ''}${description ? ` · ${description}` : ''}`;
  return (
    <Handle id={handleId(kind, dir, name)} type={dir === 'in' ? 'target' : 'source'} position={dir === 'in' ? Position.Left : Position.Right} className={`f8-handle f8-handle-${kind}`} title={title} />
  );
});

/** A row with the port name and its handle on the left (inputs) or right (outputs). */
export const PortRow = memo(function PortRow({ kind, dir, name, schema, description, labelled = true, invalid = false }: PortProps) {
  return (
    <div className={`f8-port f8-port-${dir}${invalid ? ' is-missing' : ''}`} data-port={name} data-kind={kind}>
      <PortHandle kind={kind} dir={dir} name={name} schema={schema} description={description} />
      {labelled ? (
        <span className="f8-port-name" data-port-label={name}>
          {name}
          {invalid ? ' ?' : ''}
        </span>
      ) : null}
    </div>
  );
});
