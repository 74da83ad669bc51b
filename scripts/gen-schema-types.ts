// Writes src/shared/generated/schema-types.ts: TypeScript types of the schemas/ documents and of
// the verbs' request and reply payloads, made by json-schema-to-typescript. src/shared/types.ts
// aliases or checks its types against these, so a schema change shows up as a type error.
// Usage: npx tsx scripts/gen-schema-types.ts          (writes the file)
//        npx tsx scripts/gen-schema-types.ts --check  (exit 1 when the file is stale)
// (`npm run generate` runs every generator; scripts/generate.ts.)
import { resolve } from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { schemaDocuments } from '../src/shared/schemas.js';
import masterReplies from '../schemas/master-replies.schema.json' with { type: 'json' };
import instanceReplies from '../schemas/instance-replies.schema.json' with { type: 'json' };
import { writeOrCheck } from './write-or-check.js';

export const SCHEMA_TYPES_FILE = resolve(import.meta.dirname, '../src/shared/generated/schema-types.ts');

const BASE = 'https://f8studio.dev/schemas/';

/** Document schemas and the TypeScript name of each (the schemas' titles are prose). */
const DOCUMENT_TYPES: Record<string, string> = {
  manifest: 'Manifest',
  'operator-spec': 'OperatorSpec',
  'service-graph': 'ServiceGraph',
  edge: 'GraphEdge',
  'half-edge': 'HalfEdge',
  subgraph: 'Subgraph',
  'envelope-request': 'RequestEnvelope',
  'envelope-reply': 'ReplyEnvelope',
  'status-summary': 'StatusSummary',
  'state-entry': 'StateEntry',
  'instance-record': 'InstanceRecord',
  'catalog-entry': 'CatalogEntry',
  'deploy-event': 'DeployEvent',
  'system-event': 'SystemEvent',
  'catalog-event': 'CatalogEvent',
  'bus-payload': 'BusPayload',
};

/** Documents holding one definition per verb: each becomes `<Prefix><Verb><Suffix>`. */
const VERB_DOCUMENTS: readonly { file: string; prefix: string; suffix: string }[] = [
  { file: 'master-verbs', prefix: 'Master', suffix: 'Request' },
  { file: 'master-replies', prefix: 'Master', suffix: 'Reply' },
  { file: 'instance-verbs', prefix: 'Instance', suffix: 'Request' },
  { file: 'instance-replies', prefix: 'Instance', suffix: 'Reply' },
];

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const pascal = (s: string) => s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/** Type names whose schema allows `x-*` extension keys (filled by simplify). */
const EXTENDED = new Set<string>();

/** Adds `[extension: `x-${string}`]: unknown` to each interface whose schema allows `x-*` keys. */
function withExtensions(code: string): string {
  let out = code;
  for (const name of EXTENDED) {
    const head = `export interface ${name} {\n`;
    if (!out.includes(head)) throw new Error(`no interface ${name} to give its x- keys`);
    out = out.replace(head, `${head}  [extension: \`x-\${string}\`]: unknown;\n`);
  }
  return out;
}

/** Keywords that say what a value is; a schema with none of them (only prose) allows any JSON. */
const SHAPE_KEYWORDS = ['type', '$ref', 'enum', 'const', 'properties', 'items', 'oneOf', 'anyOf', 'allOf', 'not', 'additionalProperties', 'tsType'];

/**
 * Rewrites a schema into the subset the generator types well, without changing what it names:
 * `$ref` siblings (ignored by draft-07) are dropped so every use of a definition is one type;
 * the `^x-` extension keys are left out (types.ts adds them as template-literal keys); the
 * `allOf: [{if: kind=X, then: $ref}]` idiom and an `if/then/else` become the union of its branches (conditional
 * `required` lists are left out, their fields stay optional); and a schema
 * that is only prose becomes `unknown`.
 */
