// Validation of every wire and disk format against schemas/*.schema.json (the source of truth),
// with messages a person can act on. Pure: no node:*, no fs; the schemas are imported as JSON.
//
// Ajv compiles schemas to JavaScript with `new Function`, so a page whose CSP lacks
// 'unsafe-eval' cannot compile them. Nothing is compiled at import time: the Ajv instance is
// created on the first validation and each schema is compiled on its first use.
//
// Every `pattern` runs on RE2 (linear time, src/shared/linear-regexp.ts), in both instances: the
// ad-hoc one compiles untrusted schemas, and the contract's data comes from the outside too.
import { schemaProblem } from './schema-safety.js';
import { linearRegExp } from './linear-regexp.js';
import { isUrl } from './safe-formats.js';
import { Ajv, type AnySchema, type Options, type ValidateFunction } from 'ajv';
import { describeValue, failure, joinIssues, toIssues, type ValidationResult } from './schema-messages.js';
import * as ajvFormatsModule from 'ajv-formats';
import { canonicalJson } from './hash.js';
import { INSTANCE_VERB_INFO, INSTANCE_VERBS, MASTER_VERB_INFO, MASTER_VERBS, type InstanceVerbSchemaName, type MasterVerbSchemaName } from './verbs.js';
import { IPC_SCHEMA_NAMES, type IpcSchemaName } from './ipc.js';

import defsSchema from '../../schemas/defs.schema.json' with { type: 'json' };
import manifestSchema from '../../schemas/manifest.schema.json' with { type: 'json' };
import operatorSpecSchema from '../../schemas/operator-spec.schema.json' with { type: 'json' };
import serviceGraphSchema from '../../schemas/service-graph.schema.json' with { type: 'json' };
import edgeSchema from '../../schemas/edge.schema.json' with { type: 'json' };
import halfEdgeSchema from '../../schemas/half-edge.schema.json' with { type: 'json' };
import subgraphSchema from '../../schemas/subgraph.schema.json' with { type: 'json' };
import envelopeRequestSchema from '../../schemas/envelope-request.schema.json' with { type: 'json' };
import envelopeReplySchema from '../../schemas/envelope-reply.schema.json' with { type: 'json' };
import statusSummarySchema from '../../schemas/status-summary.schema.json' with { type: 'json' };
import stateEntrySchema from '../../schemas/state-entry.schema.json' with { type: 'json' };
import instanceRecordSchema from '../../schemas/instance-record.schema.json' with { type: 'json' };
import catalogEntrySchema from '../../schemas/catalog-entry.schema.json' with { type: 'json' };
import masterVerbsSchema from '../../schemas/master-verbs.schema.json' with { type: 'json' };
import instanceVerbsSchema from '../../schemas/instance-verbs.schema.json' with { type: 'json' };
import ipcSchema from '../../schemas/ipc.schema.json' with { type: 'json' };
import deployEventSchema from '../../schemas/deploy-event.schema.json' with { type: 'json' };
import systemEventSchema from '../../schemas/system-event.schema.json' with { type: 'json' };
import catalogEventSchema from '../../schemas/catalog-event.schema.json' with { type: 'json' };
import busPayloadSchema from '../../schemas/bus-payload.schema.json' with { type: 'json' };

// ---------------------------------------------------------------- names

const SCHEMA_BASE = 'https://f8studio.dev/schemas/';

const DOCUMENT_NAMES = [
  'manifest',
  'operator-spec',
  'service-graph',
  'edge',
  'half-edge',
  'subgraph',
  'envelope-request',
  'envelope-reply',
  'status-summary',
  'state-entry',
  'instance-record',
  'catalog-entry',
  'deploy-event',
  'system-event',
  'catalog-event',
  'bus-payload',
] as const;
export type DocumentSchemaName = (typeof DOCUMENT_NAMES)[number];
export type { MasterVerbSchemaName, InstanceVerbSchemaName, IpcSchemaName };
/** A document schema, a verb's request payload (`master.<verb>`, `instance.<verb>`), or a desktop IPC message (`ipc.<name>`). */
export type SchemaName = DocumentSchemaName | MasterVerbSchemaName | InstanceVerbSchemaName | IpcSchemaName;

export const schemaNames: readonly SchemaName[] = Object.freeze([
  ...DOCUMENT_NAMES,
  // one per verb, from the verb map
  ...MASTER_VERBS.map((v): MasterVerbSchemaName => MASTER_VERB_INFO[v].schema),
  ...INSTANCE_VERBS.map((v): InstanceVerbSchemaName => INSTANCE_VERB_INFO[v].schema),
  ...IPC_SCHEMA_NAMES,
]);

const knownNames: ReadonlySet<string> = new Set(schemaNames);

