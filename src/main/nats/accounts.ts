// NATS accounts, one per identity (issue 21; the layout and why: docs/security.md). Pure: the
// model is built from who runs (instances launched by the master, services registered by hand)
// and the compiled graph's half-edges, then rendered into nats-server's config.
//
// - CTL (the master and the CLI) holds JetStream: every bucket lives there, and only CTL's users
//   create streams and consumers. Each bucket republishes its writes to `f8.kv.<bucket>.<key>`.
//   The others reach the store through imports named under STORE_API_PREFIX (nats-server answers
//   `$JS.API` in every account itself), and never one that creates a consumer: a consumer's
//   deliveries go where its creator says (docs/security.md).
// - ED (the editor) reads every bucket by request/reply and the republished writes, calls the
//   master's verbs but registry.*, the instances' verbs but deployOpGraph and terminate, and sees
//   every bus subject that has a producer.
// - I_<instanceId> (one per launched instance) writes its own bucket's keys, reads its own bucket,
//   the lease record and the buckets its state half-edges name, calls the registry verbs, and
//   exchanges bus data along its half-edges only.
// - SVC (services started by hand with the shared service user) is one account for all of them;
//   what an id registered through it needs is added when it registers.
import {
  ACCOUNT,
  buckets,
  instanceAccount,
  instanceOfAccount,
  INSTANCE_VERBS,
  PLAIN_API_PREFIX,
  keys,
  kvApi,
  kvRepublishSubject,
  MASTER_VERBS,
  STORE_API_PREFIX,
  subjects,
} from '../../shared/naming.js';
import type { HalfEdge } from '../../shared/types.js';

export { ACCOUNT, instanceAccount };
/** An instance's own NATS user (its password: secrets.ts instancePassword). */
export const instanceUser = (instanceId: string): string => `f8-svc-${instanceId}`;

export { STORE_API_PREFIX };
/** Where a bucket's writes are republished: `f8.kv.<bucket>.<key>`. */
export const republishPrefix = (bucket: string): string => kvRepublishSubject(bucket, '').slice(0, -1);

export interface AccountUser {
  user: string;
  password: string;
}
/**
 * What an account offers. Exports are fixed per account and open to any account of the config
 * (the config is written by the master alone, so an import exists only where it put one): a
 * reload of nats-server 2.9.10 that changes an export's account list, or adds an export, does
 * not wire the imports of an account added in the same reload ("no responders" until a second
 * reload). Only imports say who gets what.
 */
export interface Export {
  kind: 'service' | 'stream';
  subject: string;
  /** A service answered by many (discovery): every reply goes back, not the first alone. */
  stream?: boolean;
}
export interface Import {
  kind: 'service' | 'stream';
  account: string;
  subject: string;
  /** Where it appears in the importing account (services only). */
  to?: string;
}
export interface Account {
  name: string;
  users: AccountUser[];
  jetstream: boolean;
  exports: Export[];
  imports: Import[];
}

export interface RunningInstance {
  instanceId: string;
  /** Its half-edges in the deployed graph (none before its first deploy). */
  halfEdges: readonly HalfEdge[];
}

export interface AccountsInput {
  /** The master's and CLI's user, the editor's, and the shared service user. */
  users: { master: AccountUser; editor: AccountUser; service: AccountUser };
  /** An instance's own user (its password derived from the data dir's secret). */
  instanceUser(instanceId: string): AccountUser;
  /** Instances the master launched: an account each. */
  launched: readonly RunningInstance[];
  /** Instances registered by services started by hand: in SVC. */
  external: readonly RunningInstance[];
  /** The editor's half-edges (its editor nodes), if a graph with editor nodes is deployed. */
  editorHalfEdges?: readonly HalfEdge[];
}

/** The editor may call every instance verb but these. */
export const MASTER_ONLY_INSTANCE_VERBS: readonly string[] = ['deployOpGraph', 'terminate'];
const REGISTRY_VERBS = ['registry.register', 'registry.unregister'] as const;

const jsApiTo = (subject: string): string => STORE_API_PREFIX + subject.slice(PLAIN_API_PREFIX.length);

const service = (subject: string, stream = false): Export => ({ kind: 'service', subject, ...(stream ? { stream: true } : {}) });
const streamOf = (subject: string): Export => ({ kind: 'stream', subject });

