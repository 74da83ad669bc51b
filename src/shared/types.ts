// Types of the wire and disk formats. schemas/*.schema.json are the source of truth and are
// validated with ajv at every boundary (see schemas.ts); these types mirror them.
import type { ErrorCode } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = Record<string, unknown>;

export type Access = 'rw' | 'ro' | 'wo' | 'init';
export type RestartPolicy = 'never' | 'on-failure' | 'always';
export type InstanceStatus = 'starting' | 'deactivated' | 'activated' | 'terminating' | 'stopped' | 'error' | 'unresponsive';
export type LifecycleStatus = 'starting' | 'deactivated' | 'activated' | 'terminating' | 'error';
export type Strategy = 'latest' | 'queue' | 'average' | 'hold' | 'repeat' | 'interpolate';

export interface PortSpec {
  name: string;
  valueSchema?: JsonSchema;
  description?: string;
}
export interface ExecPortSpec {
  name: string;
  description?: string;
}
export interface StateFieldSpec {
  name: string;
  valueSchema: JsonSchema;
  access: Access;
  default?: unknown;
  required?: boolean;
  showOnNode?: boolean;
  uiControl?: unknown;
  description?: string;
  label?: string;
}
export interface CommandSpec {
  name: string;
  params?: JsonSchema;
  description?: string;
}
export interface EditableFlags {
  editableDataInPorts?: boolean;
  editableDataOutPorts?: boolean;
  editableStateFields?: boolean;
  editableCommands?: boolean;
}
export interface OperatorSpec extends EditableFlags {
  operatorClass: string;
  label: string;
  version?: string;
  description?: string;
  tags?: string[];
  dataInPorts?: PortSpec[];
  dataOutPorts?: PortSpec[];
  execInPorts?: ExecPortSpec[];
  execOutPorts?: ExecPortSpec[];
  stateFields?: StateFieldSpec[];
  commands?: CommandSpec[];
}
export interface LaunchSpec {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}
export interface Manifest extends EditableFlags {
  schemaVersion: 'f8service/1';
  serviceClass: string;
  label: string;
  version: string;
  description?: string;
  tags?: string[];
  launch: LaunchSpec;
  dataInPorts?: PortSpec[];
  dataOutPorts?: PortSpec[];
  stateFields?: StateFieldSpec[];
  commands?: CommandSpec[];
  engine?: boolean;
  operators?: OperatorSpec[];
  [extension: `x-${string}`]: unknown;
}

export interface CatalogEntry {
  serviceClass: string;
  manifest: Manifest;
  manifestHash: string;
  /** The manifest file. */
  path: string;
  /** Its folder (launch cwd is relative to it). */
  dir: string;
}

export interface StatusSummary {
  status: LifecycleStatus;
  lastError?: string;
  graphRevision?: number | null;
  /** The etag of the subgraph it runs. */
  graphEtag?: string;
  ts: number;
}

export interface StateEntry {
  value: unknown;
  source: 'editor' | 'engine' | 'topology';
  actor: string;
  ts: number;
}

export interface InstanceRecord {
  serviceClass: string;
  pid: number | null;
  runId: string;
  status: InstanceStatus;
  kvBucket: string;
  manifestHash?: string;
  restartPolicy: RestartPolicy;
  restarts: number;
  launchedBy: 'master' | 'external';
  updatedAt: number;
  lastSeenAt: number | null;
  failCount: number;
  lastError?: string;
  graphRevision?: number | null;
  graphEtag?: string;
  /** It runs another subgraph than the master deployed to it. */
  drift?: boolean;
}

// ---------------------------------------------------------------- envelope

export interface RequestEnvelope<P = unknown> {
  msgId: string;
  traceId: string;
  clientId: string;
  hop: number;
  ts: string;
  apiVersion: 'v1';
  payload: P;
  headers?: Record<string, string>;
}

export interface ReplyEnvelope<P = unknown> {
  msgId: string;
  traceId: string;
  clientId: string;
  hop: number;
  ts: string;
  apiVersion: 'v1';
  payload: P;
  headers?: Record<string, string>;
  status: 'ok' | 'error';
  errorCode?: ErrorCode;
  errorMessage?: string;
}

