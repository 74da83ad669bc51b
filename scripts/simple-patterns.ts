// Schema patterns simple enough to check without a regular expression engine: `^`, character
// classes of ASCII characters, only the last one quantified (`{m,n}`, `{n}`, `+`, `*`), `$`. For
// example `^[A-Za-z0-9_-]{1,64}$` or `^[a-z0-9][a-z0-9_-]{0,63}$`, the ids every envelope carries.
// Such a pattern has one way to match (the unquantified classes take the first characters one
// each, the last class the rest), so a loop over the string decides it in linear time, as RE2
// would, without compiling RE2's program (~10 ms on a cold start). The generated validators use
// these (scripts/gen-validators.ts); any other pattern goes to RE2.

/** [each unquantified class's characters, the last class's characters, its min, its max (-1: no limit)]. */
export type SimpleSpec = [fixed: string[], last: string, min: number, max: number];

const CLASS_CHAR = /[A-Za-z0-9_\-./=:]/;

/** The characters of a class body (`A-Za-z0-9_-`), or null when it is not a plain ASCII set. */
function classChars(body: string): string | null {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (!CLASS_CHAR.test(c)) return null;
    const next = body[i + 1];
    const end = body[i + 2];
    if (next === '-' && end !== undefined && end !== ']') {
      if (!CLASS_CHAR.test(end) || !/[A-Za-z0-9]/.test(c) || !/[A-Za-z0-9]/.test(end) || end < c) return null;
      for (let k = c.charCodeAt(0); k <= end.charCodeAt(0); k++) out += String.fromCharCode(k);
      i += 2;
    } else if (c === '-' && i !== 0 && i !== body.length - 1) {
      return null; // a `-` in the middle that is not a range: leave it to RE2
    } else {
      out += c;
    }
  }
  const unique = [...new Set(out)].join('');
  return unique.length ? unique : null;
}

/** The spec of a simple pattern, or null (the pattern then runs on RE2). */
export function simplePattern(pattern: string): SimpleSpec | null {
  const m = /^\^((?:\[[^\]\\[^]+\])+)(?:\{(\d+)(?:,(\d+))?\}|(\+)|(\*))?\$$/.exec(pattern);
  if (!m) return null;
  const classes: string[] = [];
  for (const c of m[1]!.matchAll(/\[([^\]]+)\]/g)) {
    const chars = classChars(c[1]!);
    if (chars === null) return null;
    classes.push(chars);
  }
  const [, , lo, hi, plus, star] = m;
  if (lo === undefined && plus === undefined && star === undefined) return [classes, '', 0, 0];
  const last = classes.pop()!;
  const min = lo !== undefined ? Number(lo) : plus ? 1 : 0;
  const max = lo !== undefined ? (hi !== undefined ? Number(hi) : min) : -1;
  if (max !== -1 && max < min) return null;
  return [classes, last, min, max];
}

/** The check, as the generated module defines it (plain JS: the renderer's CSP allows no eval). */
export const SIMPLE_TEST_SOURCE = `function __simpleTest(spec, s) {
  const fixed = spec[0], last = spec[1], min = spec[2], max = spec[3];
  const n = s.length - fixed.length;
  if (n < min || (max !== -1 && n > max)) return false;
  for (let i = 0; i < fixed.length; i++) if (!fixed[i].includes(s[i])) return false;
  for (let i = fixed.length; i < s.length; i++) if (!last.includes(s[i])) return false;
  return true;
}`;
