import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { assertValid, schemaNames as allSchemaNames, schemaRef, validate, validateValue, type IpcSchemaName, type SchemaName } from './schemas.js';

// The desktop IPC messages (`ipc.*`) have their own cases in ipc.test.ts.
type ContractName = Exclude<SchemaName, IpcSchemaName>;
const schemaNames = allSchemaNames.filter((n): n is ContractName => !n.startsWith('ipc.'));

import exampleManifest from '../../schemas/examples/service.example.json' with { type: 'json' };
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
import deployEventSchema from '../../schemas/deploy-event.schema.json' with { type: 'json' };
import systemEventSchema from '../../schemas/system-event.schema.json' with { type: 'json' };
import catalogEventSchema from '../../schemas/catalog-event.schema.json' with { type: 'json' };
import busPayloadSchema from '../../schemas/bus-payload.schema.json' with { type: 'json' };

const documents: Record<string, unknown> = {
  defs: defsSchema,
  manifest: manifestSchema,
  'operator-spec': operatorSpecSchema,
  'service-graph': serviceGraphSchema,
  edge: edgeSchema,
  'half-edge': halfEdgeSchema,
  subgraph: subgraphSchema,
  'envelope-request': envelopeRequestSchema,
  'envelope-reply': envelopeReplySchema,
  'status-summary': statusSummarySchema,
  'state-entry': stateEntrySchema,
  'instance-record': instanceRecordSchema,
  'catalog-entry': catalogEntrySchema,
  'master-verbs': masterVerbsSchema,
  'instance-verbs': instanceVerbsSchema,
  'deploy-event': deployEventSchema,
  'system-event': systemEventSchema,
  'catalog-event': catalogEventSchema,
  'bus-payload': busPayloadSchema,
};

// ---------------------------------------------------------------- fixtures

const HASH = 'a'.repeat(64);
const TS = '2024-05-01T12:00:00.000Z';

const manifest = {
  schemaVersion: 'f8service/1',
  serviceClass: 'f8.test.echo',
  label: 'Echo',
  version: '0.1.0',
  launch: { command: '${node}', args: ['main.js'] },
};

const operator = {
  operatorClass: 'math.add',
  label: 'Add',
  version: '1.0.0',
  dataInPorts: [{ name: 'a', valueSchema: { type: 'number' } }, { name: 'b' }],
  dataOutPorts: [{ name: 'sum' }],
  execInPorts: [{ name: 'exec' }],
  execOutPorts: [{ name: 'done', description: 'after the sum is out' }],
  stateFields: [{ name: 'bias', valueSchema: { type: 'number' }, access: 'rw', default: 0 }],
  editableDataInPorts: true,
};

const engineManifest = { ...manifest, serviceClass: 'f8.engine', engine: true, operators: [operator] };

const edge = { kind: 'data', from: { nodeId: 'sig1', port: 'value' }, to: { nodeId: 'plot1', port: 'in' } };

const graph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g1',
  name: 'demo',
  nodes: [
    { nodeId: 'sig1', kind: 'service', serviceClass: 'f8.example.siggen', position: { x: 10, y: 20 }, state: { frequency: 2 }, restartPolicy: 'always' },
    { nodeId: 'eng1', kind: 'service', serviceClass: 'f8.engine', ports: { dataIn: [{ name: 'extra' }] } },
    { nodeId: '0123456789abcdef0123456789abcdef', kind: 'operator', operatorClass: 'math.add', parentId: 'eng1', label: 'Add' },
    { nodeId: 'plot1', kind: 'editor', editorClass: 'plot', state: { window: 100 } },
  ],
  edges: [edge, { edgeId: 'e1', kind: 'state', from: { nodeId: 'sig1', port: 'frequency' }, to: { nodeId: 'eng1', port: 'rate' }, strategy: 'latest' }],
};

const dataHalfEdge = {
  edgeId: 'eabc',
  kind: 'data',
  scope: 'cross',
  direction: 'out',
  peerServiceId: 'eng1',
  local: { nodeId: 'sig1', port: 'value' },
  remote: { nodeId: 'op1', port: 'a' },
  strategy: 'latest',
  queueSize: 64,
  dropOld: true,
  subject: 'f8.bus.babc',
};

const stateHalfEdge = {
  ...dataHalfEdge,
  kind: 'state',
  direction: 'in',
  subject: undefined,
  bucket: 'kv_f8_sig1',
  key: 'nodes.sig1.state.frequency',
  timeoutMs: 500,
};

const subgraph = {
  schemaVersion: 'f8studio-subgraph/1',
  instanceId: 'eng1',
  serviceClass: 'f8.engine',
  deployRevision: 3,
  etag: HASH,
  nodes: [graph.nodes[1], graph.nodes[2]],
  edges: [{ kind: 'exec', from: { nodeId: 'op1', port: 'done' }, to: { nodeId: 'op2', port: 'exec' } }],
  halfEdges: [{ ...dataHalfEdge, direction: 'in' }],
  state: { op1: { bias: 1 }, eng1: {} },
  operatorCatalogRef: { bucket: 'kv_f8_eng1', key: 'catalog/operators' },
};

