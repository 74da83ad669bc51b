// Untrusted JSON Schemas (valueSchemas and command params from manifests and graphs) are checked
// before any validator is built from them: a size and depth limit, and regex patterns that can
// backtrack catastrophically (ReDoS, as ajv's security notes warn) are refused. Pure.

export const SCHEMA_LIMITS = { maxBytes: 64 * 1024, maxDepth: 32, maxPatternLength: 512 } as const;

/**
 * A pattern is refused when a quantified group contains a quantifier or an alternation
 * (`(a+)+`, `(a|aa)*`, `(\w*\s?)*`), or it has a backreference: the shapes that make a
 * backtracking engine take exponential time.
 */
export function unsafePattern(pattern: string): string | null {
  if (pattern.length > SCHEMA_LIMITS.maxPatternLength) return `pattern is longer than ${SCHEMA_LIMITS.maxPatternLength} characters`;
  if (/\\[1-9]|\\k</.test(pattern)) return 'pattern uses a backreference';
  // scan groups: for each '(' find its ')' and look at what follows and what is inside
  const stack: { start: number; inner: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // skip a character class
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') stack.push({ start: i, inner: false });
    else if (c === ')') {
      const g = stack.pop();
      if (!g) continue;
      const next = pattern[i + 1];
      const quantified = next === '*' || next === '+' || next === '{';
      if (quantified && g.inner) return `pattern repeats a group that itself repeats or alternates (${pattern.slice(g.start, i + 2)}): it can take exponential time`;
      const parent = stack[stack.length - 1];
      if (parent && (g.inner || quantified)) parent.inner = true;
    } else if ((c === '*' || c === '+' || c === '{' || c === '|') && stack.length) {
      const top = stack[stack.length - 1]!;
      top.inner = true;
    }
  }
  return null;
}

/** What is wrong with an untrusted schema, or null. */
export function schemaProblem(schema: unknown): string | null {
  let text: string;
  try {
    text = JSON.stringify(schema) ?? '';
  } catch {
    return 'the schema is not JSON';
  }
  if (text.length > SCHEMA_LIMITS.maxBytes) return `the schema is larger than ${SCHEMA_LIMITS.maxBytes / 1024} KiB`;
  const walk = (v: unknown, depth: number, at: string): string | null => {
    if (depth > SCHEMA_LIMITS.maxDepth) return `the schema nests deeper than ${SCHEMA_LIMITS.maxDepth} levels (at ${at})`;
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) {
        const p = walk(x, depth + 1, `${at}/${i}`);
        if (p) return p;
      }
      return null;
    }
    if (v === null || typeof v !== 'object') return null;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'pattern' && typeof x === 'string') {
        const p = unsafePattern(x);
        if (p) return `${at}/pattern: ${p}`;
      }
      if (k === 'patternProperties' && x && typeof x === 'object') {
        for (const key of Object.keys(x)) {
          const p = unsafePattern(key);
          if (p) return `${at}/patternProperties: ${p}`;
        }
      }
      const p = walk(x, depth + 1, `${at}/${k}`);
      if (p) return p;
    }
    return null;
  };
  return walk(schema, 0, '(schema)');
}
