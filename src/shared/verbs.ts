// The one verb list of the contract: every master and instance verb with its request and reply
// payload types (the type maps) and what the code needs at run time (the info tables: payload
// schema, lease, default timeout). MASTER_VERBS, INSTANCE_VERBS, the payload validators' names
// and the typed clients of src/bus are all derived from here; `satisfies` keeps the type map
// and the info table to the same keys, so a verb cannot be added to one and not the other.
import type { Diagnostic, PlanEntry } from './compiler/types.js';
import type { InstanceStatsReply } from './generated/schema-types.js';
import type {
  CatalogReply,
  CmdRequest,
  DeployOpGraphRequest,
  InstancesReply,
  LifecycleStatus,
  PingReply,
  PingRequest,
  RegisterReply,
  RegisterRequest,
  RestartPolicy,
  SetStateRequest,
  StateEntry,
  StatusSummary,
  UnregisterRequest,
} from './types.js';

export type Empty = Record<string, never>;

// ---------------------------------------------------------------- master verb payloads

/** v1.1 (additive): `catalog` in pages; without either field the whole catalog (or `invalid` when it does not fit one reply). */
export interface CatalogRequest {
  offset?: number;
  limit?: number;
}

export interface StartInstanceRequest {
  serviceClass: string;
  instanceId?: string;
  restartPolicy?: RestartPolicy;
  state?: Record<string, unknown>;
}
export interface StartInstanceReply {
  instanceId: string;
  kvBucket: string;
  pid: number;
}
export interface InstanceIdRequest {
  instanceId: string;
}
export interface LogLine {
  ts: number;
  stream: string;
  text: string;
}
export interface LogsRequest {
  instanceId: string;
  lines?: number;
}
export interface LogsReply {
  lines: LogLine[];
}
export interface DeployGraphRequest {
  /** A ServiceGraph; validated by the master (an invalid one is an `invalid` reply with diagnostics). */
  graph: unknown;
  baseRevision?: number | null;
  activate?: boolean;
}
export interface DeployInstanceResult {
  instanceId: string;
  status: string;
  graphRevision?: number | null;
  error?: string;
}
export interface DeployGraphReply {
  revision: number;
  etag: string;
  plan: PlanEntry[];
  instances: DeployInstanceResult[];
}

export interface PlanGraphRequest {
  graph: unknown;
  baseRevision?: number | null;
}
export interface PlanGraphReply {
  currentRevision: number;
  valid: boolean;
  diagnostics: Diagnostic[];
  plan: PlanEntry[];
}

export interface PlanCounts {
  start: number;
  stop: number;
  reconfigure: number;
  unchanged: number;
}
export interface HistoryEntry {
  revision: number;
  etag: string;
  deployedAt: string;
  deployedBy: string;
  counts: PlanCounts;
}
export interface GraphAtReply {
  revision: number;
  graph: unknown;
  deployedAt: string;
  deployedBy: string;
}

/** Master verb -> [request payload, reply payload]. */
export interface MasterVerbMap {
  ping: [PingRequest, PingReply];
  catalog: [CatalogRequest, CatalogReply];
  instances: [Empty, InstancesReply];
  startInstance: [StartInstanceRequest, StartInstanceReply];
  stopInstance: [InstanceIdRequest, Empty];
  restartInstance: [InstanceIdRequest, { instanceId: string; pid: number }];
  logs: [LogsRequest, LogsReply];
  deployGraph: [DeployGraphRequest, DeployGraphReply];
  planGraph: [PlanGraphRequest, PlanGraphReply];
  history: [{ limit?: number }, { deploys: HistoryEntry[] }];
  graphAt: [{ revision: number }, GraphAtReply];
  stopGraph: [Empty, { revision: number }];
  'registry.register': [RegisterRequest, RegisterReply];
  'registry.unregister': [UnregisterRequest, Empty];
}

// ---------------------------------------------------------------- instance verb payloads

export interface StateSnapshotRequest {
  nodeId?: string;
}

/**
 * v1.1 instance verb `stats` (schema InstanceStatsReply): counters since the process started; rates
 * cover about the last second. Per input edge (docs/data-edges.md): received = delivered + dropped +
 * queueDepth; `delivered` and `superseded` (a part of delivered) are sent by every current SDK,
 * optional for older ones; `queueDepth` (values waiting, not yet taken) is sent for every strategy.
 */
export type InstanceStats = InstanceStatsReply;