/** Every account's exports, by its role (see Export). */
function exportsOf(name: string): Export[] {
  const bus = [streamOf(subjects.busAll), service(subjects.busGetAny)];
  if (name === ACCOUNT.control) {
    return [
      service(subjects.masterVerbPattern),
      service(subjects.registryVerbPattern),
      streamOf(subjects.masterEventsAll),
      streamOf(subjects.masterLogsAll),
      ...kvApi.readAny().map((s) => service(s)),
      service(kvApi.writes()),
      streamOf(subjects.kvRepublishedAll),
    ];
  }
  if (name === ACCOUNT.editor) return bus;
  if (name === ACCOUNT.services) return [service(subjects.anyInstanceAll), service(subjects.srvPing(), true), ...subjects.srvAnyName.map((s) => service(s)), ...bus];
  const id = instanceOfAccount(name) ?? name;
  return [service(subjects.instanceWildcard(id)), ...subjects.srvName(id).map((s) => service(s)), ...bus];
}

/** Does `pattern` (an export) cover `subject` (an import, wildcards included)? */
export function covers(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const t = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return t.length > i;
    if (i >= t.length) return false;
    if (p[i] === '*') {
      if (t[i] === '>') return false;
      continue;
    }
    if (p[i] !== t[i]) return false;
  }
  return p.length === t.length;
}

class Builder {
  readonly accounts = new Map<string, Account>();

  account(name: string, users: AccountUser[] = [], jetstream = false): Account {
    let a = this.accounts.get(name);
    if (!a) this.accounts.set(name, (a = { name, users, jetstream, exports: exportsOf(name), imports: [] }));
    return a;
  }

  /** `to` imports `subject` from `from` (services optionally under another name); `from` must export it. */
  link(kind: Export['kind'], from: string, subject: string, to: string, as?: string): void {
    if (from === to) return;
    const exporter = this.account(from);
    if (!exporter.exports.some((e) => e.kind === kind && covers(e.subject, subject))) throw new Error(`accounts: ${from} exports no ${kind} covering ${subject} (wanted by ${to})`);
    const importer = this.account(to);
    const imp: Import = { kind, account: from, subject, ...(as !== undefined && as !== subject ? { to: as } : {}) };
    if (!importer.imports.some((x) => x.kind === kind && x.account === from && x.subject === subject)) importer.imports.push(imp);
  }

  /** `to` may read `bucket` (request/reply) and watch its republished writes (or one key's). */
  reads(to: string, bucket: string, key?: string): void {
    if (key === undefined) for (const s of kvApi.read(bucket)) this.link('service', ACCOUNT.control, s, to, jsApiTo(s));
    else {
      // one key, and the bucket's stream info (how a reader finds that the bucket exists)
      for (const s of [kvApi.directGetKey(bucket, key), kvApi.read(bucket)[0]!]) this.link('service', ACCOUNT.control, s, to, jsApiTo(s));
    }
    this.link('stream', ACCOUNT.control, `${republishPrefix(bucket)}.${key ?? '>'}`, to);
  }

  /** `to` writes the keys of `bucket` (the acks come back through the import). */
  writes(to: string, bucket: string): void {
    this.link('service', ACCOUNT.control, kvApi.writes(bucket), to, `${STORE_API_PREFIX}.${kvApi.writes(bucket)}`);
  }
}

