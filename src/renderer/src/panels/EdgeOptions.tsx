// A cross-instance data edge's receiver options: strategy, and only the options that strategy
// reads (docs/data-edges.md): queue size for queue and average, drop oldest for queue, timeout
// for all but hold and repeat.
import { useState } from 'react';
import { CROSS_DATA_DEFAULTS } from '../../../shared/compiler';
import { edgeIdOf, type EdgeOptions as Opts } from '../../../shared/graph';
import type { GraphEdge, Strategy } from '../../../shared/types';
import { useEditor } from '../store/context';
import { Field, SelectField } from '../ui/Field';
import { FieldError } from '../ui/FieldError';

const STRATEGIES: { value: Strategy; label: string }[] = [
  { value: 'latest', label: 'latest: the newest value' },
  { value: 'queue', label: 'queue: every value, in order' },
  { value: 'average', label: 'average: mean of a window' },
  { value: 'hold', label: 'hold: keep the last value' },
  { value: 'repeat', label: 'repeat: repeat the last value' },
  { value: 'interpolate', label: 'interpolate: numeric' },
];

/** A whole-number field, committed on blur and on Enter; its help line, when given, describes it. */
function IntField({ id, label, value, placeholder, help, commit }: { id: string; label: string; value: number | undefined; placeholder: string; help?: string; commit(text: string): void }) {
  return (
    <Field id={id} label={label} help={help}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        defaultValue={value ?? ''}
        placeholder={placeholder}
        aria-describedby={help ? `${id}-help` : undefined}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value)}
      />
    </Field>
  );
}

export function EdgeOptions({ edge }: { edge: GraphEdge }) {
  const apply = useEditor((s) => s.apply);
  const id = edgeIdOf(edge);
  const [error, setError] = useState<string | null>(null);
  const set = (o: Opts) => setError(apply({ type: 'setEdgeOptions', edgeId: id, options: o }));
  const intField = (key: 'queueSize' | 'timeoutMs', text: string) => {
    if (text.trim() === '') return set({ [key]: undefined });
    const n = Number(text);
    if (!Number.isInteger(n) || n < (key === 'queueSize' ? 1 : 0))
      return setError(`${key === 'queueSize' ? 'queue size' : 'timeout'} must be a whole number${key === 'queueSize' ? ' of at least 1' : ' of milliseconds (0 or more)'}`);
    set({ [key]: n });
  };
  const strategy = edge.strategy ?? CROSS_DATA_DEFAULTS.strategy;
  const usesQueue = strategy === 'queue' || strategy === 'average';
  const usesTimeout = strategy !== 'hold' && strategy !== 'repeat';
  return (
    <section aria-label="Edge options">
      <h3>Bus options</h3>
      <SelectField id="f8-strategy" label="Strategy" value={strategy} options={STRATEGIES} onChange={(v) => set({ strategy: v })} />
      {usesQueue ? (
        <IntField
          id="f8-queue"
          label={strategy === 'average' ? 'Window (values)' : 'Queue size'}
          value={edge.queueSize}
          placeholder={String(CROSS_DATA_DEFAULTS.queueSize)}
          commit={(t) => intField('queueSize', t)}
        />
      ) : null}
      {usesTimeout ? (
        <IntField
          id="f8-timeout"
          label="Timeout (ms)"
          value={edge.timeoutMs}
          placeholder="none"
          help={strategy === 'latest' ? 'the newest value is forgotten once older than this' : 'a value that waited longer than this leaves'}
          commit={(t) => intField('timeoutMs', t)}
        />
      ) : null}
      {strategy === 'queue' ? (
        <div className="f8-field f8-field-inline">
          <input id="f8-dropold" type="checkbox" checked={edge.dropOld ?? CROSS_DATA_DEFAULTS.dropOld} onChange={(e) => set({ dropOld: e.target.checked })} />
          <label htmlFor="f8-dropold">Drop the oldest value when the queue is full</label>
        </div>
      ) : null}
      <FieldError error={error} />
    </section>
  );
}
