// A text property (label, graph name): commit on Enter or blur, Escape reverts.
import { useEffect, useId, useState } from 'react';
import { Field } from '../ui/Field';

export function TextProp({ label, value, placeholder, onCommit }: { label: string; value: string; placeholder?: string; onCommit(v: string): string | null }) {
  const id = useId();
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text.trim() === value) return;
    setError(onCommit(text.trim()));
  };
  return (
    <Field id={id} label={label} error={error}>
      <input
        id={id}
        type="text"
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(value);
        }}
      />
    </Field>
  );
}
