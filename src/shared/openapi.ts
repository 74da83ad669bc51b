// The control plane as an OpenAPI 3.1 document, built from the one verb map (src/shared/verbs.ts),
// the naming module (each operation's `x-nats-subject`) and the JSON Schemas in schemas/ (bodies by
// `$ref`). scripts/gen-openapi.ts writes it to schemas/openapi.yaml; the HTTP gateway routes by it
// and serves its bundled form (every `$ref` inside one document) to Swagger UI. Pure.
import { subjects } from './naming.js';
import { INSTANCE_VERB_INFO, INSTANCE_VERBS, MASTER_VERB_INFO, MASTER_VERBS, type InstanceVerb, type MasterVerb, type VerbInfo } from './verbs.js';
import { ERROR_CODES, type ErrorCode } from './errors.js';
import { schemaDocuments } from './schemas.js';
import masterReplies from '../../schemas/master-replies.schema.json' with { type: 'json' };
import instanceReplies from '../../schemas/instance-replies.schema.json' with { type: 'json' };

/** The reply payload schemas (documentation of what a client can rely on; not checked at run time). */
export const REPLY_SCHEMA_DOCUMENTS: readonly unknown[] = [masterReplies, instanceReplies];

/** Where the gateway serves the verbs. */
export const API_BASE_PATH = '/api/v1';
/** Where the gateway serves Swagger UI. */
export const API_DOCS_PATH = '/api/docs';

/** The HTTP status of a reply's errorCode (an ok reply is 200). */
export const STATUS_OF_ERROR: Readonly<Record<ErrorCode, number>> = {
  invalid: 400,
  unauthorized: 401,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

/** The request headers the gateway maps into the envelope. */
export const ENVELOPE_HEADERS = { clientId: 'client-id', traceId: 'trace-id', msgId: 'msg-id' } as const;

/** What one operation stands for. */
export interface OperationTarget {
  kind: 'master' | 'instance';
  verb: string;
  info: VerbInfo;
  /** The HTTP path (under API_BASE_PATH), `{instanceId}` for instance verbs. */
  path: string;
  /** The NATS subject template (`f8.{instanceId}.<verb>` for instance verbs). */
  subject: string;
}

/** A sample instanceId, put through the naming module and swapped for `{instanceId}`. */
const SAMPLE_ID = 'instanceid';

/** `f8.{instanceId}.<verb>`: the naming module's subject with the instance token templated. */
export function instanceSubjectTemplate(verb: InstanceVerb): string {
  const tokens = subjects.instanceVerb(SAMPLE_ID, verb).split('.');
  const at = tokens.indexOf(SAMPLE_ID);
  tokens[at] = '{instanceId}';
  return tokens.join('.');
}

/** Every operation, master verbs then instance verbs, in verb-map order. */
export function operationTargets(): OperationTarget[] {
  return [
    ...MASTER_VERBS.map((verb: MasterVerb): OperationTarget => ({ kind: 'master', verb, info: MASTER_VERB_INFO[verb], path: `/master/${verb}`, subject: subjects.masterVerb(verb) })),
    ...INSTANCE_VERBS.map((verb: InstanceVerb): OperationTarget => ({
      kind: 'instance',
      verb,
      info: INSTANCE_VERB_INFO[verb],
      path: `/instances/{instanceId}/${verb}`,
      subject: instanceSubjectTemplate(verb),
    })),
  ];
}

/** The schema file and definition of a verb's request (`master-verbs.schema.json#/definitions/ping`) or reply. */
function schemaFileRef(info: VerbInfo, side: 'request' | 'reply'): string {
  const [group, name] = info.schema.split('.') as [string, string];
  const file = side === 'request' ? `${group}-verbs.schema.json` : `${group}-replies.schema.json`;
  return `./${file}#/definitions/${name}`;
}

/**
 * The first sentence of a verb's payload description in schemas/, for the operation's summary;
 * the reply's when the payload's says only that there is none (or is about paging).
 */
function payloadDescription(info: VerbInfo): string {
  const [group, name] = info.schema.split('.') as [string, string];
  const described = (docs: readonly unknown[], file: string): string => {
    const doc = docs.find((d) => (d as { $id?: string }).$id?.endsWith(`/${file}`)) as { definitions?: Record<string, { description?: string }> } | undefined;
    return doc?.definitions?.[name]?.description ?? '';
  };
  let text = described(schemaDocuments(), `${group}-verbs.schema.json`);
  if (/no parameters|paging/i.test(text)) text = described(REPLY_SCHEMA_DOCUMENTS, `${group}-replies.schema.json`) || text;
  const first = /^(.*?[.)])(\s|$)/.exec(text)?.[1] ?? text;
  return first.replace(/\.$/, '');
}