/** The accounts for who runs now; deterministic (same input, same config text). */
export function buildAccounts(input: AccountsInput): Account[] {
  const b = new Builder();
  const { control: ctl, editor: ed, services: svc } = ACCOUNT;
  b.account(ctl, [input.users.master], true);
  b.account(ed, [input.users.editor]);
  b.account(svc, [input.users.service]);

  // the editor: the master's verbs but registry.*, its events and logs, every bucket read-only
  for (const v of MASTER_VERBS) if (!(REGISTRY_VERBS as readonly string[]).includes(v)) b.link('service', ctl, subjects.masterVerb(v), ed);
  b.link('stream', ctl, subjects.masterEventsAll, ed);
  b.link('stream', ctl, subjects.masterLogsAll, ed);
  for (const s of kvApi.readAny()) b.link('service', ctl, s, ed, jsApiTo(s));
  b.link('stream', ctl, subjects.kvRepublishedAll, ed);

  // services started by hand: register, the lease record; discovery of them answers the master
  for (const v of REGISTRY_VERBS) b.link('service', ctl, subjects.masterVerb(v), svc);
  b.reads(svc, buckets.master, keys.lease);
  b.link('service', svc, subjects.srvPing(), ctl);

  // who produces each bus subject, and who consumes it
  const producer = new Map<string, string>();
  const consumers = new Map<string, Set<string>>();
  const place = (account: string, halfEdges: readonly HalfEdge[]) => {
    for (const h of halfEdges) {
      if (h.kind !== 'data' || !h.subject) continue;
      if (h.direction === 'out') producer.set(h.subject, account);
      else consumers.set(h.subject, (consumers.get(h.subject) ?? new Set()).add(account));
    }
  };

  const running: { account: string; inst: RunningInstance }[] = [
    ...input.launched.map((inst) => ({ account: instanceAccount(inst.instanceId), inst })),
    ...input.external.map((inst) => ({ account: svc, inst })),
  ];
  for (const { account, inst } of running) {
    const id = inst.instanceId;
    if (account !== svc) {
      b.account(account, [input.instanceUser(id)]);
      for (const v of REGISTRY_VERBS) b.link('service', ctl, subjects.masterVerb(v), account);
      b.reads(account, buckets.master, keys.lease);
    }
    // its verbs and `$SRV` subjects to the master; the verbs but two to the editor
    b.link('service', account, subjects.instanceWildcard(id), ctl);
    for (const s of subjects.srvName(id)) b.link('service', account, s, ctl);
    for (const v of INSTANCE_VERBS) if (!MASTER_ONLY_INSTANCE_VERBS.includes(v)) b.link('service', account, subjects.instanceVerb(id, v), ed);
    // its own bucket's keys, and what it reads
    const own = buckets.instance(id);
    b.writes(account, own);
    b.reads(account, own);
    for (const h of inst.halfEdges) if (h.kind === 'state' && h.direction === 'in' && h.bucket) b.reads(account, h.bucket);
    place(account, inst.halfEdges);
  }
  place(ed, input.editorHalfEdges ?? []);

  // bus data: each subject from its producer to its consumers, the editor and the master (the
  // CLI), with its `.get`
  for (const [subject, from] of [...producer].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))) {
    for (const to of [...(consumers.get(subject) ?? []), ed, ctl]) {
      b.link('stream', from, subject, to);
      b.link('service', from, subjects.busGetOf(subject), to);
    }
  }
  return [...b.accounts.values()];
}

/** The `accounts { ... }` block of nats-server's config. */
export function renderAccounts(accounts: readonly Account[]): string[] {
  const q = (s: string): string => JSON.stringify(s);
  const out = ['accounts {'];
  for (const a of accounts) {
    out.push(`  ${q(a.name)}: {`);
    if (a.jetstream) out.push('    jetstream: enabled');
    if (a.users.length) out.push(`    users: [${a.users.map((u) => `{ user: ${q(u.user)}, password: ${q(u.password)} }`).join(', ')}]`);
    if (a.exports.length) {
      out.push('    exports: [');
      for (const e of a.exports) out.push(`      { ${e.kind}: ${q(e.subject)}${e.stream ? ', response_type: "stream"' : ''} }`);
      out.push('    ]');
    }
    if (a.imports.length) {
      out.push('    imports: [');
      for (const i of a.imports) out.push(`      { ${i.kind}: { account: ${q(i.account)}, subject: ${q(i.subject)} }${i.to !== undefined ? `, to: ${q(i.to)}` : ''} }`);
      out.push('    ]');
    }
    out.push('  }');
  }
  out.push('}');
  return out;
}

/** Who an instance id is on the bus: launched by the master (its own account), registered by hand (SVC), or the editor's nodes. */
export type GrantKind = 'launched' | 'external' | 'editor';
export interface InstanceGrant {
  instanceId: string;
  kind: GrantKind;
  halfEdges: readonly HalfEdge[];
}

/** The accounts input for these grants (the editor's half-edges from its grant, if any). */
export function accountsFor(users: AccountsInput['users'], instanceUser: AccountsInput['instanceUser'], grants: readonly InstanceGrant[]): AccountsInput {
  const sorted = [...grants].sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));
  const pick = (kind: GrantKind): RunningInstance[] => sorted.filter((g) => g.kind === kind).map((g) => ({ instanceId: g.instanceId, halfEdges: g.halfEdges }));
  return { users, instanceUser, launched: pick('launched'), external: pick('external'), editorHalfEdges: sorted.filter((g) => g.kind === 'editor').flatMap((g) => g.halfEdges) };
}
