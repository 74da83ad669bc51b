import { describe, expect, it } from 'vitest';
import { isAnySchema, sameStateSchema, satisfies } from './schema-compat.js';

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
    expect(satisfies({ type: 'object', properties: { x: { type: 'string' } } }, { type: 'object', properties: { x: { type: 'number' } } })).toMatchObject({ ok: false, reason: expect.stringContaining('value.x') });
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
