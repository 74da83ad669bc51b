// The interpreting validator (CSP-safe, for the renderer) against ajv (the Node side): the same
// verdict and the same issue paths for every case of the table.
import { describe, expect, it } from 'vitest';
import { interpretingValidator } from './value-validator.js';
import { validateValue } from './schemas.js';

const num = { type: 'number' };
const CASES: [string, object | boolean, unknown][] = [
  ['number ok', num, 1.5],
  ['number wrong type', num, 'x'],
  ['integer refuses 1.5', { type: 'integer' }, 1.5],
  ['integer ok', { type: 'integer' }, 3],
  ['minimum', { type: 'number', minimum: 0 }, -1],
  ['maximum ok', { type: 'number', maximum: 10 }, 10],
  ['exclusiveMaximum', { type: 'number', exclusiveMaximum: 10 }, 10],
  ['multipleOf', { type: 'number', multipleOf: 0.5 }, 0.3],
  ['string minLength', { type: 'string', minLength: 2 }, 'a'],
  ['string maxLength ok', { type: 'string', maxLength: 2 }, 'ab'],
  ['pattern', { type: 'string', pattern: '^[a-z]+$' }, 'AB'],
  ['enum ok', { enum: ['sine', 'square'] }, 'sine'],
  ['enum wrong', { enum: ['sine', 'square'] }, 'saw'],
  ['const', { const: 3 }, 4],
  ['boolean', { type: 'boolean' }, 'true'],
  ['null allowed', { type: ['number', 'null'] }, null],
  ['union wrong', { type: ['number', 'null'] }, 'x'],
  ['true schema', true, { any: 1 }],
  ['false schema', false, 1],
  ['empty schema', {}, [1, 2]],
  ['object required', { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, {}],
  ['object nested wrong', { type: 'object', properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'integer' } } } }, { a: 'x', b: [1, 'y', 3] }],
  ['object additionalProperties', { type: 'object', properties: { a: num }, additionalProperties: false }, { a: 1, z: 2 }],
  ['object ok', { type: 'object', properties: { a: num } }, { a: 2, extra: true }],
  ['array minItems', { type: 'array', minItems: 2 }, [1]],
  ['array maxItems ok', { type: 'array', maxItems: 2 }, [1, 2]],
  ['array uniqueItems', { type: 'array', uniqueItems: true }, [1, 1]],
  ['tuple items', { type: 'array', items: [num, { type: 'string' }] }, [1, 2]],
  ['anyOf shallow', { anyOf: [{ type: 'string' }, num] }, true],
  ['anyOf ok', { anyOf: [{ type: 'string' }, num] }, 2],
  ['anyOf deep', { anyOf: [{ type: 'object', properties: { a: num }, required: ['a'] }, { type: 'string' }] }, { a: 'x' }],
  ['oneOf both', { oneOf: [num, { type: 'integer' }] }, 2],
  ['oneOf ok', { oneOf: [{ type: 'string' }, num] }, 'x'],
  ['allOf', { allOf: [num, { minimum: 5 }] }, 3],
  ['not', { not: { type: 'string' } }, 'x'],
  ['if/then', { if: { properties: { k: { const: 'a' } } }, then: { required: ['v'] } }, { k: 'a' }],
  ['if/then ok', { if: { properties: { k: { const: 'a' } } }, then: { required: ['v'] } }, { k: 'b' }],
  ['minProperties', { type: 'object', minProperties: 1 }, {}],
  ['dependencies', { dependencies: { a: ['b'] } }, { a: 1 }],
  ['nested array of objects', { type: 'array', items: { type: 'object', properties: { x: num }, required: ['x'] } }, [{ x: 1 }, { y: 2 }]],
  ['unknown keywords are ignored', { type: 'number', uiControl: 'slider', 'x-unit': 'Hz' }, 4],
  ['$ref to definitions', { definitions: { pos: { type: 'number', minimum: 0 } }, $ref: '#/definitions/pos' }, -2],
];

describe('interpreting validator vs ajv', () => {
  it.each(CASES)('%s', (_name, schema, value) => {
    const a = validateValue(schema, value);
    const b = interpretingValidator(schema, value);
    expect(b.ok).toBe(a.ok);
    if (!a.ok && !b.ok) {
      expect([...new Set(b.issues.map((i) => i.path))].sort()).toEqual([...new Set(a.issues.map((i) => i.path))].sort());
      for (const i of b.issues) expect(i.message.length).toBeGreaterThan(3);
    }
  });

  it('messages are short and say what was got', () => {
    const r = interpretingValidator({ type: 'number', minimum: 0 }, -1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^\(root\): .*-1/);
    const t = interpretingValidator({ type: 'integer' }, 'x');
    if (!t.ok) expect(t.issues[0]?.message).toBe("must be an integer (got string 'x')");
  });
});
