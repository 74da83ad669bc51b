// Precompiles the renderer's validators with ajv's standalone code generator, so the editor can
// validate what it receives without `new Function` (which its Content-Security-Policy forbids).
// Usage: npx tsx scripts/gen-validators.ts          (writes the file)
//        npx tsx scripts/gen-validators.ts --check  (exit 1 when the file is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { _, Ajv } from 'ajv';
import * as ajvFormatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { schemaRef, schemaDocuments, type SchemaName } from '../src/shared/schemas.js';
import { linearRegExp, toRe2Syntax } from '../src/shared/linear-regexp.js';
import { simplePattern, SIMPLE_TEST_SOURCE } from './simple-patterns.js';

/** The schemas the renderer validates at its boundary (NATS in, files). */
export const RENDERER_SCHEMAS: readonly SchemaName[] = ['envelope-reply', 'status-summary', 'state-entry', 'instance-record', 'catalog-entry', 'operator-spec', 'service-graph', 'subgraph'];

export const OUTPUT = resolve(import.meta.dirname, '../src/renderer/src/generated/validators.js');

const HELPERS = `
// Inlined ajv runtime helpers (the generated code must not require() anything).
function __ucs2length(str) {
  let n = 0;
  for (const _ of str) n++;
  return n;
}
function __equal(a, b) {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => __equal(x, b[i]));
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && __equal(a[k], b[k]));
  }
  return a !== a && b !== b;
}
`;

/**
 * The schemas' patterns run on RE2, as in src/shared/schemas.ts. ajv's standalone code calls the
 * engine by the name in its `code` (`__linearRegExp`); that function is defined in the output from
 * the patterns' RE2 forms, translated here by the same code as at run time, and the only import is
 * the re2js package (no eval: the renderer's CSP allows none). Each pattern is compiled on first use;
 * the simplest ones (scripts/simple-patterns.ts) are checked by a loop and never compiled.
 */
function engineHelper(patterns: ReadonlyMap<string, string>): string {
  const table = [...patterns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const simple = table.flatMap(([p]) => {
    const spec = simplePattern(p);
    return spec ? [[p, spec] as const] : [];
  });
  return `
import { RE2JS } from 're2js';
// Each schema pattern and its RE2 form (translated by src/shared/linear-regexp.ts).
const __RE2_FORMS = new Map(${JSON.stringify(table)});
// Patterns checked by a loop instead (scripts/simple-patterns.ts): ASCII classes, the last one quantified.
const __SIMPLE = new Map(${JSON.stringify(simple)});
${SIMPLE_TEST_SOURCE}
// Compiled on first use: most patterns are never tested in a given process, and compiling one
// takes milliseconds (all of them: ~20 ms of a service's start).
function ${linearRegExp.code}(pattern) {
  const re2 = __RE2_FORMS.get(pattern);
  if (re2 === undefined) throw new Error('no RE2 form for the pattern ' + pattern);
  const spec = __SIMPLE.get(pattern);
  if (spec !== undefined) return { test: (s) => __simpleTest(spec, s), toString: () => re2 };
  let compiled;
  return { test: (s) => (compiled ??= RE2JS.compile(re2)).test(s), toString: () => re2 };
}
`;
}

/**
 * Formats checked by the generated code take ajv-formats' own checks (its `fullFormats`, the table
 * the contract instance in src/shared/schemas.ts installs), imported by the generated module.
 */
const FORMATS_HELPER = `
import { fullFormats as __f8Formats } from 'ajv-formats/dist/formats.js';
`;

/** ajv-formats is CommonJS: depending on the loader its function is the module or its `.default`. */
function addFormats(ajv: Ajv): void {
  let plugin: unknown = ajvFormatsModule;
  for (let i = 0; i < 3 && typeof plugin !== 'function'; i++) plugin = (plugin as { default?: unknown } | null)?.default;
  if (typeof plugin !== 'function') throw new Error('ajv-formats did not load');
  (plugin as (a: Ajv) => Ajv)(ajv);
}

export interface GenerateOptions {
  /**
   * Check formats (`date-time` of the envelopes' `ts`) as the run-time validators do, with
   * ajv-formats' checks imported from the package. Off for the renderer, whose validators check
   * none; on for the services' bundles, which validate envelopes.
   */
  formats?: boolean;
}

/** The validators' module for `names` (default the renderer's; scripts/build-services.ts bundles the services' own). */
export function generate(names: readonly SchemaName[] = RENDERER_SCHEMAS, opts: GenerateOptions = {}): string {
  // Same options as the contract instance in src/shared/schemas.ts (formats only with opts.formats).
  const patterns = new Map<string, string>();
  const regExp = Object.assign(
    (pattern: string, flags: string) => {
      patterns.set(pattern, toRe2Syntax(pattern));
      return linearRegExp(pattern, flags);
    },
    { code: linearRegExp.code },
  );
  const formats = opts.formats === true;
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true, strictRequired: false, validateFormats: formats, code: { source: true, esm: true, regExp, ...(formats ? { formats: _`__f8Formats` } : {}) } });
  if (formats) addFormats(ajv);
  ajv.addSchema([...schemaDocuments()]);
  const exportName = (n: SchemaName) => n.replace(/[^A-Za-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase());
  const mapping = Object.fromEntries(names.map((n) => [exportName(n), schemaRef(n)]));
  const standalone = (standaloneModule as unknown as { default?: typeof standaloneModule }).default ?? standaloneModule;
  let code = (standalone as unknown as (a: Ajv, m: Record<string, string>) => string)(ajv, mapping);
  code = code.replace(/^"use strict";/, '');
  code = code.replaceAll('require("ajv/dist/runtime/ucs2length")', '{ default: __ucs2length }').replaceAll('require("ajv/dist/runtime/equal")', '{ default: __equal }');
  if (/require\(/.test(code)) throw new Error('generated validators still require() a runtime module');
  if (/new RegExp\(/.test(code)) throw new Error('generated validators compile a pattern with RegExp instead of RE2');
  const table = names.map((n) => `  ${JSON.stringify(n)}: ${exportName(n)},`).join('\n');
  return `// GENERATED by scripts/gen-validators.ts from schemas/*.schema.json. Do not edit.\n/* eslint-disable */\n${engineHelper(patterns)}${formats ? FORMATS_HELPER : ''}${HELPERS}\n${code}\n\nexport const validators = {\n${table}\n};\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const code = generate();
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUTPUT, 'utf8');
    if (current !== code) {
      console.error(`${OUTPUT} is stale: run npx tsx scripts/gen-validators.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT, code);
    console.log(`wrote ${OUTPUT} (${code.length} bytes)`);
  }
}