const request = { msgId: 'm1', traceId: 't1', clientId: 'ed-1', hop: 0, ts: TS, apiVersion: 'v1', payload: {} };
const okReply = { ...request, ts: TS, status: 'ok', payload: { ok: 1 } };
const errReply = { ...request, status: 'error', errorCode: 'conflict', errorMessage: 'lease held by b', payload: { holder: 'b', expiresAt: 1 } };

const record = {
  serviceClass: 'f8.engine',
  pid: 1234,
  runId: 'r-1',
  status: 'activated',
  kvBucket: 'kv_f8_eng1',
  manifestHash: HASH,
  restartPolicy: 'on-failure',
  restarts: 0,
  launchedBy: 'master',
  updatedAt: 1714564800000,
  lastSeenAt: null,
  failCount: 0,
};

// ---------------------------------------------------------------- cases

type Invalid = { value: unknown; names: string[]; why: string };
interface Case {
  valid: unknown[];
  invalid: Invalid[];
}

const bad = (why: string, value: unknown, ...names: string[]): Invalid => ({ value, names, why });

const cases: Record<ContractName, Case> = {
  manifest: {
    valid: [manifest, exampleManifest, engineManifest, { ...manifest, 'x-vendor': { any: 'thing' } }],
    invalid: [
      bad('missing launch.command', { ...manifest, launch: {} }, '/launch', "required property 'command'"),
      bad('missing label', { ...manifest, label: undefined }, '(root)', "required property 'label'"),
      bad('unknown field', { ...manifest, lable: 'x' }, "unknown field 'lable'", "did you mean 'label'"),
      bad('unknown non-x field', { ...manifest, vendor: 1 }, "unknown field 'vendor'", "start with 'x-'"),
      bad('bad serviceClass', { ...manifest, serviceClass: 'Echo Service' }, '/serviceClass', 'serviceClass', 'pattern'),
      bad('bad version', { ...manifest, version: '1.0' }, '/version', 'semver'),
      bad('wrong schemaVersion', { ...manifest, schemaVersion: 'f8service/2' }, '/schemaVersion', "'f8service/1'"),
      bad('bad access', { ...manifest, stateFields: [{ name: 'x', valueSchema: {}, access: 'rx' }] }, '/stateFields/0/access', "'rw', 'ro', 'wo', 'init'"),
      bad('state field without valueSchema', { ...manifest, stateFields: [{ name: 'x', access: 'rw' }] }, '/stateFields/0', "'valueSchema'"),
      bad('bad port name', { ...manifest, dataOutPorts: [{ name: '1value' }] }, '/dataOutPorts/0/name', 'port name'),
      bad('valueSchema not a schema', { ...manifest, dataInPorts: [{ name: 'v', valueSchema: { type: 'nmber' } }] }, '/dataInPorts/0/valueSchema/type'),
      bad(
        'uiControl typo',
        { ...manifest, stateFields: [{ name: 'x', valueSchema: {}, access: 'rw', uiControl: { kind: 'slider', mx: 1 } }] },
        '/stateFields/0/uiControl',
        "unknown field 'mx'",
        "'max'",
      ),
      bad('uiControl wrong type', { ...manifest, stateFields: [{ name: 'x', valueSchema: {}, access: 'rw', uiControl: 3 }] }, '/stateFields/0/uiControl', 'a string or an object'),
      bad('env value not a string', { ...manifest, launch: { command: 'x', env: { A: 1 } } }, '/launch/env/A', 'a string'),
      bad('bad operator inside', { ...engineManifest, operators: [{ ...operator, operatorClass: 'Math' }] }, '/operators/0/operatorClass'),
      bad('not an object', 'service', '(root)', 'an object'),
    ],
  },
  'operator-spec': {
    valid: [operator, { operatorClass: 'noop', label: 'Noop' }],
    invalid: [
      bad('missing label', { operatorClass: 'noop' }, '(root)', "'label'"),
      bad('bad exec port', { ...operator, execInPorts: [{ name: 'ex ec' }] }, '/execInPorts/0/name'),
      bad('unknown field', { ...operator, serviceClass: 'x' }, "unknown field 'serviceClass'"),
      bad('engine flag belongs to manifests', { ...operator, engine: true }, "unknown field 'engine'"),
    ],
  },
  'service-graph': {
    valid: [graph, { schemaVersion: 'f8studio-graph/1', graphId: 'empty', nodes: [], edges: [], 'x-view': { zoom: 1 } }],
    invalid: [
      bad('reserved instanceId', { ...graph, nodes: [{ nodeId: 'master', kind: 'service', serviceClass: 'a' }] }, '/nodes/0/nodeId', 'reserved'),
      bad('reserved master_ prefix', { ...graph, nodes: [{ nodeId: 'master_x', kind: 'service', serviceClass: 'a' }] }, '/nodes/0/nodeId', 'reserved'),
      bad('operator without parentId', { ...graph, nodes: [{ nodeId: 'op1', kind: 'operator', operatorClass: 'a' }] }, '/nodes/0', "'parentId'"),
      bad('unknown kind', { ...graph, nodes: [{ nodeId: 'n1', kind: 'widget' }] }, '/nodes/0/kind', "'service', 'operator', 'editor'"),
      bad('missing edges', { ...graph, edges: undefined }, '(root)', "'edges'"),
      bad('bad edge', { ...graph, edges: [{ ...edge, kind: 'control' }] }, '/edges/0/kind'),
      bad('service field on an editor node', { ...graph, nodes: [{ nodeId: 'p', kind: 'editor', editorClass: 'plot', serviceClass: 'x' }] }, '/nodes/0', "unknown field 'serviceClass'"),
      bad('bad position', { ...graph, nodes: [{ nodeId: 'p', kind: 'editor', editorClass: 'plot', position: { x: '1', y: 2 } }] }, '/nodes/0/position/x', 'a number'),
      bad('bad state key', { ...graph, nodes: [{ nodeId: 'p', kind: 'editor', editorClass: 'plot', state: { 'a.b': 1 } }] }, '/nodes/0/state', "key 'a.b'"),
      bad('wrong schemaVersion', { ...graph, schemaVersion: 'f8studio-graph/2' }, '/schemaVersion'),
    ],
  },
  edge: {
    valid: [edge, { edgeId: 'e1', kind: 'data', from: { nodeId: 'a', port: 'x' }, to: { nodeId: 'b', port: 'y' }, strategy: 'queue', queueSize: 10, timeoutMs: 0, dropOld: false }],
    invalid: [
      bad('missing to', { ...edge, to: undefined }, '(root)', "'to'"),
      bad('queueSize 0', { ...edge, queueSize: 0 }, '/queueSize', '>= 1'),
      bad('queueSize too big', { ...edge, queueSize: 100001 }, '/queueSize', '<= 100000'),
      bad('bad strategy', { ...edge, strategy: 'newest' }, '/strategy', "'latest'"),
      bad('unknown field', { ...edge, scope: 'cross' }, "unknown field 'scope'"),
      bad('port ref typo', { ...edge, from: { node: 'a', port: 'x' } }, '/from', "'nodeId'", "unknown field 'node'"),
      bad('timeoutMs not an integer', { ...edge, timeoutMs: 1.5 }, '/timeoutMs', 'an integer'),
    ],
  },
  'half-edge': {
    valid: [dataHalfEdge, JSON.parse(JSON.stringify(stateHalfEdge))],
    invalid: [
      bad('data half-edge without subject', { ...dataHalfEdge, subject: undefined }, "required property 'subject'", 'data half-edge'),
      bad('state half-edge without key', { ...JSON.parse(JSON.stringify(stateHalfEdge)), key: undefined }, "required property 'key'"),
      bad('bad direction', { ...dataHalfEdge, direction: 'both' }, '/direction', "'out', 'in'"),
      bad('scope not cross', { ...dataHalfEdge, scope: 'intra' }, '/scope', "'cross'"),
      bad('exec half-edge', { ...dataHalfEdge, kind: 'exec' }, '/kind'),
      bad('wildcard subject', { ...dataHalfEdge, subject: 'f8.bus.*' }, '/subject', 'NATS subject'),
      bad('missing dropOld', { ...dataHalfEdge, dropOld: undefined }, "'dropOld'"),
    ],
  },
  subgraph: {
    valid: [subgraph, { ...subgraph, operatorCatalogRef: undefined, nodes: [], edges: [], halfEdges: [], state: {}, deployRevision: 0 }],
    invalid: [
      bad('uppercase etag', { ...subgraph, etag: HASH.toUpperCase() }, '/etag', 'sha256'),
      bad('negative deployRevision', { ...subgraph, deployRevision: -1 }, '/deployRevision', '>= 0'),
      bad('missing halfEdges', { ...subgraph, halfEdges: undefined }, "'halfEdges'"),
      bad('bad half-edge inside', { ...subgraph, halfEdges: [{ ...dataHalfEdge, subject: undefined }] }, '/halfEdges/0', "'subject'"),
      bad('bad state node id', { ...subgraph, state: { 'Op 1': {} } }, '/state', "key 'Op 1'"),
      bad('state values not by field', { ...subgraph, state: { op1: 5 } }, '/state/op1', 'an object'),
      bad('reserved instanceId', { ...subgraph, instanceId: 'logs' }, '/instanceId', 'reserved'),
    ],
  },
  'envelope-request': {
    valid: [request, { ...request, payload: null, headers: { authorization: 'Bearer x' }, hop: 2 }],
    invalid: [
      bad('missing payload', { ...request, payload: undefined }, '(root)', "'payload'"),
      bad('ts not RFC 3339', { ...request, ts: '1714564800000' }, '/ts', 'RFC 3339'),
      bad('wrong apiVersion', { ...request, apiVersion: 'v2' }, '/apiVersion', "'v1'"),
      bad('negative hop', { ...request, hop: -1 }, '/hop', '>= 0'),
      bad('bad clientId', { ...request, clientId: 'a b' }, '/clientId', 'clientId'),
      bad('empty msgId', { ...request, msgId: '' }, '/msgId', 'empty'),
      bad('header not a string', { ...request, headers: { n: 1 } }, '/headers/n'),
      bad('unknown field', { ...request, verb: 'ping' }, "unknown field 'verb'"),
    ],
  },
  'envelope-reply': {
    valid: [okReply, errReply, { ...errReply, payload: null, errorCode: 'invalid' }],
    invalid: [
      bad('error without errorMessage', { ...errReply, errorMessage: undefined }, "'errorMessage'"),
      bad('error with empty errorMessage', { ...errReply, errorMessage: '' }, '/errorMessage', 'empty'),
      bad('error without errorCode', { ...errReply, errorCode: undefined }, "'errorCode'"),
      bad('unknown errorCode', { ...errReply, errorCode: 'denied' }, '/errorCode', "'unauthorized'"),
      bad('bad status', { ...okReply, status: 'fine' }, '/status', "'ok', 'error'"),
      bad('missing status', { ...okReply, status: undefined }, "'status'"),
    ],
  },
  'status-summary': {
    valid: [
      { status: 'activated', ts: 1 },
      { status: 'error', lastError: 'boom', graphRevision: null, ts: 1714564800000 },
      { status: 'deactivated', graphRevision: 4, ts: 2 },
    ],
    invalid: [
      bad('registry-only status', { status: 'unresponsive', ts: 1 }, '/status', 'lifecycle status'),
      bad('ts as string', { status: 'activated', ts: TS }, '/ts', 'a number'),
      bad('missing status', { ts: 1 }, "'status'"),
      bad('fractional graphRevision', { status: 'activated', ts: 1, graphRevision: 1.5 }, '/graphRevision', 'an integer or null'),
    ],
  },
  'state-entry': {
    valid: [
      { value: 1.5, source: 'editor', actor: 'ed-1', ts: 1 },
      { value: null, source: 'topology', actor: 'master', ts: 0 },
      { value: { a: [1] }, source: 'engine', actor: 'eng1', ts: 5 },
    ],
    invalid: [
      bad('bad source', { value: 1, source: 'user', actor: 'a', ts: 1 }, '/source', "'editor', 'engine', 'topology'"),
      bad('missing actor', { value: 1, source: 'editor', ts: 1 }, "'actor'"),
      bad('missing value', { source: 'editor', actor: 'a', ts: 1 }, "'value'"),
      bad('unknown field', { value: 1, source: 'editor', actor: 'a', ts: 1, rev: 2 }, "unknown field 'rev'"),
    ],
  },
  'instance-record': {
    valid: [record, { ...record, pid: null, runId: '', status: 'unresponsive', launchedBy: 'external', manifestHash: undefined, lastSeenAt: 17, lastError: 'exit 1', graphRevision: 2 }],
    invalid: [
      bad('pid as string', { ...record, pid: '1234' }, '/pid', 'an integer or null'),
      bad('bad launchedBy', { ...record, launchedBy: 'user' }, '/launchedBy', "'master', 'external'"),
      bad('missing failCount', { ...record, failCount: undefined }, "'failCount'"),
      bad('bad status', { ...record, status: 'running' }, '/status', 'instance status'),
      bad('bad bucket', { ...record, kvBucket: 'kv.f8' }, '/kvBucket', 'KV bucket'),
    ],
  },
  'catalog-entry': {
    valid: [{ serviceClass: 'f8.test.echo', manifest, manifestHash: HASH, path: '/srv/echo/service.json', dir: '/srv/echo' }],
    invalid: [
      bad('bad manifestHash', { serviceClass: 'f8.test.echo', manifest, manifestHash: 'abc', path: 'p', dir: 'd' }, '/manifestHash', 'sha256'),
      bad(
        'invalid manifest inside',
        { serviceClass: 'f8.test.echo', manifest: { ...manifest, launch: { command: '' } }, manifestHash: HASH, path: 'p', dir: 'd' },
        '/manifest/launch/command',
        'empty',
      ),
      bad('missing dir', { serviceClass: 'f8.test.echo', manifest, manifestHash: HASH, path: 'p' }, "'dir'"),
    ],
  },
  'deploy-event': {
    valid: [
      { revision: 1, instanceId: 'sig', phase: 'applying' },
      { revision: 2, instanceId: 'log', phase: 'failed', error: 'apply timed out' },
    ],
    invalid: [
      bad('unknown phase', { revision: 1, instanceId: 'sig', phase: 'done' }, '/phase'),
      bad('reserved instanceId', { revision: 1, instanceId: 'master', phase: 'started' }, '/instanceId'),
      bad('missing revision', { instanceId: 'sig', phase: 'started' }, "'revision'"),
    ],
  },
  'system-event': {
    valid: [
      { kind: 'nats-down', message: 'gone', ts: 1, pid: 10 },
      { kind: 'nats-restarted', message: 'back', ts: 2, pid: 11, downMs: 900 },
    ],
    invalid: [bad('unknown kind', { kind: 'reboot', message: 'x', ts: 1 }, '/kind'), bad('missing message', { kind: 'nats-down', ts: 1 }, "'message'")],
  },
  'catalog-event': {
    valid: [{ serviceClass: 'f8.test.echo', path: '/srv/echo/service.json', change: 'added' }, { path: '/srv/bad/service.json', error: 'not JSON' }, {}],
    invalid: [bad('unknown change', { serviceClass: 'f8.test.echo', change: 'moved' }, '/change'), bad('unknown field', { serviceClass: 'f8.test.echo', why: 'x' }, "unknown field 'why'")],
  },
  'bus-payload': {
    valid: [{ value: 0.5, ts: 1 }, { value: null, ts: 2 }, { value: { a: [1] }, ts: 3 }, { ts: 4 }],
    invalid: [bad('missing ts', { value: 1 }, "'ts'"), bad('negative ts', { value: 1, ts: -1 }, '/ts'), bad('unknown field', { value: 1, ts: 1, port: 'out' }, "unknown field 'port'")],
  },
  'master.ping': {
    valid: [{ clientId: 'ed-1' }, { clientId: 'cli-abc', requestedProfile: 'default', takeover: true }, { clientId: 'cli-abc', release: true }],
    invalid: [
      bad('missing clientId', {}, "'clientId'"),
      bad('takeover not boolean', { clientId: 'a', takeover: 'yes' }, '/takeover', 'a boolean'),
      bad('release not boolean', { clientId: 'a', release: 1 }, '/release', 'a boolean'),
      bad('typo', { clientId: 'a', takeOver: true }, "unknown field 'takeOver'", "'takeover'"),
    ],
  },
  'master.catalog': {
    valid: [{}],
    invalid: [bad('unknown field', { all: true }, "unknown field 'all'"), bad('not an object', null, '(root)', 'an object')],
  },
  'master.instances': {
    valid: [{}],
    invalid: [bad('unknown field', { verbose: true }, "unknown field 'verbose'"), bad('array', [], '(root)', 'an object')],
  },
  'master.register': {
    valid: [
      { serviceClass: 'f8.engine', runId: 'r1', pid: 42 },
      { serviceClass: 'f8.engine', instanceId: 'eng1', runId: 'r1', pid: 42, manifestHash: HASH },
    ],
    invalid: [
      bad('missing runId', { serviceClass: 'f8.engine', pid: 1 }, "'runId'"),
      bad('reserved instanceId', { serviceClass: 'f8.engine', instanceId: 'bus', runId: 'r', pid: 1 }, '/instanceId', 'reserved'),
      bad('pid not an integer', { serviceClass: 'f8.engine', runId: 'r', pid: 'x' }, '/pid', 'an integer'),
      bad('runId too long', { serviceClass: 'f8.engine', runId: 'r'.repeat(65), pid: 1 }, '/runId', 'at most 64'),
    ],
  },
  'master.unregister': {
    valid: [{ instanceId: 'eng1', runId: 'r1' }],
    invalid: [bad('missing runId', { instanceId: 'eng1' }, "'runId'"), bad('bad instanceId', { instanceId: 'Eng 1', runId: 'r' }, '/instanceId', 'instanceId')],
  },
  'master.startInstance': {
    valid: [{ serviceClass: 'f8.engine' }, { serviceClass: 'f8.engine', instanceId: 'eng2', restartPolicy: 'never', state: { rate: 10 } }],
    invalid: [
      bad('bad restartPolicy', { serviceClass: 'f8.engine', restartPolicy: 'sometimes' }, '/restartPolicy', "'on-failure'"),
      bad('missing serviceClass', { instanceId: 'x' }, "'serviceClass'"),
      bad('state not an object', { serviceClass: 'f8.engine', state: [1] }, '/state', 'an object'),
    ],
  },
  'master.stopInstance': {
    valid: [{ instanceId: 'eng1' }],
    invalid: [bad('missing instanceId', {}, "'instanceId'"), bad('extra graceMs', { instanceId: 'eng1', grace: 1 }, "unknown field 'grace'")],
  },
  'master.restartInstance': {
    valid: [{ instanceId: 'eng1' }],
    invalid: [bad('missing instanceId', {}, "'instanceId'"), bad('reserved', { instanceId: 'events' }, '/instanceId', 'reserved')],
  },
  'master.logs': {
    valid: [{ instanceId: 'eng1' }, { instanceId: 'eng1', lines: 10000 }],
    invalid: [
      bad('lines 0', { instanceId: 'eng1', lines: 0 }, '/lines', '>= 1'),
      bad('lines too many', { instanceId: 'eng1', lines: 10001 }, '/lines', '<= 10000'),
      bad('missing instanceId', { lines: 5 }, "'instanceId'"),
    ],
  },
  'master.deployGraph': {
    valid: [{ graph }, { graph, baseRevision: null, activate: false }, { graph, baseRevision: 7 }],
    invalid: [
      bad('missing graph', { baseRevision: 1 }, "'graph'"),
      bad('invalid graph inside', { graph: { ...graph, graphId: '' } }, '/graph/graphId', 'empty'),
      bad('baseRevision as string', { graph, baseRevision: '7' }, '/baseRevision', 'an integer or null'),
    ],
  },
  'master.planGraph': {
    valid: [{ graph }, { graph, baseRevision: 3 }],
    invalid: [
      bad('missing graph', {}, "'graph'"),
      bad('activate is deployGraph only', { graph, activate: true }, "unknown field 'activate'"),
      bad('negative baseRevision', { graph, baseRevision: -1 }, '/baseRevision'),
    ],
  },
  'master.history': {
    valid: [{}, { limit: 5 }, { limit: 64 }],
    invalid: [bad('limit too high', { limit: 65 }, '/limit'), bad('limit zero', { limit: 0 }, '/limit'), bad('limit as string', { limit: '5' }, '/limit', 'an integer')],
  },
  'master.graphAt': {
    valid: [{ revision: 1 }],
    invalid: [bad('missing revision', {}, "'revision'"), bad('revision zero', { revision: 0 }, '/revision'), bad('revision as string', { revision: '2' }, '/revision', 'an integer')],
  },
  'master.stopGraph': {
    valid: [{}],
    invalid: [bad('unknown field', { force: true }, "unknown field 'force'"), bad('not an object', [], '(root)', 'an object')],
  },
  'instance.stats': {
    valid: [{}],
    invalid: [bad('unknown field', { verbose: true }, "unknown field 'verbose'"), bad('not an object', 1, '(root)', 'an object')],
  },
  'instance.activate': {
    valid: [{}],
    invalid: [bad('unknown field', { now: true }, "unknown field 'now'"), bad('not an object', 'go', '(root)', 'an object')],
  },
  'instance.deactivate': {
    valid: [{}],
    invalid: [bad('unknown field', { force: true }, "unknown field 'force'"), bad('not an object', 1, '(root)', 'an object')],
  },
  'instance.terminate': {
    valid: [{}, { graceMs: 2000 }],
    invalid: [bad('negative graceMs', { graceMs: -5 }, '/graceMs', '>= 0'), bad('typo', { graceMS: 5 }, "unknown field 'graceMS'", "'graceMs'")],
  },
  'instance.status': {
    valid: [{}],
    invalid: [bad('unknown field', { full: true }, "unknown field 'full'"), bad('not an object', [], '(root)', 'an object')],
  },
  'instance.deployOpGraph': {
    valid: [
      { subgraph, expectedDeployRevision: null },
      { subgraph, expectedDeployRevision: 2 },
    ],
    invalid: [
      bad('missing expectedDeployRevision', { subgraph }, "'expectedDeployRevision'"),
      bad('invalid subgraph inside', { subgraph: { ...subgraph, etag: 'x' }, expectedDeployRevision: null }, '/subgraph/etag'),
      bad('revision as string', { subgraph, expectedDeployRevision: '2' }, '/expectedDeployRevision'),
    ],
  },
  'instance.setState': {
    valid: [
      { nodeId: 'sig1', field: 'frequency', value: 3 },
      { nodeId: 'op1', field: 'cfg', value: null },
    ],
    invalid: [
      bad('missing value', { nodeId: 'sig1', field: 'frequency' }, "'value'"),
      bad('bad field', { nodeId: 'sig1', field: 'freq.hz', value: 1 }, '/field', 'state field name'),
      bad('bad nodeId', { nodeId: 'Sig', field: 'f', value: 1 }, '/nodeId', 'nodeId'),
    ],
  },
  'instance.stateSnapshot': {
    valid: [{}, { nodeId: 'op1' }],
    invalid: [bad('bad nodeId', { nodeId: '' }, '/nodeId'), bad('unknown field', { node: 'op1' }, "unknown field 'node'", "'nodeId'")],
  },
  'instance.cmd': {
    valid: [{ command: 'reset' }, { command: 'seek', params: { t: 1 } }],
    invalid: [bad('missing command', { params: {} }, "'command'"), bad('bad command', { command: 'do it' }, '/command', 'command name')],
  },
};

