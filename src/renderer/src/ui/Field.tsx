// A labelled row of a form (inspector, edge options): the label names the control by its id, an
// optional help line describes it, and an error shows under it. A read-only value has no control
// to name: its label is plain text.
import type { ReactNode } from 'react';
import { FieldError } from './FieldError';

export function Field({ id, label, error, help, children }: { id?: string; label: ReactNode; error?: string | null; help?: ReactNode; children: ReactNode }) {
  return (
    <div className={`f8-field${error ? ' has-error' : ''}`}>
      {id ? (
        <label className="f8-field-label" htmlFor={id}>
          {label}
        </label>
      ) : (
        <span className="f8-field-label">{label}</span>
      )}
      {children}
      {help && id ? (
        <span id={`${id}-help`} className="f8-field-help">
          {help}
        </span>
      ) : null}
      {error !== undefined ? <FieldError error={error} /> : null}
    </div>
  );
}

/** A choice among fixed options, each with the words a user reads. */
export function SelectField<T extends string>({ id, label, value, options, onChange }: { id: string; label: string; value: T; options: readonly { value: T; label: string }[]; onChange(v: T): void }) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
