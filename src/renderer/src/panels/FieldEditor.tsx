// One state field as a form control generated from its JSON Schema (and uiControl hint):
// draft value, commit on Enter or blur (Escape reverts), the same schema's verdict inline.
import { useEffect, useId, useRef, useState } from 'react';
import { validateValue } from '../../../shared/schemas';
import type { StateEntry, StateFieldSpec } from '../../../shared/types';
import { controlFor, textOf, valueOf, type ControlSpec as Control } from './field-control';
import { formatValue } from '../canvas/nodes/parts';

const ACCESS_WORDS: Record<string, string> = { rw: 'read and write', ro: 'read-only: set by the service', wo: 'write-only', init: 'set before activation only' };

export interface FieldEditorProps {
  field: StateFieldSpec;
  /** The node's value (undefined: the default applies). */
  value: unknown;
  onCommit(value: unknown | undefined): string | null;
  /** The running instance's value (from its bucket), shown beside the draft. */
  live?: StateEntry;
}

/** The draft of one field: its text while typed, its error, and commits checked against the field's schema. */
function useFieldDraft(field: StateFieldSpec, value: unknown, onCommit: FieldEditorProps['onCommit'], kind: Control['kind']) {
  const [text, setText] = useState(() => textOf(kind, value));
  const [error, setError] = useState<string | null>(null);
  const lastValue = useRef(value);
  useEffect(() => {
    // the value changed from outside (undo, another control): follow it unless the user is typing an error
    if (JSON.stringify(lastValue.current) !== JSON.stringify(value)) {
      lastValue.current = value;
      setText(textOf(kind, value));
      setError(null);
    }
  }, [value, kind]);

  const commitValue = (v: unknown | undefined): boolean => {
    if (v !== undefined) {
      const r = validateValue(field.valueSchema, v);
      if (!r.ok) {
        setError(r.issues.map((i) => (i.path === '(root)' ? i.message : `${i.path}: ${i.message}`)).join('; '));
        return false;
      }
    }
    if (JSON.stringify(v) === JSON.stringify(value)) {
      setError(null);
      return true;
    }
    const err = onCommit(v);
    setError(err);
    if (!err) lastValue.current = v;
    return !err;
  };
  const commitText = (t: string): void => {
    const parsed = valueOf(kind, t, field.valueSchema);
    if ('error' in parsed) return setError(parsed.error);
    commitValue('clear' in parsed ? undefined : parsed.value);
  };
  const revert = () => setText(textOf(kind, value));
  return { text, setText, error, commitValue, commitText, revert };
}

type Draft = ReturnType<typeof useFieldDraft>;

type Common = { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string; disabled: boolean };

/** A range slider beside a number box, both bound to the draft. */
function SliderControl({ common, field, ctl, shown, draft, label }: { common: Common; field: StateFieldSpec; ctl: Control; shown: unknown; draft: Draft; label: string }) {
  const { text, setText, commitValue, commitText, revert } = draft;
  return (
    <div className="f8-slider-row">
      <input
        type="range"
        aria-label={`${label} slider`}
        min={ctl.min}
        max={ctl.max}
        step={ctl.step ?? ((ctl.max ?? 1) - (ctl.min ?? 0)) / 100}
        value={typeof shown === 'number' ? shown : (ctl.min ?? 0)}
        onChange={(e) => commitValue(Number(e.target.value))}
        disabled={common.disabled}
      />
      <input
        {...common}
        className="f8-num"
        inputMode="decimal"
        value={text}
        placeholder={textOf('number', field.default)}
        onChange={(e) => setText(e.target.value)}
        onBlur={(e) => commitText(e.target.value)}
        onKeyDown={(e) => onKey(e, commitText, revert)}
      />
    </div>
  );
}

/** A text area for long text and JSON: Ctrl+Enter applies, Escape reverts. */
function TextControl({ common, field, ctl, draft }: { common: Common; field: StateFieldSpec; ctl: Control; draft: Draft }) {
  const { text, setText, commitText, revert } = draft;
  return (
    <textarea
      {...common}
      rows={ctl.kind === 'json' ? 4 : 3}
      value={text}
      placeholder={textOf('json', field.default)}
      onChange={(e) => setText(e.target.value)}
      onBlur={(e) => commitText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commitText(text);
        if (e.key === 'Escape') revert();
      }}
    />
  );
}