/** The `$id` (plus fragment for verbs) a schema name stands for. */
export function schemaRef(name: SchemaName): string {
  if (name.startsWith('master.')) return `${SCHEMA_BASE}master-verbs.schema.json#/definitions/${name.slice('master.'.length)}`;
  if (name.startsWith('instance.')) return `${SCHEMA_BASE}instance-verbs.schema.json#/definitions/${name.slice('instance.'.length)}`;
  if (name.startsWith('ipc.')) return `${SCHEMA_BASE}ipc.schema.json#/definitions/${name.slice('ipc.'.length)}`;
  return `${SCHEMA_BASE}${name}.schema.json`;
}

const DOCUMENTS: readonly AnySchema[] = [
  defsSchema,
  manifestSchema,
  operatorSpecSchema,
  serviceGraphSchema,
  edgeSchema,
  halfEdgeSchema,
  subgraphSchema,
  envelopeRequestSchema,
  envelopeReplySchema,
  statusSummarySchema,
  stateEntrySchema,
  instanceRecordSchema,
  catalogEntrySchema,
  deployEventSchema,
  systemEventSchema,
  catalogEventSchema,
  busPayloadSchema,
  masterVerbsSchema,
  instanceVerbsSchema,
  ipcSchema,
] as AnySchema[];

/** Every schema document (for code generation). */
export function schemaDocuments(): readonly AnySchema[] {
  return DOCUMENTS;
}

// ---------------------------------------------------------------- results

export type { SchemaIssue, ValidationResult } from './schema-messages.js';

// ---------------------------------------------------------------- ajv instances

type FormatsPlugin = (ajv: Ajv) => Ajv;

/** ajv-formats is CommonJS: depending on the loader its function is the module, `.default` or `.default.default`. */
function formatsPlugin(): FormatsPlugin {
  let candidate: unknown = ajvFormatsModule;
  for (let i = 0; i < 3 && typeof candidate !== 'function'; i++) {
    candidate = candidate !== null && typeof candidate === 'object' ? (candidate as { default?: unknown }).default : undefined;
  }
  if (typeof candidate !== 'function') throw new Error('ajv-formats did not load');
  return candidate as FormatsPlugin;
}

const COMMON_OPTIONS: Options = {
  allErrors: true,
  // Errors carry their schema and data, which the messages below use.
  verbose: true,
  allowUnionTypes: true,
  code: { regExp: linearRegExp },
};

let contractAjv: Ajv | undefined;

function contract(): Ajv {
  if (contractAjv) return contractAjv;
  // strict: our own schemas must not contain unknown keywords or ambiguous types.
  // (strictRequired is off: `if: {kind: data} then: {required: [subject]}` names properties
  // that the parent schema defines, which is the point of that idiom.)
  const ajv = new Ajv({ ...COMMON_OPTIONS, strict: true, strictRequired: false });
  formatsPlugin()(ajv);
  ajv.addSchema([...DOCUMENTS]);
  contractAjv = ajv;
  return ajv;
}

const compiled = new Map<SchemaName, ValidateFunction>();

function validatorFor(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (fn) return fn;
  if (!knownNames.has(name)) throw new Error(`unknown schema '${String(name)}'; known schemas: ${schemaNames.join(', ')}`);
  fn = contract().getSchema(schemaRef(name));
  if (!fn) throw new Error(`schema '${name}' (${schemaRef(name)}) is missing`);
  compiled.set(name, fn);
  return fn;
}

/**
 * Installs precompiled validators (ajv standalone code, see scripts/gen-validators.ts) so that
 * `validate` never compiles at run time for those names: the renderer's CSP forbids `new Function`.
 */
export function installValidators(fns: Partial<Record<SchemaName, (value: unknown) => boolean>>): void {
  for (const [name, fn] of Object.entries(fns)) {
    if (!knownNames.has(name)) throw new Error(`unknown schema '${name}'`);
    if (fn) compiled.set(name as SchemaName, fn as ValidateFunction);
  }
}

// ---------------------------------------------------------------- validate

/** Validates `value` against a named schema; never throws for a bad value. The value is not modified. */
export function validate<T = unknown>(name: SchemaName, value: unknown): ValidationResult<T> {
  const fn = validatorFor(name);
  if (fn(value)) return { ok: true, value: value as T };
  return failure(fn.errors ?? []);
}