function simplify(node: unknown, key?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => simplify(n));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') return { $ref: node.$ref };
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'patternProperties' && isObject(v)) {
      const rest = Object.fromEntries(Object.entries(v).filter(([p]) => p !== '^x-'));
      if (Object.keys(rest).length) out[k] = simplify(rest);
      // a named schema with extension keys gets them back as a template-literal key (withExtensions)
      if ('^x-' in v && (key !== undefined || typeof node.title === 'string')) out.title ??= pascal(key ?? String(node.title));
      if ('^x-' in v && typeof out.title === 'string') EXTENDED.add(out.title);
    } else if (k === 'properties') {
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, simplify(s)]));
    } else if (k === 'definitions') {
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, simplify(s, p)]));
    } else out[k] = simplify(v);
  }
  // `if/then/else` choosing between two shapes (uiControl: a kind name or an object) is their union.
  if (out.if !== undefined && out.then !== undefined && out.else !== undefined) {
    return { title: out.title, description: out.description, oneOf: [out.then, out.else] };
  }
  const branches = Array.isArray(out.allOf) ? out.allOf : [];
  if (branches.length && branches.every((b) => isObject(b) && isObject(b.then) && typeof b.then.$ref === 'string')) {
    return { title: out.title, description: out.description, oneOf: branches.map((b) => (b as { then: unknown }).then) };
  }
  // `allOf: [{if, then: {required}}]` only makes fields required in some cases: the type keeps them optional.
  if (branches.length && branches.every((b) => isObject(b) && isObject(b.then) && Object.keys(b.then).every((k) => ['required', 'description', 'tsType'].includes(k)))) delete out.allOf;
  if (!SHAPE_KEYWORDS.some((k) => k in out)) out.tsType = 'unknown';
  return out;
}

/** The documents by `$id`, simplified; the draft-07 meta-schema (a value's JSON Schema) is `JsonSchema`. */
function documentsById(): Map<string, Schema> {
  const docs = [...schemaDocuments(), masterReplies, instanceReplies] as Schema[];
  return new Map(docs.map((d) => [String(d.$id), simplify(d) as Schema]));
}

/** One root schema naming every type to emit, each as a `$ref` into its document. */
function rootSchema(docs: ReadonlyMap<string, Schema>): { root: JSONSchema; names: Map<string, string> } {
  const names = new Map<string, string>();
  const properties: Schema = {};
  for (const [doc, name] of Object.entries(DOCUMENT_TYPES)) {
    properties[name] = { $ref: `${doc}.schema.json` };
    names.set(`${BASE}${doc}.schema.json`, name);
  }
  for (const { file, prefix, suffix } of VERB_DOCUMENTS) {
    const defs = (docs.get(`${BASE}${file}.schema.json`)?.definitions ?? {}) as Schema;
    for (const verb of Object.keys(defs).sort()) {
      const name = `${prefix}${pascal(verb)}${suffix}`;
      properties[name] = { $ref: `${file}.schema.json#/definitions/${verb}` };
      names.set(`${BASE}${file}.schema.json#/definitions/${verb}`, name);
    }
  }
  return { root: { $id: `${BASE}f8-schema-types.json`, title: 'F8SchemaTypes', type: 'object', properties, additionalProperties: false } as JSONSchema, names };
}

/** The generated module's text (stable: same schemas, same bytes). */
export async function generateSchemaTypes(): Promise<string> {
  EXTENDED.clear();
  const docs = documentsById();
  const { root, names } = rootSchema(docs);
  // Each named reference gets its type name as its title (json-schema-to-typescript names types by title).
  for (const [ref, name] of names) {
    const [url, pointer] = ref.split('#');
    const doc = docs.get(url!)!;
    const target = pointer ? ((doc.definitions as Schema)[pointer.split('/').pop()!] as Schema) : doc;
    if (EXTENDED.delete(String(target.title))) EXTENDED.add(name);
    target.title = name;
  }
  const resolver = {
    order: 1,
    canRead: true,
    read(file: { url: string }) {
      const url = file.url.split('#')[0]!;
      if (url.startsWith('http://json-schema.org/')) return { tsType: 'JsonSchema' };
      const doc = docs.get(url);
      if (!doc) throw new Error(`no schema document ${url}`);
      return structuredClone(doc);
    },
  };
  const body = await compile(root, 'F8SchemaTypes', {
    cwd: BASE,
    bannerComment: '',
    additionalProperties: false,
    unknownAny: true,
    strictIndexSignatures: false,
    style: { singleQuote: true, printWidth: 160 },
    $refOptions: { resolve: { file: false, http: false, f8: resolver } } as never,
  });
  const head = [
    '// GENERATED by scripts/gen-schema-types.ts from schemas/*.schema.json. Do not edit.',
    '/* eslint-disable */',
    '/** A JSON Schema (draft-07) of a value. */',
    'export type JsonSchema = Record<string, unknown>;',
    '',
  ].join('\n');
  return `${head}${withExtensions(body)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const code = await generateSchemaTypes();
  writeOrCheck(SCHEMA_TYPES_FILE, code);
}