// ---------------------------------------------------------------- master verb payloads

export interface PingRequest {
  clientId: string;
  requestedProfile?: string;
  takeover?: boolean;
  /** v1.1: the holder gives the lease back. */
  release?: boolean;
}
export interface PingReply {
  capabilities: string[];
  profile: string;
  leaseTtlMs: number;
  holder: string;
  expiresAt: number;
  /** The master's limit of service instances per graph (its compiler refuses more). */
  maxInstances?: number;
}
export interface LeaseConflictPayload {
  holder: string;
  expiresAt: number;
}
export interface RegisterRequest {
  serviceClass: string;
  instanceId?: string;
  runId: string;
  pid: number;
  manifestHash?: string;
}
export interface RegisterReply {
  instanceId: string;
  kvBucket: string;
}
export interface UnregisterRequest {
  instanceId: string;
  runId: string;
}
export interface CatalogReply {
  services: CatalogEntry[];
  errors: { path: string; message: string }[];
  /** v1.1, paged requests only: how many entries the catalog has. */
  total?: number;
  /** v1.1, paged requests only: the offset to ask next; absent on the last page. */
  next?: number;
}
export interface InstancesReply {
  instances: (InstanceRecord & { instanceId: string })[];
  orphans: { instanceId: string; serviceClass?: string; runId?: string }[];
}

/** Metadata every instance's micro service carries. */
export interface ServiceMetadata {
  serviceClass: string;
  instanceId: string;
  runId: string;
}

// ---------------------------------------------------------------- graphs

export type EdgeKindName = 'data' | 'state' | 'exec';

export interface PortRef {
  nodeId: string;
  port: string;
}

export interface GraphEdge {
  edgeId?: string;
  kind: EdgeKindName;
  from: PortRef;
  to: PortRef;
  strategy?: Strategy;
  queueSize?: number;
  timeoutMs?: number;
  dropOld?: boolean;
}

export interface NodeExtraPorts {
  dataIn?: PortSpec[];
  dataOut?: PortSpec[];
  stateFields?: StateFieldSpec[];
  commands?: CommandSpec[];
}

interface GraphNodeBase {
  nodeId: string;
  label?: string;
  position?: { x: number; y: number };
  state?: Record<string, unknown>;
  [extension: `x-${string}`]: unknown;
}
export interface ServiceNode extends GraphNodeBase {
  kind: 'service';
  serviceClass: string;
  restartPolicy?: RestartPolicy;
  ports?: NodeExtraPorts;
}
export interface OperatorNode extends GraphNodeBase {
  kind: 'operator';
  operatorClass: string;
  parentId: string;
  ports?: NodeExtraPorts;
}
export interface EditorNode extends GraphNodeBase {
  kind: 'editor';
  editorClass: string;
}
export type GraphNode = ServiceNode | OperatorNode | EditorNode;

export interface ServiceGraph {
  schemaVersion: 'f8studio-graph/1';
  graphId: string;
  name?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface HalfEdge {
  edgeId: string;
  kind: 'data' | 'state';
  scope: 'cross';
  direction: 'out' | 'in';
  peerServiceId: string;
  local: PortRef;
  remote: PortRef;
  strategy: Strategy;
  queueSize: number;
  timeoutMs?: number;
  dropOld: boolean;
  subject?: string;
  bucket?: string;
  key?: string;
}

export interface Subgraph {
  schemaVersion: 'f8studio-subgraph/1';
  instanceId: string;
  serviceClass: string;
  deployRevision: number;
  etag: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  halfEdges: HalfEdge[];
  state: Record<string, Record<string, unknown>>;
  operatorCatalogRef?: { bucket: string; key: string };
}

// ---------------------------------------------------------------- instance verb payloads

export interface DeployOpGraphRequest {
  subgraph: Subgraph;
  expectedDeployRevision: number | null;
}
export interface SetStateRequest {
  nodeId: string;
  field: string;
  value: unknown;
}
export interface CmdRequest {
  command: string;
  params?: unknown;
}