/** The valid value, or an Error whose message names the offending fields. */
export function assertValid<T = unknown>(name: SchemaName, value: unknown): T {
  const result = validate<T>(name, value);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

// ---------------------------------------------------------------- ad-hoc value schemas

let adhocAjv: Ajv | undefined;

function adhoc(): Ajv {
  if (adhocAjv) return adhocAjv;
  // User-written value schemas (state fields, command params) live in their own instance:
  // lenient about unknown keywords and formats, and never registered by $id, so they cannot
  // collide with each other or with the contract's schemas.
  const ajv = new Ajv({ ...COMMON_OPTIONS, strict: false, addUsedSchema: false, logger: false });
  formatsPlugin()(ajv);
  ajv.addFormat('url', isUrl);
  adhocAjv = ajv;
  return ajv;
}

type Compiled = { fn: ValidateFunction; schema: AnySchema } | { error: string };

const MAX_ADHOC = 500;
const adhocByObject = new WeakMap<object, Compiled>();
const adhocByText = new Map<string, Compiled>();
/**
 * ajv keeps what it compiled (schema, validator and pattern values in its scope) for the life of
 * the instance, removeSchema or not: after this many evictions the instance is replaced, so
 * untrusted schemas cannot grow memory without bound (validators already handed out still work).
 */
let evictions = 0;

function compileAdhoc(schema: object | boolean): Compiled {
  if (typeof schema === 'object' && schema !== null) {
    const hit = adhocByObject.get(schema);
    if (hit) return hit;
  }
  let key: string;
  try {
    key = canonicalJson(schema);
  } catch (err) {
    return { error: `schema is not JSON: ${(err as Error).message}` };
  }
  let entry = adhocByText.get(key);
  if (entry) {
    // Refresh its place in the eviction order.
    adhocByText.delete(key);
    adhocByText.set(key, entry);
  } else {
    // Compile a private copy, so later changes to the caller's object cannot desynchronise the cache.
    const own = JSON.parse(key) as AnySchema;
    const ajv = adhoc();
    if (!ajv.validateSchema(own)) {
      // Against the draft-07 meta-schema, with the same readable messages as values get.
      entry = { error: `invalid schema: ${joinIssues(toIssues(ajv.errors ?? []))}` };
    } else {
      try {
        entry = { fn: ajv.compile(own), schema: own };
      } catch (err) {
        entry = { error: `invalid schema: ${(err as Error).message}` };
      }
    }
    adhocByText.set(key, entry);
    if (adhocByText.size > MAX_ADHOC) {
      const oldest = adhocByText.keys().next().value as string;
      const evicted = adhocByText.get(oldest);
      adhocByText.delete(oldest);
      if (evicted && 'schema' in evicted) adhocAjv?.removeSchema(evicted.schema);
      if (++evictions >= MAX_ADHOC) {
        evictions = 0;
        adhocAjv = undefined;
        adhocByText.clear();
        adhocByText.set(key, entry);
      }
    }
  }
  if (typeof schema === 'object' && schema !== null) adhocByObject.set(schema, entry);
  return entry;
}

/** A validator of ad-hoc schemas (same results shape as validateValue). */
export type ValueValidator = <T = unknown>(schema: object | boolean, value: unknown) => ValidationResult<T>;

let valueValidator: ValueValidator | null = null;

/**
 * Replaces ajv for ad-hoc schemas (null restores it). The renderer installs an interpreting
 * validator (src/shared/value-validator.ts): its CSP forbids the code generation ajv needs.
 */
export function installValueValidator(fn: ValueValidator | null): void {
  valueValidator = fn;
}

const safety = new WeakMap<object, string | null>();
/** schemaProblem, once per schema object (validateValue runs per value). */
function unsafeCached(schema: object): string | null {
  let r = safety.get(schema);
  if (r === undefined) safety.set(schema, (r = schemaProblem(schema)));
  return r;
}

/**
 * Validates a value against an ad-hoc JSON Schema (a state field's valueSchema, a command's
 * params). Compiled validators are cached by the schema's canonical JSON. A schema that does
 * not compile yields one issue at `(schema)`.
 */
export function validateValue<T = unknown>(schema: object | boolean, value: unknown): ValidationResult<T> {
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null)) {
    const issues = [{ path: '(schema)', message: `invalid schema: must be an object or a boolean (got ${describeValue(schema)})` }];
    return { ok: false, issues, message: joinIssues(issues) };
  }
  const unsafe = typeof schema === 'object' ? unsafeCached(schema) : null;
  if (unsafe) {
    const issues = [{ path: '(schema)', message: `schema refused: ${unsafe}` }];
    return { ok: false, issues, message: joinIssues(issues) };
  }
  if (valueValidator) return valueValidator<T>(schema, value);
  const entry = compileAdhoc(schema);
  if ('error' in entry) {
    const issues = [{ path: '(schema)', message: entry.error }];
    return { ok: false, issues, message: joinIssues(issues) };
  }
  if (entry.fn(value)) return { ok: true, value: value as T };
  return failure(entry.fn.errors ?? []);
}
