// The one naming module: every subject, bucket, key and derived id of the contract is
// built here, and every token is validated here. No other file spells one by hand.
import { F8Error } from './errors.js';
import { shortHash, type Sha256 } from './hash.js';
import type { InstanceVerb, MasterVerb } from './verbs.js';

// ---------------------------------------------------------------- identifiers

export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const CLASS_PATTERN = /^[a-z0-9]+([._-][a-z0-9]+)*$/;
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const RESERVED_INSTANCE_IDS: readonly string[] = ['master', 'bus', 'state', 'events', 'logs', 'kv'];

export type IdKind = 'instanceId' | 'nodeId' | 'edgeId' | 'busId' | 'serviceClass' | 'operatorClass' | 'port' | 'field' | 'command' | 'clientId';

/** Why `value` is not a valid id of `kind`, or null when it is. */
export function idProblem(kind: IdKind, value: unknown): string | null {
  if (typeof value !== 'string') return `${kind} must be a string`;
  switch (kind) {
    case 'instanceId':
      if (!ID_PATTERN.test(value)) return `${kind} '${value}' must match ${ID_PATTERN.source}`;
      if (RESERVED_INSTANCE_IDS.includes(value) || value.startsWith('master_')) {
        return `${kind} '${value}' is reserved (${RESERVED_INSTANCE_IDS.join(', ')} and master_*)`;
      }
      return null;
    case 'nodeId':
    case 'edgeId':
    case 'busId':
      return ID_PATTERN.test(value) ? null : `${kind} '${value}' must match ${ID_PATTERN.source}`;
    case 'serviceClass':
    case 'operatorClass':
      return CLASS_PATTERN.test(value) ? null : `${kind} '${value}' must match ${CLASS_PATTERN.source}`;
    case 'port':
    case 'field':
    case 'command':
      return NAME_PATTERN.test(value) ? null : `${kind} '${value}' must match ${NAME_PATTERN.source}`;
    case 'clientId':
      return CLIENT_ID_PATTERN.test(value) ? null : `${kind} '${value}' must match ${CLIENT_ID_PATTERN.source}`;
  }
}

export function isValidId(kind: IdKind, value: unknown): value is string {
  return idProblem(kind, value) === null;
}

/** Throws `invalid` naming the id and the rule. */
export function assertId(kind: IdKind, value: unknown): string {
  const problem = idProblem(kind, value);
  if (problem) throw new F8Error('invalid', problem);
  return value as string;
}

// ---------------------------------------------------------------- subjects

const MASTER = 'f8.master';

// The verb lists come from the one verb map (src/shared/verbs.ts).
export { MASTER_VERBS, INSTANCE_VERBS, MUTATING_MASTER_VERBS, type MasterVerb, type InstanceVerb } from './verbs.js';

