import { describe, expect, it } from 'vitest';
import { schemaProblem, unsafePattern } from './schema-safety.js';
import { installValueValidator, validateValue } from './schemas.js';
import { interpretingValidator } from './value-validator.js';

describe('untrusted schemas', () => {
  it('refuses ReDoS-prone patterns and accepts ordinary ones', () => {
    for (const bad of ['(a+)+$', '^(a|aa)*$', '(\\w*\\s?)*x', '((ab)*)+', '(x+x+)+y', '(.*a){3}', '^(a)\\1$', 'a'.repeat(600)]) expect(unsafePattern(bad), bad).not.toBeNull();
    for (const ok of ['^[a-z0-9_-]{1,64}$', '^\\d+(\\.\\d+)?$', '(abc)+', '^(foo|bar)$', '[(+*)]+', '\\(a+\\)+']) expect(unsafePattern(ok), ok).toBeNull();
  });

  it('refuses oversize and deep schemas, naming where', () => {
    expect(schemaProblem({ enum: Array.from({ length: 20_000 }, (_, i) => `value-${i}`) })).toContain('larger than');
    let deep: object = { type: 'number' };
    for (let i = 0; i < 40; i++) deep = { items: deep };
    expect(schemaProblem(deep)).toContain('deeper than');
    expect(schemaProblem({ properties: { name: { type: 'string', pattern: '(a+)+$' } } })).toContain('(schema)/properties/name/pattern');
    expect(schemaProblem({ patternProperties: { '^(a|ab)*$': {} } })).toContain('patternProperties');
    expect(schemaProblem({ type: 'object', properties: { x: { type: 'string', pattern: '^[a-z]+$' } } })).toBeNull();
  });

  it('validateValue refuses an unsafe schema before compiling it, with either validator', () => {
    const evil = { type: 'string', pattern: '^(a+)+$' };
    const attack = `${'a'.repeat(40)}!`;
    const r = validateValue(evil, attack);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('schema refused');
    // the renderer's interpreting validator sits behind the same gate
    installValueValidator(interpretingValidator);
    try {
      const i = validateValue({ type: 'string', pattern: '^(a|aa)*$' }, attack);
      expect(i.ok).toBe(false);
      if (!i.ok) expect(i.message).toContain('schema refused');
      expect(validateValue({ type: 'string', pattern: '^a+$' }, 'aaa').ok).toBe(true);
    } finally {
      installValueValidator(null);
    }
  });
});
