import { describe, expect, it } from 'vitest';
import { schemaProblem } from './schema-safety.js';
import { installValueValidator, validateValue } from './schemas.js';
import { interpretingValidator } from './value-validator.js';

describe('untrusted schemas', () => {
  it('accepts any pattern shape RE2 runs, including the old "ReDoS-prone" ones', () => {
    // on RE2 these take linear time; a backtracking engine would take exponential or polynomial time
    for (const p of ['(a+)+$', '^(a|aa)*$', '(\\w*\\s?)*x', '((ab)*)+', '(x+x+)+y', '(.*a){3}', '^\\d*\\d*\\d*\\d*\\d*x$', '^[a-z0-9_-]{1,64}$', '^(foo|bar)$']) {
      expect(schemaProblem({ type: 'string', pattern: p }), p).toBeNull();
    }
  });

  it('refuses oversize and deep schemas and patterns RE2 cannot run, naming where', () => {
    expect(schemaProblem({ enum: Array.from({ length: 20_000 }, (_, i) => `value-${i}`) })).toContain('larger than');
    let deep: object = { type: 'number' };
    for (let i = 0; i < 40; i++) deep = { items: deep };
    expect(schemaProblem(deep)).toContain('deeper than');
    // deep data counts too (it is compared recursively)
    let data: unknown = 1;
    for (let i = 0; i < 40; i++) data = [data];
    expect(schemaProblem({ const: data })).toContain('deeper than');
    expect(schemaProblem({ properties: { name: { type: 'string', pattern: '^(a)\\1$' } } })).toMatch(/^\(schema\)\/properties\/name\/pattern: .*backreference/);
    expect(schemaProblem({ patternProperties: { '^(?!x-)': {} } })).toMatch(/^\(schema\)\/patternProperties\/\^\(\?!x-\): .*lookahead/);
    expect(schemaProblem({ definitions: { 'a/b': { pattern: 'a'.repeat(600) } } })).toMatch(/^\(schema\)\/definitions\/a~1b\/pattern: the pattern is longer than 512/);
    expect(schemaProblem({ type: 'object', properties: { x: { type: 'string', pattern: '^[a-z]+$' } } })).toBeNull();
  });

  it('validateValue refuses a schema RE2 cannot run before compiling it, with either validator', () => {
    const lookahead = { type: 'string', pattern: '^(?=a)a+$' };
    const r = validateValue(lookahead, 'aaa');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/schema refused: \(schema\)\/pattern: .*lookahead/);
    // the renderer's interpreting validator sits behind the same gate
    installValueValidator(interpretingValidator);
    try {
      const i = validateValue(lookahead, 'aaa');
      expect(i.ok).toBe(false);
      if (!i.ok) expect(i.message).toMatch(/schema refused: \(schema\)\/pattern: .*lookahead/);
      expect(validateValue({ type: 'string', pattern: '^(a+)+$' }, `${'a'.repeat(40)}!`).ok).toBe(false);
      expect(validateValue({ type: 'string', pattern: '^a+$' }, 'aaa').ok).toBe(true);
    } finally {
      installValueValidator(null);
    }
  });
});