export const subjects = {
  /** `f8.master.<verb>` */
  masterVerb(verb: MasterVerb): string {
    return `${MASTER}.${verb}`;
  },
  /** Everything under the master; it answers requests no verb took with not-found. */
  masterWildcard: `${MASTER}.>`,
  /** The master's verbs of one token, and the registry's (for account exports). */
  masterVerbPattern: `${MASTER}.*`,
  registryVerbPattern: `${MASTER}.registry.*`,
  masterPrefix: `${MASTER}.`,
  /** The verb addressed by a subject under `f8.master.`, or null. */
  masterVerbOf(subject: string): string | null {
    return subject.startsWith(`${MASTER}.`) ? subject.slice(MASTER.length + 1) : null;
  },
  deployEvents: `${MASTER}.events.deploy`,
  catalogEvents: `${MASTER}.events.catalog`,
  /** The master's own troubles and recoveries (`{kind, message, ts}`; e.g. nats-server restarted). */
  systemEvents: `${MASTER}.events.system`,
  masterLogs(instanceId: string): string {
    return `${MASTER}.logs.${assertId('instanceId', instanceId)}`;
  },
  /** `f8.<instanceId>.<verb>` */
  instanceVerb(instanceId: string, verb: InstanceVerb): string {
    return `f8.${assertId('instanceId', instanceId)}.${verb}`;
  },
  /** `f8.<instanceId>.>`: every verb of one instance (its catch-all answers unknown verbs). */
  instanceWildcard(instanceId: string): string {
    return `f8.${assertId('instanceId', instanceId)}.>`;
  },
  /** `f8.*.<verb>`: one verb of every instance (for server permissions). */
  anyInstanceVerb(verb: InstanceVerb): string {
    return `f8.*.${verb}`;
  },
  /**
   * The `$SRV` subjects one instance's micro service answers: discovery of all, and its own
   * name (`$SRV.<PING|INFO|STATS>.<instanceId>[.<id>]`). Never another instance's name.
   */
  srvOwn(instanceId: string): string[] {
    return ['$SRV.PING', '$SRV.INFO', '$SRV.STATS', ...subjects.srvName(instanceId)];
  },
  srvPing(instanceId?: string): string {
    return instanceId === undefined ? '$SRV.PING' : `$SRV.PING.${assertId('instanceId', instanceId)}`;
  },
  srvInfo(instanceId?: string): string {
    return instanceId === undefined ? '$SRV.INFO' : `$SRV.INFO.${assertId('instanceId', instanceId)}`;
  },
  srvStats(instanceId?: string): string {
    return instanceId === undefined ? '$SRV.STATS' : `$SRV.STATS.${assertId('instanceId', instanceId)}`;
  },
  /** Wildcards for server permissions and account imports. */
  anyVerb: 'f8.*.*',
  anyInstanceAll: 'f8.*.>',
  busAny: 'f8.bus.*',
  busGetAny: 'f8.bus.*.get',
  busAll: 'f8.bus.>',
  masterEventsAll: `${MASTER}.events.>`,
  masterLogsAll: `${MASTER}.logs.>`,
  srvAll: '$SRV.>',
  /** `$SRV.<PING|INFO|STATS>.<any name>[.<id>]`: every instance's own names (the services account's exports). */
  srvAnyName: ['$SRV.*.*', '$SRV.*.*.*'] as readonly string[],
  kvRepublishedAll: 'f8.kv.>',
  /** `$SRV.<PING|INFO|STATS>.<instanceId>[.<id>]`: one instance's own name. */
  srvName(instanceId: string): string[] {
    const id = assertId('instanceId', instanceId);
    return [`$SRV.*.${id}`, `$SRV.*.${id}.*`];
  },
  /** `f8.bus.<busId>` */
  bus(busIdValue: string): string {
    return `f8.bus.${assertId('busId', busIdValue)}`;
  },
  /** `f8.bus.<busId>.get` */
  busGet(busIdValue: string): string {
    return `f8.bus.${assertId('busId', busIdValue)}.get`;
  },
  /** The busId of a bus subject (`f8.bus.<busId>`). */
  busIdOf(busSubject: string): string {
    const m = /^f8\.bus\.([^.]+)$/.exec(busSubject);
    if (!m) throw new F8Error('invalid', `'${busSubject}' is not a bus subject (f8.bus.<busId>)`);
    return assertId('busId', m[1]);
  },
  /** The `.get` subject of a bus subject (`f8.bus.<busId>` -> `f8.bus.<busId>.get`). */
  busGetOf(busSubject: string): string {
    return `f8.bus.${subjects.busIdOf(busSubject)}.get`;
  },
} as const;

// ---------------------------------------------------------------- JetStream KV on the wire

/**
 * The JetStream API prefix of the embedded server's store (held by the control account CTL,
 * imported by every other account under this name; docs/security.md). A server without accounts (`F8_NATS_URL`)
 * answers on the plain `$JS.API`. Clients find out which with `discoverStorePrefix` (src/bus).
 */
/** The embedded server's NATS accounts (src/main/nats/accounts.ts): the control account holds the store. */
export const ACCOUNT = { control: 'CTL', editor: 'ED', services: 'SVC' } as const;
/** The account of an instance the master launched. */
const INSTANCE_ACCOUNT_PREFIX = 'I_';
export const instanceAccount = (instanceId: string): string => `${INSTANCE_ACCOUNT_PREFIX}${assertId('instanceId', instanceId)}`;
/** The instanceId of an instance's account, or null for another account. */
export const instanceOfAccount = (account: string): string | null => (account.startsWith(INSTANCE_ACCOUNT_PREFIX) ? account.slice(INSTANCE_ACCOUNT_PREFIX.length) : null);

export const STORE_API_PREFIX = '$JS.store.API';
export const PLAIN_API_PREFIX = '$JS.API';

/** Where a bucket republishes its writes (`f8.kv.<bucket>.<key>`), for readers that may not create consumers. */
export function kvRepublishSubject(bucket: string, key = '>'): string {
  return `f8.kv.${bucket}.${key}`;
}

/** The JetStream subjects a KV bucket uses, for server permissions (NATS's own names). */
export const kvApi = {
  /**
   * What reading takes: info and gets, by request/reply. No consumers: their deliveries go
   * where their creator says (docs/security.md); watches follow the republished writes.
   */
  read(bucket: string): string[] {
    const s = `KV_${bucket}`;
    return [`$JS.API.STREAM.INFO.${s}`, `$JS.API.STREAM.MSG.GET.${s}`, `$JS.API.DIRECT.GET.${s}`, `$JS.API.DIRECT.GET.${s}.>`];
  },
  /** Reading any bucket by request/reply (info, gets): the editor's and the shared service user's. */
  readAny(): string[] {
    return ['$JS.API.STREAM.INFO.*', '$JS.API.STREAM.MSG.GET.*', '$JS.API.DIRECT.GET.*', '$JS.API.DIRECT.GET.*.>'];
  },
  /** A bucket's key writes (`$KV.<bucket>.>`), or every bucket's. */
  writes(bucket = '*'): string {
    return `$KV.${bucket}.>`;
  },
  /** A direct get of one key by subject (a right to read that key alone). */
  directGetKey(bucket: string, key: string): string {
    return `$JS.API.DIRECT.GET.KV_${bucket}.$KV.${bucket}.${key}`;
  },
} as const;