/** The control the schema and uiControl hint ask for, bound to the draft. */
function FieldControl({
  id,
  field,
  ctl,
  shown,
  live,
  error,
  draft,
  describedBy,
}: {
  id: string;
  field: StateFieldSpec;
  ctl: Control;
  shown: unknown;
  live: StateEntry | undefined;
  error: string | null;
  draft: Draft;
  describedBy: string;
}) {
  const { text, setText, commitValue, commitText, revert } = draft;
  const readOnly = field.access === 'ro';
  const label = field.label ?? field.name;
  const common: Common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, disabled: readOnly };
  if (readOnly)
    return (
      <output id={id} className="f8-readonly">
        {formatValue(live ? live.value : shown)}
      </output>
    );
  if (ctl.kind === 'toggle') {
    const on = shown === true;
    return (
      <button {...common} type="button" role="switch" aria-checked={on} className={`f8-toggle${on ? ' is-on' : ''}`} onClick={() => commitValue(!on)}>
        {on ? 'on' : 'off'}
      </button>
    );
  }
  if (ctl.kind === 'select' && ctl.options) {
    const idx = ctl.options.findIndex((o) => JSON.stringify(o.value) === JSON.stringify(shown));
    return (
      <select {...common} value={idx < 0 ? '' : String(idx)} onChange={(e) => commitValue(e.target.value === '' ? undefined : ctl.options?.[Number(e.target.value)]?.value)}>
        {idx < 0 ? <option value="">—</option> : null}
        {ctl.options.map((o, i) => (
          <option key={i} value={String(i)}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  if (ctl.kind === 'slider') return <SliderControl common={common} field={field} ctl={ctl} shown={shown} draft={draft} label={label} />;
  if (ctl.kind === 'textarea' || ctl.kind === 'json') return <TextControl common={common} field={field} ctl={ctl} draft={draft} />;
  return (
    <input
      {...common}
      type="text"
      inputMode={ctl.kind === 'number' ? 'decimal' : undefined}
      value={text}
      placeholder={ctl.placeholder ?? textOf(ctl.kind, field.default)}
      onChange={(e) => setText(e.target.value)}
      onBlur={(e) => commitText(e.target.value)}
      onKeyDown={(e) => onKey(e, commitText, revert)}
    />
  );
}

export function FieldEditor({ field, value, onCommit, live }: FieldEditorProps) {
  const id = useId();
  const ctl = controlFor(field.valueSchema, field.uiControl);
  const shown = value === undefined ? field.default : value;
  const draft = useFieldDraft(field, value, onCommit, ctl.kind);
  const { error } = draft;
  const readOnly = field.access === 'ro';
  const label = field.label ?? field.name;
  const describedBy = `${id}-help`;
  return (
    <div className={`f8-field${error ? ' has-error' : ''}`} data-field={field.name}>
      {/* the label names the control by the field alone; unit, access and live value sit beside it */}
      <div className="f8-field-label">
        <label htmlFor={id}>{label}</label>
        {ctl.unit ? <span className="f8-muted">({ctl.unit})</span> : null}
        <span className="f8-access" title={ACCESS_WORDS[field.access]} aria-hidden="true">
          {field.access}
        </span>
        {live && !readOnly ? (
          <span
            className={`f8-live-value${JSON.stringify(live.value) !== JSON.stringify(shown) ? ' differs' : ''}`}
            title={`the running instance's value (${live.source}, by ${live.actor}, ${new Date(live.ts).toLocaleTimeString()})`}
            data-testid={`live-${field.name}`}
          >
            live {formatValue(live.value)}
          </span>
        ) : null}
      </div>
      <FieldControl id={id} field={field} ctl={ctl} shown={shown} live={live} error={error} draft={draft} describedBy={describedBy} />
      <div id={describedBy} className={error ? 'f8-field-error' : 'f8-field-help'} role={error ? 'alert' : undefined}>
        {error ?? (value === undefined && field.default !== undefined ? `default ${formatValue(field.default)}${field.description ? ` · ${field.description}` : ''}` : (field.description ?? ''))}
      </div>
    </div>
  );
}

function onKey(e: React.KeyboardEvent<HTMLInputElement>, commit: (t: string) => void, revert: () => void): void {
  if (e.key === 'Enter') commit(e.currentTarget.value);
  else if (e.key === 'Escape') revert();
}
