// Readable messages from ajv errors: wrapper errors dropped, anyOf/oneOf collapsed to their
// most relevant alternative, a field name guessed for a typo (split out of schemas.ts). Pure.
import type { ErrorObject } from 'ajv';

export interface SchemaIssue {
  /** Where: a JSON pointer into the value (`/launch/command`), or `(root)`. */
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: SchemaIssue[]; message: string };

// ---------------------------------------------------------------- messages

export function failure(errors: readonly ErrorObject[]): { ok: false; issues: SchemaIssue[]; message: string } {
  const issues = toIssues(errors);
  return { ok: false, issues, message: joinIssues(issues) };
}

const MAX_ISSUES_IN_MESSAGE = 8;

export function joinIssues(issues: readonly SchemaIssue[]): string {
  if (issues.length === 0) return '(root): is invalid';
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((i) => `${i.path}: ${i.message}`);
  const rest = issues.length - shown.length;
  return rest > 0 ? `${shown.join('; ')}; and ${rest} more` : shown.join('; ');
}

/** Ajv errors as readable issues: branch noise collapsed, duplicates dropped. */
export function toIssues(errors: readonly ErrorObject[]): SchemaIssue[] {
  const kept = collapse(errors);
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const err of kept) {
    const issue: SchemaIssue = { path: err.instancePath === '' ? '(root)' : err.instancePath, message: messageOf(err) };
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** An error made here (a collapsed anyOf/oneOf). */
const COMBINED = '$combined';

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function baseOf(schemaPath: string): string {
  const i = schemaPath.indexOf('#');
  return i < 0 ? schemaPath : schemaPath.slice(0, i);
}

/**
 * Drops the wrapper errors ajv adds around the real ones (`if`: "must match then schema",
 * `propertyNames`: "property name must be valid") and collapses each anyOf/oneOf to the
 * errors of its most relevant alternative.
 */
function collapse(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const err of errors) {
    if (err.keyword === 'if' || err.keyword === 'propertyNames') continue;
    if (err.keyword !== 'anyOf' && err.keyword !== 'oneOf') {
      out.push(err);
      continue;
    }
    // Its alternatives' errors were pushed just before it: walk back over them.
    const own = `${err.schemaPath}/`;
    const parent = err.schemaPath.slice(0, err.schemaPath.length - err.keyword.length);
    const base = baseOf(err.schemaPath);
    let start = out.length;
    while (start > 0) {
      const prev = out[start - 1] as ErrorObject;
      if (!isUnder(prev.instancePath, err.instancePath)) break;
      const sibling = !prev.schemaPath.startsWith(own) && baseOf(prev.schemaPath) === base && prev.schemaPath.startsWith(parent);
      if (sibling) break;
      start--;
    }
    const children = out.splice(start);
    const passing = (err.params as { passingSchemas?: unknown }).passingSchemas;
    if (err.keyword === 'oneOf' && Array.isArray(passing)) {
      out.push(combined(err, `must match exactly one alternative, but matches ${passing.length} (oneOf ${passing.join(', ')})`));
      continue;
    }
    const shallow = children.filter((c) => c.instancePath === err.instancePath && (c.keyword === 'type' || c.keyword === 'const' || c.keyword === 'enum') && c.propertyName === undefined);
    const deep = children.filter((c) => !shallow.includes(c));
    if (deep.length > 0) {
      out.push(...deep);
    } else if (shallow.length > 0) {
      const parts: string[] = [];
      for (const c of shallow) {
        if (c.keyword === 'type') parts.push(...toList((c.params as { type: unknown }).type).map(typeName));
        else if (c.keyword === 'const') parts.push(quote((c.params as { allowedValue: unknown }).allowedValue));
        else parts.push(...toList((c.params as { allowedValues: unknown }).allowedValues).map(quote));
      }
      out.push(combined(err, `must be ${joinOr([...new Set(parts)])} (got ${describeValue(err.data)})`));
    } else {
      out.push(combined(err, 'must match one of the alternatives'));
    }
  }
  return out;
}

function combined(err: ErrorObject, message: string): ErrorObject {
  return { ...err, keyword: COMBINED, params: {}, message };
}

