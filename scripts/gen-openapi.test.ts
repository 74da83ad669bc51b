// schemas/openapi.yaml is up to date, and it agrees with the verb map and the naming module both
// ways: every verb has an operation, every operation is a verb, and every x-nats-subject is what
// src/shared/naming.ts builds. Its bundled form (what Swagger UI reads) refers only inside itself.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import { generateOpenApi, OPENAPI_FILE } from './gen-openapi.js';
import { bundleOpenApi, REPLY_SCHEMA_DOCUMENTS, STATUS_OF_ERROR } from '../src/shared/openapi.js';
import { subjects } from '../src/shared/naming.js';
import { INSTANCE_VERB_INFO, INSTANCE_VERBS, MASTER_VERB_INFO, MASTER_VERBS } from '../src/shared/verbs.js';
import { schemaDocuments } from '../src/shared/schemas.js';
import { ERROR_CODES } from '../src/shared/errors.js';

interface Op {
  operationId: string;
  'x-nats-subject': string;
  'x-nats-timeout-ms': number;
  'x-f8-lease'?: boolean;
  requestBody: { content: { 'application/json': { schema: { $ref: string } } } };
}
const spec = parse(readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, { post: Op }> };
const ops = Object.entries(spec.paths).map(([path, item]) => ({ path, op: item.post }));
const SAMPLE_IDS = ['sig', 'a', 'log-2', 'x_y9', '0abc'];

describe('schemas/openapi.yaml', () => {
  it('is up to date (regenerate with npx tsx scripts/gen-openapi.ts)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(generateOpenApi());
  });

  it('has one POST operation per verb and no other: each x-nats-subject is the naming module subject', () => {
    const fromSpec = new Set<string>();
    for (const { path, op } of ops) {
      const m = /^\/master\/([^/]+)$/.exec(path);
      const i = /^\/instances\/\{instanceId\}\/([^/]+)$/.exec(path);
      if (m) {
        const verb = m[1] as (typeof MASTER_VERBS)[number];
        expect(MASTER_VERBS, path).toContain(verb);
        expect(op['x-nats-subject']).toBe(subjects.masterVerb(verb));
        expect(op['x-nats-timeout-ms']).toBe(MASTER_VERB_INFO[verb].timeoutMs);
        expect(op['x-f8-lease'] === true).toBe('mutating' in MASTER_VERB_INFO[verb]);
        fromSpec.add(op['x-nats-subject']);
      } else if (i) {
        const verb = i[1] as (typeof INSTANCE_VERBS)[number];
        expect(INSTANCE_VERBS, path).toContain(verb);
        for (const id of SAMPLE_IDS) expect(op['x-nats-subject'].replace('{instanceId}', id)).toBe(subjects.instanceVerb(id, verb));
        expect(op['x-nats-timeout-ms']).toBe(INSTANCE_VERB_INFO[verb].timeoutMs);
        fromSpec.add(op['x-nats-subject'].replace('{instanceId}', 'sig'));
      } else throw new Error(`${path} is neither a master nor an instance verb`);
    }
    // the other way: every verb of the map has its operation
    const fromMap = [...MASTER_VERBS.map((v) => subjects.masterVerb(v)), ...INSTANCE_VERBS.map((v) => subjects.instanceVerb('sig', v))];
    expect([...fromSpec].sort()).toEqual(fromMap.sort());
    expect(ops.length).toBe(fromMap.length);
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
  });

  it("refers to each verb's payload schema of schemas/", () => {
    for (const { path, op } of ops) {
      const ref = op.requestBody.content['application/json'].schema.$ref;
      const [file, pointer] = ref.split('#') as [string, string];
      const doc = JSON.parse(readFileSync(new URL(`../schemas/${file}`, import.meta.url), 'utf8')) as { definitions: Record<string, unknown> };
      expect(doc.definitions[pointer.replace('/definitions/', '')], `${path} ${ref}`).toBeDefined();
    }
  });

  it('maps every errorCode to an HTTP status', () => {
    expect(Object.keys(STATUS_OF_ERROR).sort()).toEqual([...ERROR_CODES].sort());
  });
});

describe('the reply schemas', () => {
  it('name every verb and compile under the contract options (strict)', () => {
    const [master, instance] = REPLY_SCHEMA_DOCUMENTS as [{ definitions: object }, { definitions: object }];
    const name = (s: string) => s.slice(s.indexOf('.') + 1);
    expect(Object.keys(master.definitions).sort()).toEqual(MASTER_VERBS.map((v) => name(MASTER_VERB_INFO[v].schema)).sort());
    expect(Object.keys(instance.definitions).sort()).toEqual(INSTANCE_VERBS.map((v) => name(INSTANCE_VERB_INFO[v].schema)).sort());
    const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, validateFormats: false });
    ajv.addSchema([...schemaDocuments(), ...REPLY_SCHEMA_DOCUMENTS] as object[]);
    for (const v of MASTER_VERBS) expect(() => ajv.getSchema(`https://f8studio.dev/schemas/master-replies.schema.json#/definitions/${name(MASTER_VERB_INFO[v].schema)}`)).not.toThrow();
    for (const v of INSTANCE_VERBS) expect(() => ajv.getSchema(`https://f8studio.dev/schemas/instance-replies.schema.json#/definitions/${name(INSTANCE_VERB_INFO[v].schema)}`)).not.toThrow();
  });
});

describe('the bundled document', () => {
  it('refers only inside itself, and every reference resolves', () => {
    const bundled = bundleOpenApi();
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.push(x);
          else walk(x);
        }
      }
    };
    walk(bundled);
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of new Set(refs)) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      let at: unknown = bundled;
      for (const part of ref.slice(2).split('/')) at = (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      expect(at, ref).toBeDefined();
    }
  });
});
