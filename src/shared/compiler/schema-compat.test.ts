import { describe, expect, it } from 'vitest';
import { acceptsNull, dataFits, isAnySchema, sameStateSchema, satisfies, withoutNull } from './schema-compat.js';

const ok = (p: unknown, c: unknown): boolean => satisfies(p, c).ok;

describe('satisfies (producer fits consumer)', () => {
  it('any on either side matches', () => {
    expect(ok(undefined, { type: 'number' })).toBe(true);
    expect(ok({}, { type: 'number' })).toBe(true);
    expect(ok({ type: 'string' }, { description: 'anything' })).toBe(true);
    expect(isAnySchema({ title: 'x' })).toBe(true);
  });
  it('types: subset, integer within number', () => {
    expect(ok({ type: 'integer' }, { type: 'number' })).toBe(true);
    expect(ok({ type: 'number' }, { type: 'integer' })).toBe(false);
    expect(ok({ type: ['number', 'null'] }, { type: 'number' })).toBe(false);
    expect(ok({ type: 'number' }, { type: ['number', 'null'] })).toBe(true);
  });
  it('enum/const subsets, and values against types', () => {
    expect(ok({ enum: ['a'] }, { enum: ['a', 'b'] })).toBe(true);
    expect(ok({ const: 'c' }, { enum: ['a', 'b'] })).toBe(false);
    expect(ok({ type: 'string' }, { enum: ['a', 'b'] })).toBe(false);
    expect(ok({ enum: [1, 2] }, { type: 'integer' })).toBe(true);
    expect(ok({ enum: [1.5] }, { type: 'integer' })).toBe(false);
  });
  it('objects: required and shared properties recurse', () => {
    const point = { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] };
    expect(ok(point, { type: 'object', required: ['x'] })).toBe(true);
    expect(ok({ type: 'object', required: ['x'] }, point)).toBe(false);
    expect(satisfies({ type: 'object', properties: { x: { type: 'string' } } }, { type: 'object', properties: { x: { type: 'number' } } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('value.x'),
    });
    expect(ok({ type: 'array', items: { type: 'string' } }, { type: 'array', items: { type: 'number' } })).toBe(false);
  });
  it('accepts what it does not understand', () => {
    expect(ok({ anyOf: [{ type: 'string' }] }, { type: 'number' })).toBe(true);
    expect(ok({ type: 'number' }, { $ref: '#/x' })).toBe(true);
  });
});

describe('sameStateSchema', () => {
  it('ignores title and description at every level, but not property names', () => {
    expect(sameStateSchema({ type: 'number', title: 'A' }, { type: 'number', description: 'b' })).toBe(true);
    expect(sameStateSchema({ type: 'object', properties: { title: { type: 'string' } } }, { type: 'object', properties: {} })).toBe(false);
    expect(sameStateSchema({ type: 'number', minimum: 0 }, { type: 'number' })).toBe(false);
  });
});

describe('the null rule: null means "no value" and is never delivered to an input that excludes it', () => {
  const fits = (p: unknown, c: unknown): boolean => dataFits(p, c).ok;
  it('acceptsNull: false only when the schema shows null is excluded', () => {
    expect(acceptsNull(undefined)).toBe(true);
    expect(acceptsNull({})).toBe(true);
    expect(acceptsNull({ type: ['number', 'null'] })).toBe(true);
    expect(acceptsNull({ enum: [1, null] })).toBe(true);
    expect(acceptsNull({ anyOf: [{ type: 'number' }] })).toBe(true);
    expect(acceptsNull({ type: 'number' })).toBe(false);
    expect(acceptsNull({ type: 'number', anyOf: [{ minimum: 0 }] })).toBe(false);
    expect(acceptsNull({ enum: ['a', 'b'] })).toBe(false);
    expect(acceptsNull({ const: 0 })).toBe(false);
    expect(acceptsNull(false)).toBe(false);
  });
  it('withoutNull takes the top-level null out of a producer, or leaves nothing', () => {
    expect(withoutNull({ type: ['number', 'null'], description: 'd' })).toEqual({ type: 'number', description: 'd' });
    expect(withoutNull({ type: ['number', 'boolean', 'null'] })).toEqual({ type: ['number', 'boolean'] });
    expect(withoutNull({ enum: [1, null] })).toEqual({ enum: [1] });
    expect(withoutNull({ type: 'null' })).toBe(false);
    expect(withoutNull({ const: null })).toBe(false);
    expect(withoutNull({})).toEqual({});
  });
  it('number | null feeds number (null is not delivered), and still feeds inputs that take null', () => {
    expect(fits({ type: ['number', 'null'] }, { type: 'number' })).toBe(true);
    expect(fits({ type: ['integer', 'null'] }, { type: 'number' })).toBe(true);
    expect(fits({ type: ['number', 'null'] }, { type: ['number', 'null'] })).toBe(true);
    expect(fits({ type: ['number', 'null'] }, {})).toBe(true);
    expect(fits({ enum: ['a', null] }, { enum: ['a', 'b'] })).toBe(true);
  });
  it('what is left after null must still fit; nested nulls are ordinary values', () => {
    expect(dataFits({ type: ['boolean', 'null'] }, { type: 'number' })).toMatchObject({ ok: false, kind: 'type', reason: expect.stringContaining('boolean') });
    expect(dataFits({ type: ['number', 'null'] }, { type: 'integer' })).toMatchObject({ ok: false, kind: 'type' });
    const nullableX = { type: 'object', properties: { x: { type: ['number', 'null'] } } };
    expect(fits(nullableX, { type: 'object', properties: { x: { type: 'number' } } })).toBe(false);
  });
  it('a producer that only ever sends null is refused where null is excluded', () => {
    expect(dataFits({ type: 'null' }, { type: 'number' })).toMatchObject({ ok: false, kind: 'only-null' });
    expect(fits({ type: 'null' }, {})).toBe(true);
  });
});
