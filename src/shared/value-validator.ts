// An interpreting JSON Schema validator for ad-hoc value schemas (state fields, command
// params), for pages whose CSP forbids the run-time code generation ajv needs. Built on
// @cfworker/json-schema (draft 7, all errors), with its errors reshaped like ours: wrapper
// errors dropped, anyOf/oneOf collapsed, JSON-pointer paths, short messages. A table test
// holds it to ajv's verdicts and paths. Pure.
//
// Regular expressions: cfworker compiles `pattern` and `patternProperties` with `new RegExp(p, 'u')`
// and has no hook for another engine. Untrusted patterns must run on RE2 (linear time, as ajv's
// do: src/shared/linear-regexp.ts), so every pattern of a schema is compiled on RE2 before the
// schema is used (a pattern RE2 refuses refuses the schema, with its path), and while cfworker
// validates, the global `RegExp` is RE2's: validation is synchronous, so nothing else runs in
// that window, and the platform's RegExp is back before it returns or throws. cfworker's own
// formats use regular expression literals, which never look the global up.
import { Validator, format as cfworkerFormats, type OutputUnit } from '@cfworker/json-schema';
import { compileLinear, type LinearRegExp } from './linear-regexp.js';
import { isUrl } from './safe-formats.js';
import { schemaProblem } from './schema-safety.js';
import type { SchemaIssue, ValidationResult, ValueValidator } from './schemas.js';

const WRAPPERS = new Set(['properties', 'items', 'additionalItems', 'patternProperties', 'allOf', '$ref', 'if', 'then', 'else', 'propertyNames', 'contains']);
const SHALLOW = new Set(['type', 'const', 'enum']);
const MAX_CACHED = 500;
const cache = new Map<string, Validator | { error: string }>();

const NativeRegExp = RegExp;

/** Stands in for the global RegExp while cfworker validates: `new RegExp(p, 'u')` gives RE2's pattern. */
function LinearRegExpConstructor(pattern: unknown): LinearRegExp {
  return compileLinear(String(pattern));
}

function withLinearRegExp<T>(fn: () => T): T {
  const g = globalThis as { RegExp: RegExpConstructor };
  const before = g.RegExp;
  g.RegExp = LinearRegExpConstructor as unknown as RegExpConstructor;
  try {
    return fn();
  } finally {
    g.RegExp = before;
  }
}

// cfworker's `url` takes exponential time on a hostile value; both validators use the same bounded
// check (src/shared/safe-formats.ts). Its `regex` format compiles the value with `new RegExp`:
// keep that on the platform's parser (only parsed, never run), as before.
cfworkerFormats.url = isUrl;
cfworkerFormats.regex = (value: string): boolean => {
  if (/[^\\]\\Z/.test(value)) return false;
  try {
    new NativeRegExp(value, 'u');
    return true;
  } catch {
    return false;
  }
};