function operationId(t: OperationTarget): string {
  const camel = t.verb.replace(/\.(.)/g, (_m, c: string) => c.toUpperCase());
  return `${t.kind}${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
}

// (DEFAULT_HTTP_CLIENT_ID of the gateway is `http`: the header's default below says so too)
const ERROR_RESPONSES: Record<string, string> = {
  '400': 'invalid: a bad payload, envelope or JSON body',
  '401': 'unauthorized: no or a wrong gateway token, or a mutating verb without the lease',
  '404': 'not-found: no such instance, verb or path',
  '405': 'invalid: the method is not POST',
  '409': 'conflict: the lease is held by another client, a stale baseRevision, a deploy already running',
  '413': 'invalid: the body is over the envelope limit',
  '415': 'invalid: the body is not application/json',
  '421': 'invalid: the Host header is not a loopback name',
  '500': 'internal: the handler failed',
  '503': "unavailable: nobody answers the subject: an instance that is not running, or a verb the editor's NATS account does not reach (deployOpGraph, terminate, registry.*); or NATS is unreachable",
  '504': 'timeout: no reply within the verb timeout',
};

/** Request bodies that work as they stand in Swagger UI's "Try it out" (ping's clientId is the default client-id). */
const EXAMPLES: Record<string, unknown> = {
  ping: { clientId: 'http' },
  catalog: {},
  logs: { instanceId: 'sig', lines: 50 },
  history: { limit: 20 },
};

/** The POST operation of one verb: its payload as the body, the reply envelope and the error responses. */
function operation(t: OperationTarget): Record<string, unknown> {
  const parameters: unknown[] = [{ $ref: '#/components/parameters/clientId' }, { $ref: '#/components/parameters/traceId' }, { $ref: '#/components/parameters/msgId' }];
  if (t.kind === 'instance') parameters.unshift({ $ref: '#/components/parameters/instanceId' });
  const mutating = 'mutating' in t.info && t.info.mutating === true;
  const responses: Record<string, unknown> = {
    '200': {
      description: 'ok: the reply envelope, the result in payload',
      content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/ReplyEnvelope' }, { type: 'object', properties: { payload: { $ref: schemaFileRef(t.info, 'reply') } } }] } } },
    },
  };
  for (const code of Object.keys(ERROR_RESPONSES)) responses[code] = { $ref: `#/components/responses/E${code}` };
  return {
    operationId: operationId(t),
    tags: [t.kind],
    summary: [t.verb, payloadDescription(t.info)].filter(Boolean).join(': '),
    description: `Sends \`${t.verb}\` on NATS (\`${t.subject}\`) as the editor and answers its reply envelope.${mutating ? ' Needs the lease: ping with the same client-id first.' : ''}`,
    parameters,
    requestBody: {
      required: false,
      description: 'The verb payload (an empty body is {}).',
      content: { 'application/json': { schema: { $ref: schemaFileRef(t.info, 'request') }, ...(EXAMPLES[t.verb] ? { example: EXAMPLES[t.verb] } : {}) } },
    },
    responses,
    'x-nats-subject': t.subject,
    'x-nats-timeout-ms': t.info.timeoutMs,
    ...(mutating ? { 'x-f8-lease': true } : {}),
  };
}