// ---------------------------------------------------------------- tests

describe('schemas: every name', () => {
  it('has cases for every schema name and compiles every schema', () => {
    expect(Object.keys(cases).sort()).toEqual([...schemaNames].sort());
    for (const name of schemaNames) expect(() => validate(name, {})).not.toThrow();
  });

  for (const name of schemaNames) {
    describe(name, () => {
      const c = cases[name];
      it('accepts valid samples', () => {
        for (const v of c.valid) {
          const r = validate(name, v);
          expect(r.ok ? '' : r.message).toBe('');
          expect(r.ok && r.value).toBe(v);
        }
      });
      it('has at least two invalid samples', () => {
        expect(c.invalid.length).toBeGreaterThanOrEqual(2);
      });
      for (const { value, names, why } of c.invalid) {
        it(`refuses: ${why}`, () => {
          const r = validate(name, value);
          expect(r.ok).toBe(false);
          if (r.ok) return;
          expect(r.issues.length).toBeGreaterThan(0);
          for (const n of names) expect(r.message).toContain(n);
          expect(r.message).toBe(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
        });
      }
    });
  }
});

describe('messages', () => {
  it('names a missing field with its parent path (brief example)', () => {
    const r = validate('manifest', { ...manifest, label: undefined, launch: { command: 5 } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain("(root): must have required property 'label'");
      expect(r.message).toContain('/launch/command: must be a string (got number 5)');
    }
  });

  it('says why a reserved instanceId is refused', () => {
    const r = validate('master.stopInstance', { instanceId: 'master' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toEqual([{ path: '/instanceId', message: "'master' is not a valid instanceId: must not be a reserved name (master, bus, state, events, logs or master_*)" }]);
    }
    // a prefix that is merely similar is fine
    expect(validate('master.stopInstance', { instanceId: 'masterful' }).ok).toBe(true);
  });

  it('includes the pattern of a pattern error', () => {
    const r = validate('master.unregister', { instanceId: '-x', runId: 'r' });
    expect(!r.ok && r.message).toContain('must match pattern ^[a-z0-9][a-z0-9_-]{0,63}$');
  });

  it('shows only the branch of the node kind that applies', () => {
    const r = validate('service-graph', { ...graph, nodes: [{ nodeId: 'op1', kind: 'operator', operatorClass: 'a', parentId: 'e', restartPolicy: 'never' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]?.path).toBe('/nodes/0');
      expect(r.issues[0]?.message).toMatch(/^unknown field 'restartPolicy'/);
    }
  });

  it('explains a conditional requirement', () => {
    const r = validate('envelope-reply', { ...errReply, errorMessage: undefined });
    expect(!r.ok && r.message).toBe("(root): must have required property 'errorMessage' (an error reply needs errorCode and a non-empty errorMessage)");
  });

  it('collapses anyOf noise in value schemas', () => {
    const r = validate('manifest', { ...manifest, dataInPorts: [{ name: 'v', valueSchema: { type: 'nmber' } }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]?.path).toBe('/dataInPorts/0/valueSchema/type');
      expect(r.issues[0]?.message).toContain("'number'");
    }
  });

  it('does not modify the value', () => {
    const v = JSON.parse(JSON.stringify(graph));
    validate('service-graph', v);
    validate('service-graph', { ...v, nodes: 1 });
    expect(v).toEqual(graph);
  });

  it('assertValid returns the value or throws with the message', () => {
    expect(assertValid('edge', edge)).toBe(edge);
    expect(() => assertValid('edge', { ...edge, kind: 'x' })).toThrow(/^\/kind: 'x' is not a valid edge kind/);
  });

  it('throws for an unknown schema name', () => {
    expect(() => validate('nope' as SchemaName, {})).toThrow(/unknown schema 'nope'/);
  });

  it('maps names to $ids', () => {
    expect(schemaRef('manifest')).toBe('https://f8studio.dev/schemas/manifest.schema.json');
    expect(schemaRef('master.register')).toBe('https://f8studio.dev/schemas/master-verbs.schema.json#/definitions/register');
    expect(schemaRef('instance.cmd')).toBe('https://f8studio.dev/schemas/instance-verbs.schema.json#/definitions/cmd');
  });
});

describe('example manifest', () => {
  it('validates, and its defaults satisfy their value schemas', () => {
    const m = assertValid<{ stateFields: { name: string; valueSchema: object; default?: unknown; uiControl?: unknown; showOnNode?: boolean; access: string }[]; dataOutPorts: { name: string }[] }>(
      'manifest',
      exampleManifest,
    );
    expect(m.dataOutPorts.map((p) => p.name)).toEqual(['value']);
    const frequency = m.stateFields.find((f) => f.name === 'frequency');
    expect(frequency).toMatchObject({ access: 'rw', default: 1, showOnNode: true, uiControl: { kind: 'slider' } });
    const waveform = m.stateFields.find((f) => f.name === 'waveform');
    expect(waveform?.access).toBe('rw');
    expect(validateValue(waveform?.valueSchema ?? {}, 'square').ok).toBe(true);
    expect(validateValue(waveform?.valueSchema ?? {}, 'triangle').ok).toBe(false);
    for (const f of m.stateFields) expect(validateValue(f.valueSchema, f.default).ok).toBe(true);
  });
});

describe('validateValue', () => {
  it('validates and reports like validate', () => {
    const schema = { type: 'object', required: ['t'], properties: { t: { type: 'number', minimum: 0 } }, additionalProperties: false };
    expect(validateValue(schema, { t: 1 })).toEqual({ ok: true, value: { t: 1 } });
    const r = validateValue(schema, { t: -1, u: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('/t: must be >= 0 (got number -1)');
      expect(r.message).toContain("(root): unknown field 'u'");
    }
  });

  it('caches by canonical JSON (equal schemas with other key order give the same answers)', () => {
    const a = { type: 'integer', maximum: 3 };
    const b = { maximum: 3, type: 'integer' };
    expect(validateValue(a, 2).ok).toBe(true);
    expect(validateValue(b, 4).ok).toBe(false);
    expect(validateValue(a, 4).ok).toBe(false);
  });

  it('keeps giving the right verdicts across many distinct schemas (the ajv instance is replaced, not grown)', () => {
    const first = { type: 'string', pattern: '^first$' };
    expect(validateValue(first, 'first').ok).toBe(true);
    // over 2 x 500 distinct schemas: at least one replacement of the ad-hoc ajv instance
    for (let i = 0; i < 1_100; i++) {
      const s = { type: 'string', pattern: `^p${i}$` };
      expect(validateValue(s, `p${i}`).ok).toBe(true);
      expect(validateValue({ ...s }, `p${i}x`).ok).toBe(false);
    }
    expect(validateValue(first, 'first').ok).toBe(true);
    expect(validateValue({ ...first }, 'second').ok).toBe(false);
  });

  it('does not follow later changes to a cached schema object into a stale state', () => {
    const s: Record<string, unknown> = { type: 'string' };
    expect(validateValue(s, 'x').ok).toBe(true);
    expect(validateValue({ type: 'string' }, 5).ok).toBe(false);
  });

  it('accepts boolean schemas', () => {
    expect(validateValue(true, 1).ok).toBe(true);
    const r = validateValue(false, 1);
    expect(!r.ok && r.message).toBe('(root): is not allowed here');
  });

  it('collapses anyOf / oneOf to the relevant branch', () => {
    const any = validateValue({ anyOf: [{ type: 'string' }, { type: 'number' }] }, true);
    expect(!any.ok && any.message).toBe('(root): must be a string or a number (got boolean true)');
    const one = validateValue({ oneOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { type: 'number' }] }, { a: 1 });
    expect(!one.ok && one.message).toBe('/a: must be a string (got number 1)');
    const consts = validateValue({ anyOf: [{ const: 'a' }, { const: 'b' }] }, 'c');
    expect(!consts.ok && consts.message).toBe("(root): must be 'a' or 'b' (got string 'c')");
  });

  it('reports an invalid schema at (schema) instead of throwing', () => {
    const r = validateValue({ type: 'strnig' }, 1);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0]?.path).toBe('(schema)');
      expect(r.message).toContain('invalid schema');
      expect(r.message).toContain('/type');
    }
    const n = validateValue(null as unknown as object, 1);
    expect(!n.ok && n.message).toContain('(schema)');
  });

  it('tolerates unknown keywords and formats and $ids in user schemas', () => {
    expect(validateValue({ type: 'number', 'x-unit': 'Hz', unit: 'Hz' }, 3).ok).toBe(true);
    expect(validateValue({ $id: 'https://f8studio.dev/schemas/manifest.schema.json', type: 'string' }, 'x').ok).toBe(true);
    expect(validateValue({ $id: 'https://f8studio.dev/schemas/manifest.schema.json', type: 'number' }, 1).ok).toBe(true);
    expect(validateValue({ type: 'string', format: 'date-time' }, 'nope').ok).toBe(false);
  });
});

// ---------------------------------------------------------------- the schema files themselves

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function walk(node: Json, at: string, visit: (n: { [k: string]: Json }, at: string) => void): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`, visit));
  else if (node !== null && typeof node === 'object') {
    visit(node, at);
    for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`, visit);
  }
}