/** Instance verb -> [request payload, reply payload]. */
export interface InstanceVerbMap {
  activate: [Empty, { status: LifecycleStatus }];
  deactivate: [Empty, { status: LifecycleStatus }];
  terminate: [{ graceMs?: number }, Empty];
  status: [Empty, StatusSummary];
  deployOpGraph: [DeployOpGraphRequest, { graphRevision: number }];
  setState: [SetStateRequest, { revision: number }];
  stateSnapshot: [StateSnapshotRequest, { entries: Record<string, StateEntry> }];
  cmd: [CmdRequest, { result: unknown }];
  stats: [Empty, InstanceStats];
}

export type MasterVerb = keyof MasterVerbMap;
export type InstanceVerb = keyof InstanceVerbMap;
export type RequestOf<M, V extends keyof M> = M[V] extends [infer Req, unknown] ? Req : never;
export type ReplyOf<M, V extends keyof M> = M[V] extends [unknown, infer Rep] ? Rep : never;

// ---------------------------------------------------------------- run-time info

export interface VerbInfo<S extends string = string> {
  /** The payload schema (`master.<definition>` / `instance.<definition>` in schemas/). */
  schema: S;
  /** Default reply timeout of a call (docs/contract.md, the verb tables). */
  timeoutMs: number;
  /** Needs the lease (master verbs). */
  mutating?: true;
}

export const DEFAULT_VERB_TIMEOUT_MS = 2_000;
const T = DEFAULT_VERB_TIMEOUT_MS;

export const MASTER_VERB_INFO = {
  ping: { schema: 'master.ping', timeoutMs: T },
  catalog: { schema: 'master.catalog', timeoutMs: T },
  instances: { schema: 'master.instances', timeoutMs: T },
  startInstance: { schema: 'master.startInstance', timeoutMs: 30_000, mutating: true },
  // grace (3 s by default) + 5 s
  stopInstance: { schema: 'master.stopInstance', timeoutMs: 8_000, mutating: true },
  restartInstance: { schema: 'master.restartInstance', timeoutMs: 30_000, mutating: true },
  logs: { schema: 'master.logs', timeoutMs: T },
  deployGraph: { schema: 'master.deployGraph', timeoutMs: 60_000, mutating: true },
  planGraph: { schema: 'master.planGraph', timeoutMs: 10_000 },
  history: { schema: 'master.history', timeoutMs: T },
  graphAt: { schema: 'master.graphAt', timeoutMs: T },
  stopGraph: { schema: 'master.stopGraph', timeoutMs: 60_000, mutating: true },
  'registry.register': { schema: 'master.register', timeoutMs: T },
  'registry.unregister': { schema: 'master.unregister', timeoutMs: T },
} as const satisfies { [V in MasterVerb]: VerbInfo<`master.${string}`> };

export const INSTANCE_VERB_INFO = {
  activate: { schema: 'instance.activate', timeoutMs: 5_000 },
  deactivate: { schema: 'instance.deactivate', timeoutMs: 5_000 },
  terminate: { schema: 'instance.terminate', timeoutMs: T },
  status: { schema: 'instance.status', timeoutMs: T },
  deployOpGraph: { schema: 'instance.deployOpGraph', timeoutMs: 10_000 },
  setState: { schema: 'instance.setState', timeoutMs: T },
  stateSnapshot: { schema: 'instance.stateSnapshot', timeoutMs: T },
  cmd: { schema: 'instance.cmd', timeoutMs: 10_000 },
  stats: { schema: 'instance.stats', timeoutMs: T },
} as const satisfies { [V in InstanceVerb]: VerbInfo<`instance.${string}`> };

export type MasterVerbSchemaName = (typeof MASTER_VERB_INFO)[MasterVerb]['schema'];
export type InstanceVerbSchemaName = (typeof INSTANCE_VERB_INFO)[InstanceVerb]['schema'];

export const MASTER_VERBS = Object.keys(MASTER_VERB_INFO) as MasterVerb[];
export const INSTANCE_VERBS = Object.keys(INSTANCE_VERB_INFO) as InstanceVerb[];
/** Master verbs that need the lease. */
export const MUTATING_MASTER_VERBS: readonly MasterVerb[] = MASTER_VERBS.filter((v) => 'mutating' in MASTER_VERB_INFO[v]);

export function isMasterVerb(name: string): name is MasterVerb {
  return Object.prototype.hasOwnProperty.call(MASTER_VERB_INFO, name);
}
export function isInstanceVerb(name: string): name is InstanceVerb {
  return Object.prototype.hasOwnProperty.call(INSTANCE_VERB_INFO, name);
}