/** The OpenAPI document, with bodies by `$ref` to the schema files beside it (schemas/). */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const t of operationTargets()) paths[t.path] = { post: operation(t) };
  const responses: Record<string, unknown> = {};
  for (const [code, text] of Object.entries(ERROR_RESPONSES)) {
    responses[`E${code}`] = { description: text, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorReply' } } } };
  }
  const header = (name: string, description: string, schema: Record<string, unknown>) => ({ name, in: 'header', required: false, description, schema });
  return {
    openapi: '3.1.0',
    info: {
      title: 'f8studio control plane',
      version: 'v1',
      description: [
        'Every master and instance verb of the f8studio control plane. NATS request/reply is the canonical transport: each operation names its subject (`x-nats-subject`, `{instanceId}` filled in), its reply timeout (`x-nats-timeout-ms`) and whether it needs the lease (`x-f8-lease`). Requests and replies travel in one envelope (RequestEnvelope, ReplyEnvelope); the request body here is its payload.',
        '',
        `The optional HTTP gateway of \`f8 master --gateway\` (loopback only) maps \`POST ${API_BASE_PATH}/...\` into that envelope: the headers client-id, trace-id and msg-id fill clientId, traceId and msgId (generated when absent; a repeated msg-id is answered once), and the request is sent on NATS as the editor. The reply envelope comes back with the HTTP status of its errorCode.`,
      ].join('\n'),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: `http://127.0.0.1:{port}${API_BASE_PATH}`, description: 'the HTTP gateway (f8 master --gateway PORT)', variables: { port: { default: '8788' } } }],
    security: [{ gatewayToken: [] }],
    tags: [
      { name: 'master', description: 'Master verbs (`f8.master.{verb}`)' },
      { name: 'instance', description: 'Instance verbs (`f8.{instanceId}.{verb}`)' },
    ],
    paths,
    components: {
      securitySchemes: { gatewayToken: { type: 'http', scheme: 'bearer', description: 'The gateway token (API_TOKEN= of f8 master --gateway).' } },
      parameters: {
        instanceId: { name: 'instanceId', in: 'path', required: true, description: 'The instance addressed.', schema: { $ref: './defs.schema.json#/definitions/instanceId' } },
        clientId: header(ENVELOPE_HEADERS.clientId, "The envelope's clientId (default `http`); the lease holder is a clientId. Only a claim: the gateway always acts as the editor.", {
          $ref: './defs.schema.json#/definitions/clientId',
        }),
        traceId: header(ENVELOPE_HEADERS.traceId, "The envelope's traceId (generated when absent).", { type: 'string', minLength: 1, maxLength: 128 }),
        msgId: header(ENVELOPE_HEADERS.msgId, "The envelope's msgId (generated when absent); a repeat within 2 minutes gets the first reply and the effect happens once.", {
          type: 'string',
          minLength: 1,
          maxLength: 128,
        }),
      },
      schemas: {
        RequestEnvelope: { $ref: './envelope-request.schema.json' },
        ReplyEnvelope: { $ref: './envelope-reply.schema.json' },
        ErrorReply: {
          description: 'An error reply: the envelope with status error, an errorCode and a message.',
          allOf: [
            { $ref: '#/components/schemas/ReplyEnvelope' },
            { type: 'object', required: ['errorCode', 'errorMessage'], properties: { status: { const: 'error' }, errorCode: { enum: [...ERROR_CODES] } } },
          ],
        },
      },
      responses,
    },
    'x-nats': {
      envelope: 'RequestEnvelope / ReplyEnvelope',
      apiVersion: 'v1',
      errorStatus: STATUS_OF_ERROR,
    },
  };
}

// ---------------------------------------------------------------- bundling

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The component name of a schema file (`master-verbs.schema.json` -> `master-verbs`). */
function componentOf(file: string): string {
  return file.replace(/^\.\//, '').replace(/\.schema\.json$/, '');
}

function rewriteRefs(value: Json, resolve: (ref: string) => Json): Json {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, resolve));
  if (value === null || typeof value !== 'object') return value;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string') {
      const r = resolve(v);
      if (typeof r === 'string') out.$ref = r;
      else Object.assign(out, r);
    } else if (k !== '$id' && k !== '$schema') out[k] = rewriteRefs(v, resolve);
  }
  return out;
}

/**
 * One self-contained document: each schema file becomes `components.schemas.<file>` and every
 * `$ref` points inside the document (`#/components/schemas/defs/definitions/instanceId`). A
 * reference to the JSON Schema meta-schema becomes "any object or boolean" (nothing is fetched).
 */
export function bundleOpenApi(doc: Record<string, unknown> = buildOpenApi(), documents: readonly unknown[] = [...schemaDocuments(), ...REPLY_SCHEMA_DOCUMENTS]): Record<string, unknown> {
  const byFile = new Map<string, Json>();
  for (const d of documents) {
    const id = (d as { $id?: string }).$id;
    if (id) byFile.set(id.slice(id.lastIndexOf('/') + 1), d as Json);
  }
  const pointer = (file: string, fragment: string | undefined): string => {
    if (!byFile.has(file)) throw new Error(`the OpenAPI document refers to ${file}, which is not a schema of schemas/`);
    return `#/components/schemas/${componentOf(file)}${fragment ? fragment.replace(/^\/?/, '/') : ''}`.replace(/\/$/, '');
  };
  const external =
    (from: string | null) =>
    (ref: string): Json => {
      if (ref.startsWith('http://json-schema.org/')) return { type: ['object', 'boolean'] };
      const [file, fragment] = ref.split('#') as [string, string | undefined];
      if (file === '') return from === null ? ref : pointer(from, fragment);
      return pointer(file.replace(/^\.\//, ''), fragment);
    };
  const top = rewriteRefs(doc as Json, external(null)) as { [k: string]: Json };
  const components = top.components as { [k: string]: Json };
  const schemas = components.schemas as { [k: string]: Json };
  for (const [file, d] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) schemas[componentOf(file)] = rewriteRefs(d, external(file));
  return top as Record<string, unknown>;
}
