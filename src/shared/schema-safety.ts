// Untrusted JSON Schemas (valueSchemas and command params from manifests and graphs) are checked
// before any validator is built from them: a size and depth limit, and every regular expression
// they hold (`pattern`, `patternProperties` keys) must compile on the linear-time engine that
// runs it (src/shared/linear-regexp.ts). A refused schema is reported with the path of what is
// wrong in it. Pure.
//
// (This once refused "ReDoS-prone" pattern shapes such as `(a+)+` instead; shapes miss polynomial
// cases like `^\d*\d*\d*\d*\d*x$`, and with every pattern on RE2 no shape is dangerous any more.)
import { MAX_PATTERN_LENGTH, patternProblem } from './linear-regexp.js';

export const SCHEMA_LIMITS = { maxBytes: 64 * 1024, maxDepth: 32, maxPatternLength: MAX_PATTERN_LENGTH } as const;

export { patternProblem };

/** Keywords whose value is data, not a schema: a `pattern` key inside them is not a pattern. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);
/** Keywords whose value maps names to schemas: its keys are names, not keywords. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);

const pointerToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** What is wrong with an untrusted schema (with its path, from `(schema)`), or null. */
export function schemaProblem(schema: unknown): string | null {
  let text: string;
  try {
    text = JSON.stringify(schema) ?? '';
  } catch {
    return 'the schema is not JSON';
  }
  if (text.length > SCHEMA_LIMITS.maxBytes) return `the schema is larger than ${SCHEMA_LIMITS.maxBytes / 1024} KiB`;
  // `mode`: what `v` is: a schema (its keys are keywords), a map of names to schemas, or data
  // (only its depth matters).
  type Mode = 'schema' | 'names' | 'data';
  const walk = (v: unknown, depth: number, at: string, mode: Mode): string | null => {
    if (depth > SCHEMA_LIMITS.maxDepth) return `the schema nests deeper than ${SCHEMA_LIMITS.maxDepth} levels (at ${at})`;
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) {
        const p = walk(x, depth + 1, `${at}/${i}`, mode === 'data' ? 'data' : 'schema');
        if (p) return p;
      }
      return null;
    }
    if (v === null || typeof v !== 'object') return null;
    for (const [k, x] of Object.entries(v)) {
      const here = `${at}/${pointerToken(k)}`;
      const next: Mode = mode === 'schema' ? (DATA_KEYWORDS.has(k) ? 'data' : NAME_MAPS.has(k) ? 'names' : 'schema') : mode === 'names' ? 'schema' : 'data';
      if (mode === 'schema' && k === 'pattern' && typeof x === 'string') {
        const p = patternProblem(x);
        if (p) return `${here}: ${p}`;
      }
      if (mode === 'schema' && k === 'patternProperties' && x && typeof x === 'object' && !Array.isArray(x)) {
        for (const key of Object.keys(x)) {
          const p = patternProblem(key);
          if (p) return `${here}/${pointerToken(key)}: ${p}`;
        }
      }
      const p = walk(x, depth + 1, here, next);
      if (p) return p;
    }
    return null;
  };
  return walk(schema, 0, '(schema)', 'schema');
}