function toList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function joinOr(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? 'valid';
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

/** A short rendering of a value for a message: strings quoted, containers named. */
function quote(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`;
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

/** A JSON type with its article: "a string", "an integer", "null". */
function typeName(t: unknown): string {
  const name = String(t);
  if (name === 'null') return 'null';
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `string ${quote(v)}`;
  if (typeof v === 'number') return `number ${v}`;
  if (typeof v === 'boolean') return `boolean ${v}`;
  return typeof v;
}

function titleOf(err: ErrorObject): string | undefined {
  const t = (err.parentSchema as { title?: unknown } | undefined)?.title;
  return typeof t === 'string' && t.length > 0 && t.length <= 40 ? t : undefined;
}

function examplesOf(err: ErrorObject): string {
  const ex = (err.parentSchema as { examples?: unknown } | undefined)?.examples;
  return Array.isArray(ex) && ex.length > 0 ? ` (e.g. ${ex.slice(0, 2).map(quote).join(', ')})` : '';
}

/** "'Bad' is not a valid instanceId: <rule>" when the schema has a title, else "<rule> (got 'Bad')". */
function aboutValue(err: ErrorObject, rule: string, withExamples = false): string {
  const subject = err.propertyName !== undefined ? `key ${quote(err.propertyName)}` : quote(err.data);
  const title = titleOf(err);
  if (title) return `${subject} is not a valid ${title}: ${rule}${withExamples ? examplesOf(err) : ''}`;
  if (err.propertyName !== undefined) return `${subject} ${rule}`;
  return `${rule} (got ${describeValue(err.data)})`;
}

function messageOf(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case COMBINED:
      return err.message ?? 'is invalid';
    case 'required': {
      // A conditional requirement says why (the description of its `then`).
      const why = err.schemaPath.endsWith('/then/required') ? (err.parentSchema as { description?: unknown } | undefined)?.description : undefined;
      return `must have required property '${String(p.missingProperty)}'${typeof why === 'string' ? ` (${why})` : ''}`;
    }
    case 'additionalProperties':
      return unknownField(err, String(p.additionalProperty));
    case 'type':
      return `must be ${joinOr(toList(p.type).map(typeName))} (got ${describeValue(err.data)})`;
    case 'pattern':
      return aboutValue(err, `must match pattern ${String(p.pattern)}`, true);
    case 'enum':
      return aboutValue(err, `must be one of ${toList(p.allowedValues).map(quote).join(', ')}`);
    case 'const':
      return aboutValue(err, `must be ${quote(p.allowedValue)}`);
    case 'not': {
      const description = (err.schema as { description?: unknown } | undefined)?.description;
      return aboutValue(err, typeof description === 'string' ? `must not be ${description}` : 'must not match the excluded schema');
    }
    case 'format':
      return aboutValue(err, `must be ${p.format === 'date-time' ? 'an RFC 3339 date-time (e.g. 2024-01-31T12:00:00Z)' : `a valid ${String(p.format)}`}`);
    case 'minLength':
      return p.limit === 1 ? aboutValue(err, 'must not be empty') : aboutValue(err, `must be at least ${String(p.limit)} characters long`);
    case 'maxLength':
      return aboutValue(err, `must be at most ${String(p.limit)} characters long`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return aboutValue(err, `must be ${String(p.comparison)} ${String(p.limit)}`);
    case 'multipleOf':
      return aboutValue(err, `must be a multiple of ${String(p.multipleOf)}`);
    case 'minItems':
      return `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'uniqueItems':
      return `must not have duplicate items (items ${String(p.j)} and ${String(p.i)} are identical)`;
    case 'minProperties':
      return `must have at least ${String(p.limit)} field${p.limit === 1 ? '' : 's'}`;
    case 'maxProperties':
      return `must have at most ${String(p.limit)} field${p.limit === 1 ? '' : 's'}`;
    case 'false schema':
      return 'is not allowed here';
    case 'anyOf':
    case 'oneOf':
      return 'must match one of the alternatives';
    default:
      return err.message ?? `is invalid (${err.keyword})`;
  }
}

function unknownField(err: ErrorObject, name: string): string {
  const parent = err.parentSchema as { properties?: Record<string, unknown>; patternProperties?: Record<string, unknown> } | undefined;
  const known = Object.keys(parent?.properties ?? {});
  const guess = closest(name, known);
  if (guess) return `unknown field '${name}' (did you mean '${guess}'?)`;
  const ext = Object.keys(parent?.patternProperties ?? {}).includes('^x-');
  if (ext) return `unknown field '${name}' (extension fields must start with 'x-')`;
  if (known.length > 0 && known.length <= 8) return `unknown field '${name}' (known fields: ${known.join(', ')})`;
  return `unknown field '${name}'`;
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    const d = editDistance(lower, cl);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const allowed = name.length <= 3 ? 1 : Math.min(3, Math.max(2, Math.floor(name.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}