function pathOf(instanceLocation: string): string {
  const p = instanceLocation.replace(/^#/, '');
  return p === '' ? '(root)' : p;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `string '${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`;
  return `${typeof v} ${String(v)}`;
}

function at(value: unknown, instanceLocation: string): unknown {
  let cur = value;
  for (const raw of instanceLocation
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

function message(e: OutputUnit, value: unknown): string {
  const got = describe(at(value, e.instanceLocation));
  const text = e.error.replace(/\.$/, '');
  switch (e.keyword) {
    case 'type': {
      const m = /Expected "([^"]+)"/.exec(e.error);
      const types = (m?.[1] ?? '').split(/", "|,\s*/).filter(Boolean);
      const named = types.map((t) => (t === 'null' ? 'null' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`));
      return `must be ${named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : (named[0] ?? 'valid')} (got ${got})`;
    }
    case 'required': {
      const m = /property "([^"]+)"/.exec(e.error);
      return `must have required property '${m?.[1] ?? '?'}'`;
    }
    case 'additionalProperties': {
      const m = /Property "([^"]+)"/.exec(e.error);
      return `unknown field '${m?.[1] ?? '?'}'`;
    }
    case 'enum':
    case 'const':
      return `${text.replace(/^Instance does not match /, 'must be ')} (got ${got})`;
    default:
      return `${text} (got ${got})`;
  }
}

/** Reshapes cfworker's error list: wrappers out, each anyOf/oneOf collapsed to its alternatives' deep errors or one issue. */
function reshape(errors: readonly OutputUnit[], value: unknown): SchemaIssue[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inBranch = (e: OutputUnit, c: OutputUnit): boolean => e !== c && e.keywordLocation.startsWith(`${c.keywordLocation}/`);
  const issues: SchemaIssue[] = [];
  const handled = new Set<OutputUnit>();
  // outermost combinators first
  for (const c of [...combinators].sort((a, b) => a.keywordLocation.length - b.keywordLocation.length)) {
    if (handled.has(c)) continue;
    handled.add(c);
    const children = errors.filter((e) => inBranch(e, c));
    for (const ch of children) handled.add(ch);
    const deep = children.filter((ch) => !WRAPPERS.has(ch.keyword) && ch.keyword !== 'anyOf' && ch.keyword !== 'oneOf' && !(SHALLOW.has(ch.keyword) && ch.instanceLocation === c.instanceLocation));
    if (deep.length > 0) for (const d of deep) issues.push({ path: pathOf(d.instanceLocation), message: message(d, value) });
    else
      issues.push({
        path: pathOf(c.instanceLocation),
        message: c.keyword === 'oneOf' ? 'must match exactly one alternative' : `must match one of the alternatives (got ${describe(at(value, c.instanceLocation))})`,
      });
  }
  for (const e of errors) {
    if (handled.has(e) || WRAPPERS.has(e.keyword)) continue;
    // a `false` subschema below the root is the child of an additionalProperties error, which says it
    if (e.keyword === 'false' && e.instanceLocation !== '#') continue;
    issues.push({ path: pathOf(e.instanceLocation), message: message(e, value) });
  }
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function validatorFor(schema: object | boolean): Validator | { error: string } {
  let key: string;
  try {
    key = JSON.stringify(schema);
  } catch (err) {
    return { error: `schema is not JSON: ${(err as Error).message}` };
  }
  let v = cache.get(key);
  if (!v) {
    const own = JSON.parse(key) as object | boolean;
    const unsafe = typeof own === 'object' ? schemaProblem(own) : null;
    if (unsafe) v = { error: `schema refused: ${unsafe}` };
    else {
      try {
        v = new Validator(own as object, '7', false);
      } catch (err) {
        v = { error: `invalid schema: ${(err as Error).message}` };
      }
    }
    cache.set(key, v);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  }
  return v;
}

function join(issues: readonly SchemaIssue[]): string {
  if (issues.length === 0) return '(root): is invalid';
  const shown = issues.slice(0, 8).map((i) => `${i.path}: ${i.message}`);
  return issues.length > 8 ? `${shown.join('; ')}; and ${issues.length - 8} more` : shown.join('; ');
}

/** Validates `value` against an ad-hoc schema without generating code. */
export const interpretingValidator: ValueValidator = <T>(schema: object | boolean, value: unknown): ValidationResult<T> => {
  const v = validatorFor(schema);
  if ('error' in v) {
    const issues = [{ path: '(schema)', message: v.error }];
    return { ok: false, issues, message: join(issues) };
  }
  let r: ReturnType<Validator['validate']>;
  try {
    r = withLinearRegExp(() => v.validate(value));
  } catch (err) {
    // a $ref that does not resolve: the schema is at fault
    const issues = [{ path: '(schema)', message: `invalid schema: ${(err as Error).message}` }];
    return { ok: false, issues, message: join(issues) };
  }
  if (r.valid) return { ok: true, value: value as T };
  const issues = reshape(r.errors, value);
  return { ok: false, issues, message: join(issues) };
};
