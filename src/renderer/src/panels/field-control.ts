// Which control a state field gets (pure): the uiControl hint when there is one, else from its
// JSON Schema; and how a control's text becomes a value.
import type { JsonSchema } from '../../../shared/types';

export type ControlKind = 'slider' | 'number' | 'select' | 'toggle' | 'text' | 'textarea' | 'json';

export interface ControlSpec {
  kind: ControlKind;
  min?: number;
  max?: number;
  step?: number;
  unit?: string;
  placeholder?: string;
  options?: { value: unknown; label: string }[];
}

function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

const KNOWN: Record<string, ControlKind> = {
  slider: 'slider',
  knob: 'slider',
  number: 'number',
  select: 'select',
  toggle: 'toggle',
  checkbox: 'toggle',
  text: 'text',
  textarea: 'textarea',
  json: 'json',
};

export function controlFor(schema: JsonSchema, uiControl: unknown): ControlSpec {
  const hint = typeof uiControl === 'string' ? { kind: uiControl } : uiControl && typeof uiControl === 'object' ? (uiControl as Record<string, unknown>) : {};
  const types = typesOf(schema);
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out: ControlSpec = { kind: 'json' };
  const enumValues = Array.isArray(schema.enum) ? (schema.enum as unknown[]) : undefined;
  const options = Array.isArray(hint.options)
    ? (hint.options as unknown[]).map((o) =>
        o && typeof o === 'object' && 'value' in (o as object)
          ? { value: (o as { value: unknown }).value, label: String((o as { label?: unknown }).label ?? (o as { value: unknown }).value) }
          : { value: o, label: String(o) },
      )
    : enumValues?.map((v) => ({ value: v, label: String(v) }));
  const byHint = typeof hint.kind === 'string' ? KNOWN[hint.kind] : undefined;
  if (byHint) out.kind = byHint;
  else if (options) out.kind = 'select';
  else if (types.includes('boolean') && types.length === 1) out.kind = 'toggle';
  else if ((types.includes('number') || types.includes('integer')) && types.every((t) => t === 'number' || t === 'integer' || t === 'null')) out.kind = 'number';
  else if (types.length === 1 && types[0] === 'string') out.kind = 'text';
  if (out.kind === 'select' && !options) out.kind = 'text';
  if (out.kind === 'slider' && (num(hint.min ?? schema.minimum) === undefined || num(hint.max ?? schema.maximum) === undefined)) out.kind = 'number';
  const min = num(hint.min) ?? num(schema.minimum);
  const max = num(hint.max) ?? num(schema.maximum);
  const step = num(hint.step) ?? (types.includes('integer') ? 1 : undefined);
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  if (step !== undefined) out.step = step;
  if (typeof hint.unit === 'string') out.unit = hint.unit;
  if (typeof hint.placeholder === 'string') out.placeholder = hint.placeholder;
  if (options) out.options = options;
  return out;
}

/** The text a control shows for a value. */
export function textOf(kind: ControlKind, v: unknown): string {
  if (v === undefined) return '';
  if (kind === 'json') return JSON.stringify(v, null, 1);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * The value a control's text stands for: numbers parsed, JSON parsed; an empty text removes
 * the node's value (the field falls back to its default). `error` when it cannot be read.
 */
export function valueOf(kind: ControlKind, text: string, schema: JsonSchema): { value: unknown } | { clear: true } | { error: string } {
  if (text.trim() === '' && kind !== 'text' && kind !== 'textarea') return { clear: true };
  if (kind === 'number' || kind === 'slider') {
    const n = Number(text);
    if (!Number.isFinite(n)) return { error: `'${text}' is not a number` };
    return { value: n };
  }
  if (kind === 'json') {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (err) {
      return { error: `not JSON: ${(err as Error).message}` };
    }
  }
  if (kind === 'text' || kind === 'textarea') {
    const types = typesOf(schema);
    if (types.length && !types.includes('string')) {
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { value: text };
      }
    }
    return { value: text };
  }
  return { value: text };
}
