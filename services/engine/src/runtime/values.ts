// Small value helpers shared by the engine and the operators. Pure.
import type { JsonSchema } from './types.js';

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Deep equality for JSON-like values (NaN equals NaN). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameValue((a as Record<string, unknown>)[k], rb[k]));
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'number':
      return typeof v === 'number';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isRecord(v);
    default:
      return true;
  }
}

/**
 * A minimal check of a value against a JSON Schema: `type`, `enum`, `const`, `minimum`,
 * `maximum`. Returns a problem, or null when the value passes (or the schema says more than
 * this understands: the host validates fully with ajv at its boundary).
 */
export function checkValue(schema: JsonSchema | undefined, v: unknown): string | null {
  if (!isRecord(schema)) return null;
  const type = schema.type;
  if (typeof type === 'string' || Array.isArray(type)) {
    const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
    if (types.length > 0 && !types.some((t) => typeMatches(t, v))) return `must be ${types.join(' or ')} (got ${describeValue(v)})`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameValue(e, v))) {
    return `must be one of ${schema.enum.map(describeValue).join(', ')} (got ${describeValue(v)})`;
  }
  if ('const' in schema && !sameValue(schema.const, v)) return `must be ${describeValue(schema.const)} (got ${describeValue(v)})`;
  if (typeof v === 'number') {
    if (typeof schema.minimum === 'number' && v < schema.minimum) return `must be >= ${schema.minimum} (got ${describeValue(v)})`;
    if (typeof schema.maximum === 'number' && v > schema.maximum) return `must be <= ${schema.maximum} (got ${describeValue(v)})`;
  }
  return null;
}

/** A number from an input value: numbers as-is, booleans 1/0, numeric strings parsed; else undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

/** JSON-safe number: NaN and ±Infinity become null. */
export function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** A deterministic PRNG (mulberry32), the default random source when none is injected. */
export function seededRandom(seed = 0x8f5eed): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
