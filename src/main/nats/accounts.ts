// NATS accounts, one per identity (issue 21; the layout and why: docs/security.md). Pure: the
// model is built from who runs (instances launched by the master, services registered by hand)
// and the compiled graph's half-edges, then rendered into nats-server's config.
//
// - STORE holds every bucket (JetStream), imports nothing and has no user: no untrusted identity
//   ever creates a consumer where a delivery could land in a stream or a verb. Each bucket
//   republishes its writes to `f8.kv.<bucket>.<key>`, which readers watch.
// - CTL (the master and the CLI) administers STORE through imports under STORE_API_PREFIX, and
//   calls every instance's verbs and `$SRV` subjects.
// - ED (the editor) reads every bucket by request/reply and the republished writes, calls the
//   master's verbs but registry.*, the instances' verbs but deployOpGraph and terminate, and sees
//   every bus subject.
// - I_<instanceId> (one per launched instance) writes its own bucket's keys, reads its own bucket,
//   the lease record and the buckets its state half-edges name, calls the registry verbs, and
//   exchanges bus data along its half-edges only.
// - SVC (services started by hand with the shared service user) is one account for all of them.
import { buckets, INSTANCE_VERBS, keys, kvApi, kvRepublishSubject, MASTER_VERBS, STORE_API_PREFIX, subjects } from '../../shared/naming.js';
import type { HalfEdge } from '../../shared/types.js';

export const ACCOUNT = { store: 'STORE', control: 'CTL', editor: 'ED', services: 'SVC' } as const;
export const instanceAccount = (instanceId: string): string => `I_${instanceId}`;

export { STORE_API_PREFIX };
/** Where STORE delivers the master's own watches (its connections use this inbox prefix). */
export const CONTROL_INBOX = '_INBOX_CTL';
/** Where a bucket's writes are republished: `f8.kv.<bucket>.<key>`. */
export const republishPrefix = (bucket: string): string => kvRepublishSubject(bucket, '').slice(0, -1);

export interface AccountUser {
  user: string;
  password: string;
}
export interface Export {
  kind: 'service' | 'stream';
  subject: string;
  /** The accounts that may import it. */
  accounts: string[];
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

const jsApiTo = (subject: string): string => STORE_API_PREFIX + subject.slice('$JS.API'.length);

class Builder {
  readonly accounts = new Map<string, Account>();

  account(name: string, users: AccountUser[] = [], jetstream = false): Account {
    let a = this.accounts.get(name);
    if (!a) this.accounts.set(name, (a = { name, users, jetstream, exports: [], imports: [] }));
    return a;
  }

  /** `from` exports `subject` to `to`, which imports it (services optionally under another name). */
  link(kind: Export['kind'], from: string, subject: string, to: string, as?: string): void {
    if (from === to) return;
    const exporter = this.account(from);
    let e = exporter.exports.find((x) => x.kind === kind && x.subject === subject);
    if (!e) exporter.exports.push((e = { kind, subject, accounts: [] }));
    if (!e.accounts.includes(to)) e.accounts.push(to);
    const importer = this.account(to);
    const imp: Import = { kind, account: from, subject, ...(as !== undefined && as !== subject ? { to: as } : {}) };
    if (!importer.imports.some((x) => x.kind === kind && x.account === from && x.subject === subject)) importer.imports.push(imp);
  }

  /** `to` may read `bucket` (request/reply) and watch its republished writes (or one key's). */
  reads(to: string, bucket: string, key?: string): void {
    if (key === undefined) for (const s of kvApi.read(bucket)) this.link('service', ACCOUNT.store, s, to, jsApiTo(s));
    else {
      const s = kvApi.directGetKey(bucket, key);
      this.link('service', ACCOUNT.store, s, to, jsApiTo(s));
    }
    this.link('stream', ACCOUNT.store, `${republishPrefix(bucket)}.${key ?? '>'}`, to);
  }
}

/** The accounts for who runs now; deterministic (same input, same config text). */
export function buildAccounts(input: AccountsInput): Account[] {
  const b = new Builder();
  const { store, control: ctl, editor: ed, services: svc } = ACCOUNT;
  b.account(store, [], true);
  b.account(ctl, [input.users.master]);
  b.account(ed, [input.users.editor]);
  b.account(svc, [input.users.service]);

  // the master administers STORE (its imports must not overlap: one per API family)
  for (const family of kvApi.adminFamilies) b.link('service', store, family, ctl, jsApiTo(family));
  b.link('service', store, '$KV.>', ctl, `${STORE_API_PREFIX}.$KV.>`);
  b.link('service', store, kvApi.flowControl, ctl);
  b.link('stream', store, `${CONTROL_INBOX}.>`, ctl);

  // the editor: the master's verbs but registry.*, its events and logs, every bucket read-only
  for (const v of MASTER_VERBS) if (!(REGISTRY_VERBS as readonly string[]).includes(v)) b.link('service', ctl, subjects.masterVerb(v), ed);
  b.link('stream', ctl, subjects.masterEventsAll, ed);
  b.link('stream', ctl, subjects.masterLogsAll, ed);
  for (const s of ['$JS.API.STREAM.INFO.*', '$JS.API.STREAM.MSG.GET.*', '$JS.API.DIRECT.GET.>']) b.link('service', store, s, ed, jsApiTo(s));
  b.link('stream', store, subjects.kvRepublishedAll, ed);

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
    if (account !== svc) b.account(account, [input.instanceUser(id)]);
    // its verbs and $SRV subjects to the master; the verbs but two to the editor
    b.link('service', account, subjects.instanceWildcard(id), ctl);
    for (const s of subjects.srvName(id)) b.link('service', account, s, ctl);
    for (const v of INSTANCE_VERBS) if (!MASTER_ONLY_INSTANCE_VERBS.includes(v)) b.link('service', account, subjects.instanceVerb(id, v), ed);
    for (const v of REGISTRY_VERBS) b.link('service', ctl, subjects.masterVerb(v), account);
    // its own bucket's keys (written through STORE, the acks come back through the import), the lease record
    const own = buckets.instance(id);
    b.link('service', store, kvApi.writes(own), account, `${STORE_API_PREFIX}.${kvApi.writes(own)}`);
    b.reads(account, own);
    b.reads(account, buckets.master, keys.lease);
    for (const h of inst.halfEdges) if (h.kind === 'state' && h.direction === 'in' && h.bucket) b.reads(account, h.bucket);
    place(account, inst.halfEdges);
  }
  place(ed, input.editorHalfEdges ?? []);

  // bus data: each subject from its producer to its consumers and the editor, with its `.get`
  for (const [subject, from] of [...producer].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))) {
    for (const to of [...(consumers.get(subject) ?? []), ed]) {
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
    out.push(`  ${a.name}: {`);
    if (a.jetstream) out.push('    jetstream: enabled');
    if (a.users.length) out.push(`    users: [${a.users.map((u) => `{ user: ${q(u.user)}, password: ${q(u.password)} }`).join(', ')}]`);
    if (a.exports.length) {
      out.push('    exports: [');
      for (const e of a.exports) out.push(`      { ${e.kind}: ${q(e.subject)}, accounts: [${e.accounts.map(q).join(', ')}] }`);
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
