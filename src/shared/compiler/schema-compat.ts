// Structural checks between value schemas (pure).
//
// THE NULL RULE (docs/ports-and-types.md). A data value of `null` as a whole means "no value
// (yet) / nothing this tick": a producer declares it (`type: ["number", "null"]`) when it may
// have nothing to say. The runtimes never deliver such a null to an input whose valueSchema
// excludes null (`acceptsNull` false): the engine does not pass it to the operator, and that
// input keeps the last value it was given. So a data edge is judged (`dataFits`) with null
// taken out of the producer's schema when the consumer excludes it; a producer that sends only
// null never delivers anything there and is refused. Nested nulls (inside objects/arrays) are
// ordinary values and are checked as such.
//
// `satisfies(producer, consumer)` is conservative in the sense of the compiler's rules: it
// reports an incompatibility only when it can show one from `type` (integer is a subset of
// number), `enum`/`const`, object `required`/`properties` and array `items`. Anything it does
// not understand (anyOf, oneOf, allOf, not, $ref, if/then/else, ...) is accepted.
import { canonicalJson } from '../hash.js';

/** `kind` says what failed, so a caller can name a fix: a JSON type, a value list, a required property, or nothing at all. */
export type Verdict = { ok: true } | { ok: false; reason: string; kind?: MismatchKind };
export type MismatchKind = 'type' | 'values' | 'required' | 'nothing' | 'only-null';

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
  if (consumer === false) return producer === false ? OK : { ok: false, reason: `${at}: the consumer accepts no value`, kind: 'nothing' };
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
        return { ok: false, reason: `${at}: the producer may send ${t === 'null' ? 'null' : `a ${t}`}, the consumer accepts ${describeTypes(cTypes)}`, kind: 'type' };
      }
    }
  }
  if (cValues) {
    if (!pValues) {
      return { ok: false, reason: `${at}: the consumer accepts only ${cValues.map(short).join(', ')}, the producer is not restricted to those values`, kind: 'values' };
    }
    const allowed = new Set(cValues.map((v) => canonicalJson(v)));
    const extra = pValues.filter((v) => !allowed.has(canonicalJson(v)));
    if (extra.length > 0) {
      return { ok: false, reason: `${at}: the producer may send ${extra.map(short).join(', ')}, which the consumer does not accept`, kind: 'values' };
    }
  }

  // Objects: what the consumer requires, the producer must guarantee; shared properties recurse.
  if (!pValues && declared && declared.length === 1 && declared[0] === 'object') {
    const pRequired = new Set(Array.isArray(producer.required) ? (producer.required as unknown[]).filter((r) => typeof r === 'string') : []);
    if (Array.isArray(consumer.required)) {
      for (const r of consumer.required as unknown[]) {
        if (typeof r === 'string' && !pRequired.has(r)) {
          return { ok: false, reason: `${at}: the consumer requires property '${r}', which the producer does not guarantee`, kind: 'required' };
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

/**
 * Whether a value of `null` may be delivered to an input with this schema: false only when the
 * schema shows that null is excluded (`false`, a `type` without null, an `enum`/`const` without
 * null), whatever else it says. The engine's run-time check (checkValue of null) agrees.
 */
export function acceptsNull(schema: unknown): boolean {
  if (isAnySchema(schema)) return true;
  if (schema === false) return false;
  if (!isObject(schema)) return true;
  const types = typesOf(schema);
  if (types && !types.includes('null')) return false;
  const values = valuesOf(schema);
  if (values && !values.some((v) => v === null)) return false;
  return true;
}

/**
 * The producer's schema without the top-level null ("no value"), or `false` when nothing but
 * null is left. Schemas it cannot edit (any, anyOf, ...) are returned as they are.
 */
export function withoutNull(schema: unknown): unknown {
  if (isAnySchema(schema) || !isObject(schema)) return schema;
  const out: Record<string, unknown> = { ...schema };
  const types = typesOf(schema);
  if (types) {
    const rest = types.filter((t) => t !== 'null');
    if (rest.length === 0) return false;
    out.type = rest.length === 1 ? rest[0] : rest;
  }
  if ('const' in schema && schema.const === null) return false;
  if (Array.isArray(schema.enum)) {
    const rest = (schema.enum as unknown[]).filter((v) => v !== null);
    if (rest.length === 0) return false;
    out.enum = rest;
  }
  return out;
}

/** The data-edge rule: `satisfies`, with the null rule above applied to the producer. */
export function dataFits(producer: unknown, consumer: unknown): Verdict {
  if (acceptsNull(consumer)) return satisfies(producer, consumer);
  const deliverable = withoutNull(producer);
  if (deliverable === false && producer !== false) {
    return { ok: false, reason: 'the producer only ever sends null (no value), which is never delivered to an input that excludes null', kind: 'only-null' };
  }
  return satisfies(deliverable, consumer);
}
