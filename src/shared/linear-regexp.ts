// Every regular expression that comes from a JSON Schema (`pattern`, `patternProperties`) runs on
// RE2 (the `re2js` port, pure JS): matching takes time linear in the input for any pattern, so
// no pattern can freeze the master or the editor however it is written (a backtracking engine
// takes seconds on `^\d*\d*\d*\d*\d*x$` and a 250-character value). Pure.
//
// Schemas are written in ECMAScript syntax (JSON Schema says so; ajv and the renderer's validator
// compile them with the `u` flag). A pattern is first checked with the platform's parser (only
// parsed, never run), then translated to RE2 syntax with ECMAScript's meaning kept where RE2's
// differs (`\s`, `\S`, `.`, `[]`, `[^]`, `\uXXXX`). What RE2 cannot do in linear time is refused
// with a reason: backreferences and lookaround, repeat counts over 1000.
import { RE2JS } from 're2js';

/** Patterns longer than this are refused (they come from schemas of at most 64 KiB). */
export const MAX_PATTERN_LENGTH = 512;

/** What ajv and the interpreting validator need of a compiled pattern. */
export interface LinearRegExp {
  test(input: string): boolean;
  /** The RE2 source: ajv keys its pattern cache on it, so it must differ between patterns that differ. */
  toString(): string;
}

// ECMAScript's \s (WhiteSpace and LineTerminator) and its complement, as code point ranges.
const WS: [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const hex = (n: number) => `\\x{${n.toString(16)}}`;
const ranges = (rs: [number, number][]) => rs.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
const complement = (rs: [number, number][]): [number, number][] => {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of rs) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
};
const SPACE = ranges(WS);
const NON_SPACE = ranges(complement(WS));
/** `.` without the `s` flag: anything but a line terminator. */
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const ANY = '[\\x{0}-\\x{10ffff}]';

export class PatternError extends Error {}

/** The platform's RegExp, held here: the renderer's validator swaps the global one for RE2 while it runs. */
const NativeRegExp = RegExp;

const isHex = (s: string) => /^[0-9A-Fa-f]+$/.test(s);

/** A piece of the translation: the RE2 text of the pattern from an index, and the index after it. */
interface Step {
  text: string;
  next: number;
}

const noLinear = (what: string): never => {
  throw new PatternError(`the pattern uses ${what}, which the linear-time regular expression engine (RE2) does not support; rewrite it without it`);
};

/** `\u{X...}`, `\uXXXX`, or a surrogate pair `\uD83D\uDE00` (one code point under the u flag) at `i`. */
function unicodeEscape(pattern: string, i: number): Step {
  if (pattern[i + 2] === '{') {
    const end = pattern.indexOf('}', i + 3);
    return { text: hex(parseInt(pattern.slice(i + 3, end), 16)), next: end + 1 };
  }
  const hi = parseInt(pattern.slice(i + 2, i + 6), 16);
  const lowText = pattern.slice(i + 8, i + 12);
  if (hi >= 0xd800 && hi <= 0xdbff && pattern.slice(i + 6, i + 8) === '\\u' && isHex(lowText) && lowText.length === 4) {
    const lo = parseInt(lowText, 16);
    if (lo >= 0xdc00 && lo <= 0xdfff) return { text: hex(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)), next: i + 12 };
  }
  return { text: hex(hi), next: i + 6 };
}

/** The escape at `i` (a backslash) in RE2 syntax; backreferences are refused. */
function escape(pattern: string, i: number, inClass: boolean): Step {
  const e = pattern[i + 1] ?? '';
  if (/[1-9]/.test(e)) noLinear(`a backreference '\\${e}'`);
  if (e === 'k') noLinear("a named backreference '\\k<...>'");
  if (e === 's' || e === 'S') {
    const set = e === 's' ? SPACE : NON_SPACE;
    return { text: inClass ? set : `[${set}]`, next: i + 2 };
  }
  if (e === 'u') return unicodeEscape(pattern, i);
  if (e === 'x') return { text: hex(parseInt(pattern.slice(i + 2, i + 4), 16)), next: i + 4 };
  if (e === 'c') return { text: hex(pattern.charCodeAt(i + 2) % 32), next: i + 3 };
  // NUL; and [\b] is a backspace in ECMAScript
  if (e === '0' || (e === 'b' && inClass)) return { text: hex(e === '0' ? 0 : 8), next: i + 2 };
  if (e === '/') return { text: '/', next: i + 2 };
  if (e === 'p' || e === 'P') {
    const end = pattern.indexOf('}', i + 3);
    return { text: pattern.slice(i, end + 1), next: end + 1 };
  }
  // \d \D \w \W \b \B \f \n \r \t \v and escaped syntax characters mean the same in RE2.
  return { text: `\\${e}`, next: i + 2 };
}

