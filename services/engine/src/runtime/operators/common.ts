// What the built-in operators share: value schemas, port and field builders, the numeric
// reading of state fields, and the per-tick memory of the stateful data operators. Pure.
//
// Conventions of every built-in:
// - Numeric inputs accept numbers, booleans (1/0) and numeric strings; other values are "not a
//   number" and make the output null. An unconnected (undefined) input counts as the operation's
//   identity (0 for add/subtract, 1 for multiply/divide) so a half-wired node still shows a value.
// - Results that are not finite numbers (NaN, ±Infinity, e.g. divide by 0) are reported as null,
//   which is what JSON can carry.
// - null means "no value" (docs/ports-and-types.md): an output that may have nothing to say
//   declares `number | null`, and the engine never hands a null to an input that excludes null
//   (that input keeps its last value), so such outputs chain into `number` inputs.
// - Stateful data operators (smooth, rate_limiter, random) advance at most once per tick: pulling
//   them twice in a tick recomputes from the previous tick's memory, so the result is stable.
import type { JsonSchema, OperatorContext, OperatorSpec, PortSpec, StateFieldSpec } from '../types.js';
import { toNumber } from '../values.js';

export const NUMBER: JsonSchema = { type: 'number' };
export const NUMBER_OR_NULL: JsonSchema = { type: ['number', 'null'] };
export const BOOLEAN: JsonSchema = { type: 'boolean' };
/** Inputs that read booleans as 1/0 and say so. */
export const NUMBER_OR_BOOLEAN: JsonSchema = { type: ['number', 'boolean'] };

const VERSION = '0.1.0';

/** The head every built-in spec starts with: class, label, version, description, one tag. */
export function specHead(operatorClass: string, label: string, tag: string, description: string): Pick<OperatorSpec, 'operatorClass' | 'label' | 'version' | 'description' | 'tags'> {
  return { operatorClass, label, version: VERSION, description, tags: [tag] };
}

export function dataPort(name: string, description: string, valueSchema?: JsonSchema): PortSpec {
  return valueSchema === undefined ? { name, description } : { name, valueSchema, description };
}

export function numField(name: string, def: number, description: string, extra: Partial<StateFieldSpec> = {}): StateFieldSpec {
  return { name, valueSchema: NUMBER, access: 'rw', default: def, showOnNode: true, uiControl: 'number', description, ...extra };
}

/** A numeric state field, or `fallback` when it is missing or not a number. */
export function num(ctx: OperatorContext, field: string, fallback: number): number {
  const v = toNumber(ctx.state(field));
  return v === undefined || Number.isNaN(v) ? fallback : v;
}
