// Structural checks between value schemas (pure).
//
// `satisfies(producer, consumer)` is conservative in the sense of the compiler's rules: it
// reports an incompatibility only when it can show one from `type` (integer is a subset of
// number), `enum`/`const`, object `required`/`properties` and array `items`. Anything it does
// not understand (anyOf, oneOf, allOf, not, $ref, if/then/else, ...) is accepted.
import { canonicalJson } from '../hash.js';

export type Verdict = { ok: true } | { ok: false; reason: string };

const OK: Verdict = { ok: true };

const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples']);
/** Keywords whose value is a map of names to schemas (the names are data, not keywords). */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);
const UNSURE = ['anyOf', 'oneOf', 'allOf', 'not', '$ref', 'if', 'then', 'else'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The schema with annotation keywords (title, description, ...) removed at every level. */
export function stripAnnotations(schema: unknown): unknown {
  return strip(schema, false);
}

function strip(value: unknown, nameMap: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, false));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (!nameMap && ANNOTATIONS.has(key)) continue;
    out[key] = nameMap ? strip(value[key], false) : strip(value[key], NAME_MAPS.has(key));
  }
  return out;
}

/** No schema, `true`, `{}` or a schema with annotations only: any value. */
export function isAnySchema(schema: unknown): boolean {
  if (schema === undefined || schema === true) return true;
  if (!isObject(schema)) return false;
  return Object.keys(schema).every((k) => ANNOTATIONS.has(k));
}

/** State fields join only when their valueSchemas are equal (canonical JSON, annotations ignored). */
export function sameStateSchema(a: unknown, b: unknown): boolean {
  return canonicalJson(stripAnnotations(a ?? {})) === canonicalJson(stripAnnotations(b ?? {}));
}

/** The JSON type of a value (`integer` for whole numbers). */
export function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typesOf(schema: Record<string, unknown>): string[] | undefined {
  const t = schema.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t) && t.every((x) => typeof x === 'string')) return t as string[];
  return undefined;
}

function valuesOf(schema: Record<string, unknown>): unknown[] | undefined {
  if ('const' in schema) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum as unknown[];
  return undefined;
}

function typeAccepted(t: string, accepted: readonly string[]): boolean {
  return accepted.includes(t) || (t === 'integer' && accepted.includes('number'));
}

function describeTypes(types: readonly string[]): string {
  return types.length === 1 ? (types[0] as string) : `one of ${types.join(', ')}`;
}

function short(v: unknown): string {
  const text = canonicalJson(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * Whether every value the producer may send satisfies the consumer's schema, as far as a
 * structural check can tell. `at` names the place inside the value for messages.
 */
export function satisfies(producer: unknown, consumer: unknown, at = 'value'): Verdict {
  if (isAnySchema(consumer) || isAnySchema(producer)) return OK;
  if (consumer === false) return producer === false ? OK : { ok: false, reason: `${at}: the consumer accepts no value` };
  if (producer === false) return OK;
  if (!isObject(producer) || !isObject(consumer)) return OK;
  if (UNSURE.some((k) => k in producer || k in consumer)) return OK;

  const cTypes = typesOf(consumer);
  const pValues = valuesOf(producer);
  const cValues = valuesOf(consumer);
  const declared = typesOf(producer);
  const pTypes = declared ?? (pValues ? [...new Set(pValues.map(jsonTypeOf))] : undefined);

  if (cTypes && pTypes) {
    for (const t of pTypes) {
      if (!typeAccepted(t, cTypes)) {
        return { ok: false, reason: `${at}: the producer may send ${t === 'null' ? 'null' : `a ${t}`}, the consumer accepts ${describeTypes(cTypes)}` };
      }
    }
  }
  if (cValues) {
    if (!pValues) {
      return { ok: false, reason: `${at}: the consumer accepts only ${cValues.map(short).join(', ')}, the producer is not restricted to those values` };
    }
    const allowed = new Set(cValues.map((v) => canonicalJson(v)));
    const extra = pValues.filter((v) => !allowed.has(canonicalJson(v)));
    if (extra.length > 0) {
      return { ok: false, reason: `${at}: the producer may send ${extra.map(short).join(', ')}, which the consumer does not accept` };
    }
  }

  // Objects: what the consumer requires, the producer must guarantee; shared properties recurse.
  if (!pValues && declared && declared.length === 1 && declared[0] === 'object') {
    const pRequired = new Set(Array.isArray(producer.required) ? (producer.required as unknown[]).filter((r) => typeof r === 'string') : []);
    if (Array.isArray(consumer.required)) {
      for (const r of consumer.required as unknown[]) {
        if (typeof r === 'string' && !pRequired.has(r)) {
          return { ok: false, reason: `${at}: the consumer requires property '${r}', which the producer does not guarantee` };
        }
      }
    }
  }
  if (isObject(producer.properties) && isObject(consumer.properties)) {
    for (const key of Object.keys(consumer.properties).sort()) {
      if (!Object.prototype.hasOwnProperty.call(producer.properties, key)) continue;
      const verdict = satisfies(producer.properties[key], consumer.properties[key], `${at}.${key}`);
      if (!verdict.ok) return verdict;
    }
  }
  // Arrays: one item schema on both sides.
  if (isObject(producer.items) && isObject(consumer.items)) {
    const verdict = satisfies(producer.items, consumer.items, `${at}[]`);
    if (!verdict.ok) return verdict;
  }
  return OK;
}