describe('schema files', () => {
  for (const [file, doc] of Object.entries(documents)) {
    it(`${file}: draft-07, $id, title, description`, () => {
      const d = doc as Record<string, unknown>;
      expect(d.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(d.$id).toBe(`https://f8studio.dev/schemas/${file}.schema.json`);
      expect(typeof d.title).toBe('string');
      expect(typeof d.description).toBe('string');
    });

    it(`${file}: every object schema with properties closes them`, () => {
      const open: string[] = [];
      walk(doc as Json, '#', (n, at) => {
        const isObject = n.type === 'object' || (Array.isArray(n.type) && n.type.includes('object'));
        // (a discriminated schema leaves closing to the branch its if/then picks)
        if (isObject && n.properties !== undefined && n.additionalProperties === undefined && n.allOf === undefined) open.push(at);
        // and every property of every properties block says what it is
        if (n.properties && typeof n.properties === 'object' && !Array.isArray(n.properties) && !at.endsWith('/if')) {
          for (const [k, v] of Object.entries(n.properties)) {
            const p = v as Record<string, unknown>;
            if (typeof p !== 'object' || p === null) continue;
            const described = typeof p.description === 'string' || typeof p.$ref === 'string';
            const onlyRefinement = Object.keys(p).every((key) => ['const', 'minLength', 'type'].includes(key));
            if (!described && !onlyRefinement) open.push(`${at}/properties/${k} (no description)`);
          }
        }
      });
      expect(open).toEqual([]);
    });
  }

  it('every shared definition compiles in strict mode', () => {
    // (formats are not checked here: the draft-07 meta-schema uses some that only ajv-formats knows)
    const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, validateFormats: false });
    ajv.addSchema(defsSchema);
    for (const key of Object.keys(defsSchema.definitions)) {
      expect(ajv.getSchema(`https://f8studio.dev/schemas/defs.schema.json#/definitions/${key}`), key).toBeTypeOf('function');
    }
  });
});