// ---------------------------------------------------------------- buckets and keys

export const buckets = {
  services: 'kv_f8_master_services',
  instances: 'kv_f8_master_instances',
  master: 'kv_f8_master',
  /** `kv_f8_<instanceId>` */
  instance(instanceId: string): string {
    return `kv_f8_${assertId('instanceId', instanceId)}`;
  },
} as const;

export const keys = {
  /** kv_f8_master: last deployed graph; kv_f8_<id>: the applied subgraph. */
  graph: 'graph',
  statusSummary: 'status/summary',
  operatorCatalog: 'catalog/operators',
  /** kv_f8_master: the lease holder `{holder, ts}`, written when it changes (instances check callers against it). */
  lease: 'lease',
  /** `nodes.<nodeId>.state.<field>` */
  state(nodeId: string, field: string): string {
    return `nodes.${assertId('nodeId', nodeId)}.state.${assertId('field', field)}`;
  },
  /** Watch filter for state entries of one node, or of all nodes. */
  stateWatch(nodeId?: string): string {
    return nodeId === undefined ? 'nodes.*.state.>' : `nodes.${assertId('nodeId', nodeId)}.state.>`;
  },
  /** Parses a state key; null when it is not one. */
  parseState(key: string): { nodeId: string; field: string } | null {
    const m = /^nodes\.([^.]+)\.state\.([^.]+)$/.exec(key);
    if (!m || !isValidId('nodeId', m[1]) || !isValidId('field', m[2])) return null;
    return { nodeId: m[1] as string, field: m[2] as string };
  },
  /** kv_f8_master_services key. */
  service(serviceClass: string): string {
    return assertId('serviceClass', serviceClass);
  },
  /** kv_f8_master_instances key. */
  instance(instanceId: string): string {
    return assertId('instanceId', instanceId);
  },
} as const;

// ---------------------------------------------------------------- derived ids

export type EdgeKind = 'data' | 'state' | 'exec';

/** `e` + 20 chars of base32(sha256(from.nodeId|from.port|to.nodeId|to.port|kind)). */
export function deriveEdgeId(from: { nodeId: string; port: string }, to: { nodeId: string; port: string }, kind: EdgeKind, hash?: Sha256): string {
  return `e${shortHash(`${from.nodeId}|${from.port}|${to.nodeId}|${to.port}|${kind}`, 20, hash)}`;
}

/** `b` + 20 chars of base32(sha256(instanceId|nodeId|port)) of the producing port. */
export function deriveBusId(instanceId: string, nodeId: string, port: string, hash?: Sha256): string {
  return `b${shortHash(`${instanceId}|${nodeId}|${port}`, 20, hash)}`;
}

/**
 * The one pseudo-instance that hosts every editor node (v1.1): `ed` + 16 chars of
 * base32(sha256("editor")), so a graph compiles the same whoever deploys it.
 */
export const EDITOR_INSTANCE_ID = `ed${shortHash('editor', 16)}`;

/** The embedded nats-server's users, one per role (their passwords live in the data dir). */
/**
 * What a process may show of its runId where others read (its `$SRV` metadata, logs): a tag that
 * tells one run from another and is no use to `registry.unregister`, which needs the runId itself
 * (contract v1.2; docs/contract-changes.md).
 */
export function runTag(runId: string): string {
  return `t${shortHash(`run:${runId}`, 12)}`;
}

export const NATS_USERS = { master: 'f8-master', editor: 'f8-editor', service: 'f8-service' } as const;

/** The clientId the master uses in its own envelopes. */
export const MASTER_CLIENT_ID = 'master';

/**
 * The editor's inbox prefix: its replies and KV watch deliveries arrive only there, and its NATS
 * user may listen nowhere else under an inbox (upper case: no instanceId can take it).
 */
export const EDITOR_INBOX = '_INBOX_EDITOR';

/** The shared service user's inbox prefix (services started by hand): it listens under no other. */
export const SERVICES_INBOX = '_INBOX_SERVICES';

/** The inbox prefix of an instance launched by the master: its replies arrive only there (its NATS user may read nothing else). */
export const instanceInbox = (instanceId: string): string => `_INBOX_${assertId('instanceId', instanceId)}`;
