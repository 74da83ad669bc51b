// The loop that checks the simplest schema patterns gives RE2's and the platform's verdicts, on
// every such pattern of the schemas and on strings around their edges.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RE2JS } from 're2js';
import { simplePattern, SIMPLE_TEST_SOURCE, type SimpleSpec } from './simple-patterns.js';
import { toRe2Syntax } from '../src/shared/linear-regexp.js';

// the generated module's own function (tests may eval; the renderer never does)
const simpleTest = new Function(`${SIMPLE_TEST_SOURCE}; return __simpleTest;`)() as (spec: SimpleSpec, s: string) => boolean;

function schemaPatterns(): string[] {
  const dir = resolve(import.meta.dirname, '..', 'schemas');
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'pattern' && typeof x === 'string') out.add(x);
        else walk(x);
      }
    }
  };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) walk(JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return [...out];
}

function samples(spec: SimpleSpec, seed: number): string[] {
  let x = seed;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
  const [fixed, last, min, max] = spec;
  const alphabet = [...new Set([...fixed.join(''), ...last, 'A', 'z', '0', '-', '_', '.', ' ', '\n', 'é', '😀', '\u0000'])];
  const out: string[] = ['', 'x', '-', '\n'];
  const top = fixed.length + (max === -1 ? min + 5 : max) + 2;
  for (let i = 0; i < 400; i++) {
    // half the strings have a length the pattern allows, or one off it
    const len = i % 2 ? rnd(top + 1) : Math.max(0, fixed.length + min + rnd((max === -1 ? 5 : max - min) + 1) + (i % 8 === 0 ? (rnd(2) ? 1 : -1) : 0));
    const wrongAt = i % 4 === 0 ? rnd(len + 1) : -1; // one character that may not fit
    let s = '';
    for (let k = 0; k < len; k++) {
      const pool = k === wrongAt ? alphabet.join('') : (k < fixed.length ? fixed[k]! : last) || 'a';
      s += [...pool][rnd([...pool].length)];
    }
    out.push(s, `${s}\n`);
  }
  return out;
}

describe('simple schema patterns', () => {
  const patterns = schemaPatterns();

  it('finds the id patterns of the envelopes simple, and leaves the others to RE2', () => {
    expect(simplePattern('^[A-Za-z0-9_-]{1,64}$')).toEqual([[], 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 1, 64]);
    for (const p of ['^master_', '^[a-z0-9]+([._-][a-z0-9]+)*$', '^[^.\\s*>]+$', '^[a-z]{2}[b]$', '^[a\\d]+$', '[a-z]+$', '^[a-z]+']) expect(simplePattern(p), p).toBeNull();
    expect(patterns.filter((p) => simplePattern(p)).length).toBeGreaterThanOrEqual(5);
  });

  it('gives the verdicts of RE2 and of the platform on every simple pattern of the schemas', () => {
    for (const [i, p] of patterns.entries()) {
      const spec = simplePattern(p);
      if (!spec) continue;
      const native = new RegExp(p, 'u');
      const re2 = RE2JS.compile(toRe2Syntax(p));
      let matched = 0;
      for (const s of samples(spec, i + 1)) {
        const want = native.test(s);
        if (want) matched++;
        expect(re2.test(s), `${p} on ${JSON.stringify(s)} (RE2)`).toBe(want);
        expect(simpleTest(spec, s), `${p} on ${JSON.stringify(s)}`).toBe(want);
      }
      expect(matched, `${p}: strings that match`).toBeGreaterThan(10);
    }
  });
});
