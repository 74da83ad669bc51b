// An interpreting JSON Schema validator for ad-hoc value schemas (state fields, command
// params), for pages whose CSP forbids the run-time code generation ajv needs. Built on
// @cfworker/json-schema (draft 7, all errors), with its errors reshaped like ours: wrapper
// errors dropped, anyOf/oneOf collapsed, JSON-pointer paths, short messages. A table test
// holds it to ajv's verdicts and paths. Pure.
import { Validator, type OutputUnit } from '@cfworker/json-schema';
import type { SchemaIssue, ValidationResult, ValueValidator } from './schemas.js';

const WRAPPERS = new Set(['properties', 'items', 'additionalItems', 'patternProperties', 'allOf', '$ref', 'if', 'then', 'else', 'propertyNames', 'contains']);
const SHALLOW = new Set(['type', 'const', 'enum']);
const MAX_CACHED = 500;
const cache = new Map<string, Validator | { error: string }>();

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
  for (const raw of instanceLocation.replace(/^#\/?/, '').split('/').filter((s) => s !== '')) {
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
      return `must be ${named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named[0] ?? 'valid'} (got ${got})`;
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
    else issues.push({ path: pathOf(c.instanceLocation), message: c.keyword === 'oneOf' ? 'must match exactly one alternative' : `must match one of the alternatives (got ${describe(at(value, c.instanceLocation))})` });
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
    try {
      v = new Validator(JSON.parse(key) as object, '7', false);
    } catch (err) {
      v = { error: `invalid schema: ${(err as Error).message}` };
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
  const r = v.validate(value);
  if (r.valid) return { ok: true, value: value as T };
  const issues = reshape(r.errors, value);
  return { ok: false, issues, message: join(issues) };
};