/** The `[` at `i`: an empty class, `[^]`, or the start of a class (inClass: a class is open after it). */
function openClass(pattern: string, i: number): Step & { inClass: boolean } {
  // ECMAScript's empty class matches nothing and [^] matches anything; RE2 reads `]` there as a literal.
  if (pattern.startsWith('[]', i)) return { text: `[^${ANY.slice(1)}`, next: i + 2, inClass: false };
  if (pattern.startsWith('[^]', i)) return { text: ANY, next: i + 3, inClass: false };
  return pattern[i + 1] === '^' ? { text: '[^', next: i + 2, inClass: true } : { text: '[', next: i + 1, inClass: true };
}

/** A `(?` group head at `i`: lookaround is refused, a named group gets RE2's `(?P<`; undefined for the others. */
function groupHead(pattern: string, i: number): Step | undefined {
  const head = pattern.slice(i, i + 4);
  if (head.startsWith('(?=') || head.startsWith('(?!')) noLinear(`a lookahead '${head.slice(0, 3)}'`);
  if (head === '(?<=' || head === '(?<!') noLinear(`a lookbehind '${head}'`);
  return head.startsWith('(?<') ? { text: '(?P<', next: i + 3 } : undefined;
}

/** Checks a pattern's length and its ECMAScript grammar (PatternError when it fails). */
function checkPattern(pattern: string): void {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new PatternError(`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  try {
    // Parsed only (V8 compiles a pattern on its first use), to hold it to ECMAScript's grammar.
    new NativeRegExp(pattern, 'u');
  } catch (err) {
    throw new PatternError(`the pattern is not a valid regular expression (${(err as Error).message})`);
  }
}

/**
 * The RE2 form of an ECMAScript (`u` flag) pattern, or a PatternError saying why it has none.
 * The translation keeps ECMAScript's meaning: RE2 is given explicit code point sets where the two
 * dialects disagree.
 */
export function toRe2Syntax(pattern: string): string {
  checkPattern(pattern);
  if (pattern === '') return '(?:)';
  let out = '';
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    let step: Step | undefined;
    if (c === '\\') step = escape(pattern, i, inClass);
    else if (inClass) {
      if (c === ']') inClass = false;
      // `[` is literal in an ECMAScript class; in RE2 `[:` would start a POSIX class.
      step = { text: c === '[' ? '\\[' : c, next: i + 1 };
    } else if (c === '[') {
      const open = openClass(pattern, i);
      inClass = open.inClass;
      step = open;
    } else if (c === '(' && pattern[i + 1] === '?') step = groupHead(pattern, i);
    else if (c === '.') step = { text: DOT, next: i + 1 };
    if (step === undefined) {
      // A code point (a surrogate pair stays together) or a metacharacter that RE2 reads the same way.
      const ch = String.fromCodePoint(pattern.codePointAt(i)!);
      step = { text: ch, next: i + ch.length };
    }
    out += step.text;
    i = step.next;
  }
  return out;
}

const MAX_CACHED = 256;
const cache = new Map<string, RE2JS | PatternError>();

/** The compiled pattern (cached by source), or a PatternError saying why it is refused. */
export function compileLinear(pattern: string): LinearRegExp {
  let hit = cache.get(pattern);
  if (hit === undefined) {
    try {
      hit = RE2JS.compile(toRe2Syntax(pattern));
    } catch (err) {
      hit =
        err instanceof PatternError
          ? err
          : new PatternError(`the linear-time regular expression engine (RE2) cannot compile the pattern: ${(err as Error).message.replace(/^error parsing regexp: /, '')}`);
    }
    cache.set(pattern, hit);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  }
  if (hit instanceof PatternError) throw hit;
  return hit;
}

/** Why an untrusted pattern is refused, or null when it compiles. */
export function patternProblem(pattern: string): string | null {
  try {
    compileLinear(pattern);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * ajv's `code.regExp` engine. It returns the RE2JS object itself: ajv keys compiled patterns on
 * `toString()`, so a wrapper without one would make every pattern share the first one's slot.
 * `code` is what ajv's standalone output calls (scripts/gen-validators.ts defines it there).
 */
export const linearRegExp = Object.assign((pattern: string, _flags?: string): LinearRegExp => compileLinear(pattern), { code: '__linearRegExp' });
