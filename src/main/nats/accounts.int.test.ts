// The accounts layout (src/main/nats/accounts.ts) on a real nats-server: rendered for a small
// graph (sig -> log, an editor), loaded, and tried as each identity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ACCOUNT, buildAccounts, covers, instanceAccount, renderAccounts, republishPrefix, STORE_API_PREFIX, type AccountsInput } from './accounts.js';
import { findNatsServer } from './find-binary.js';
import { buckets, subjects } from '../../shared/naming.js';
import type { HalfEdge } from '../../shared/types.js';
import { freePort } from '../util/process.js';

const dec = new TextDecoder();
const SUBJECT = 'f8.bus.bsig';
const half = (direction: 'out' | 'in', local: string, remote: string): HalfEdge => ({
  edgeId: 'e1',
  kind: 'data',
  scope: 'cross',
  direction,
  peerServiceId: remote,
  local: { nodeId: local, port: 'value' },
  remote: { nodeId: remote, port: 'value' },
  strategy: 'queue',
  queueSize: 16,
  dropOld: true,
  subject: SUBJECT,
});
const input: AccountsInput = {
  users: { master: { user: 'm', password: 'mp' }, editor: { user: 'e', password: 'ep' }, service: { user: 's', password: 'sp' } },
  instanceUser: (id) => ({ user: `u-${id}`, password: `p-${id}` }),
  launched: [
    { instanceId: 'sig', halfEdges: [half('out', 'sig', 'log')] },
    { instanceId: 'log', halfEdges: [half('in', 'log', 'sig')] },
    { instanceId: 'other', halfEdges: [] },
  ],
  external: [],
};

describe('the accounts model', () => {
  const accounts = buildAccounts(input);
  const byName = new Map(accounts.map((a) => [a.name, a]));

  it('every import has its export; only CTL holds JetStream, and nobody else imports a JetStream API that creates or changes anything', () => {
    for (const a of accounts) {
      for (const i of a.imports) {
        const e = byName.get(i.account)?.exports.find((x) => x.kind === i.kind && covers(x.subject, i.subject));
        expect(e, `${a.name} imports ${i.kind} ${i.subject} from ${i.account}`).toBeDefined();
      }
    }
    expect(accounts.filter((a) => a.jetstream).map((a) => a.name)).toEqual([ACCOUNT.control]);
    const jsApi = accounts.flatMap((a) => a.imports.filter((i) => i.subject.startsWith('$JS.API.')).map((i) => i.subject.split('.').slice(2, 4).join('.')));
    expect([...new Set(jsApi)].sort()).toEqual(['DIRECT.GET', 'STREAM.INFO', 'STREAM.MSG']);
  });

  it('the editor imports neither deployOpGraph nor terminate nor the registry verbs, and no consumer API', () => {
    const subjectsIn = byName.get(ACCOUNT.editor)!.imports.map((i) => i.subject);
    expect(subjectsIn).toContain(subjects.instanceVerb('sig', 'status'));
    expect(subjectsIn.filter((s) => /deployOpGraph|terminate|registry|CONSUMER|\$KV\./.test(s))).toEqual([]);
  });

  it('an instance writes only its own bucket, and gets bus data only along its half-edges', () => {
    const log = byName.get(instanceAccount('log'))!;
    expect(log.imports.filter((i) => i.subject.startsWith('$KV.')).map((i) => i.subject)).toEqual([`$KV.${buckets.instance('log')}.>`]);
    expect(log.imports.filter((i) => i.subject.startsWith('f8.bus.')).map((i) => i.subject)).toEqual([SUBJECT, `${SUBJECT}.get`]);
    expect(byName.get(instanceAccount('other'))!.imports.filter((i) => i.subject.startsWith('f8.bus.'))).toEqual([]);
    expect(JSON.stringify(buildAccounts(input))).toBe(JSON.stringify(accounts)); // deterministic
  });

  it("an editor node's output reaches the instance that consumes it, from the editor's account", () => {
    const slider: HalfEdge = { ...half('out', 'slider', 'log'), edgeId: 'e2', subject: 'f8.bus.bslider' };
    const into: HalfEdge = { ...half('in', 'log', 'slider'), edgeId: 'e2', subject: 'f8.bus.bslider' };
    const withEditor = buildAccounts({
      ...input,
      launched: [...input.launched.filter((i) => i.instanceId !== 'log'), { instanceId: 'log', halfEdges: [half('in', 'log', 'sig'), into] }],
      editorHalfEdges: [slider],
    });
    const log = withEditor.find((a) => a.name === instanceAccount('log'))!;
    expect(log.imports).toContainEqual({ kind: 'stream', account: ACCOUNT.editor, subject: 'f8.bus.bslider' });
    expect(withEditor.find((a) => a.name === instanceAccount('other'))!.imports.some((i) => i.subject === 'f8.bus.bslider')).toBe(false);
  });
});

describe('the accounts on a real nats-server', () => {
  let dir: string;
  let server: ChildProcess;
  let url: string;
  const open: NatsConnection[] = [];
  const as = async (user: string, password: string, inboxPrefix?: string) => {
    const nc = await connect({ servers: url, user, pass: password, reconnect: false, ...(inboxPrefix ? { inboxPrefix } : {}) });
    open.push(nc);
    return nc;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'f8-accounts-'));
    const port = await freePort();
    url = `nats://127.0.0.1:${port}`;
    const conf = [`listen: "127.0.0.1:${port}"`, `jetstream { store_dir: ${JSON.stringify(join(dir, 'js'))} }`, ...renderAccounts(buildAccounts(input))].join('\n');
    await writeFile(join(dir, 'n.conf'), conf);
    server = spawn(findNatsServer(), ['-c', join(dir, 'n.conf')], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const ok = await as('m', 'mp').then(
        () => true,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);
  afterAll(async () => {
    for (const nc of open) await nc.close().catch(() => {});
    server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('the master creates a bucket in CTL; its instance writes it; the editor reads it and sees each write republished', async () => {
    const master = open[0]!;
    const bucket = buckets.instance('log');
    const kv = await new Kvm(master).create(bucket, { history: 1, republish: { src: `$KV.${bucket}.>`, dest: `${republishPrefix(bucket)}.>` } } as never);
    await kv.put('status/summary', '{"s":1}');

    const log = await as('u-log', 'p-log');
    const own = await new Kvm(jetstream(log, { apiPrefix: STORE_API_PREFIX, checkAPI: false })).open(bucket, { bindOnly: true } as never);
    await own.put('nodes.log.state.count', '{"value":2}');

    const ed = await as('e', 'ep');
    const seen: string[] = [];
    ed.subscribe(`${republishPrefix(bucket)}.>`, { callback: (_e, m) => void seen.push(`${m.subject}=${dec.decode(m.data)}`) });
    await ed.flush();
    const view = await new Kvm(jetstream(ed, { apiPrefix: STORE_API_PREFIX, checkAPI: false })).open(bucket, { bindOnly: true } as never);
    expect(dec.decode((await view.get('nodes.log.state.count'))!.value)).toBe('{"value":2}');
    await own.put('nodes.log.state.count', '{"value":3}');
    await expect.poll(() => seen).toContain(`${republishPrefix(bucket)}.nodes.log.state.count={"value":3}`);
  });

  it('an identity that is not the master cannot create a consumer or write another bucket: nobody answers', async () => {
    const ed = await as('e', 'ep');
    const jsm = await jetstreamManager(ed, { apiPrefix: STORE_API_PREFIX, checkAPI: false });
    await expect(jsm.consumers.add(`KV_${buckets.instance('log')}`, { deliver_subject: 'x', ack_policy: 'none' } as never)).rejects.toThrow();
    const sig = await as('u-sig', 'p-sig');
    const other = await new Kvm(jetstream(sig, { apiPrefix: STORE_API_PREFIX, checkAPI: false, timeout: 2_000 })).open(buckets.instance('log'), { bindOnly: true } as never);
    await expect(other.put('nodes.log.state.count', '{"value":666}')).rejects.toThrow();
    await expect(other.get('status/summary')).rejects.toThrow();
    const master = await new Kvm(open[0]!).open(buckets.instance('log'), { bindOnly: true } as never);
    expect(dec.decode((await master.get('nodes.log.state.count'))!.value)).not.toContain('666');
  });

  it("a request crossing accounts carries the caller's account, stamped by the server", async () => {
    const log = await as('u-log', 'p-log');
    const infos: string[] = [];
    log.subscribe(subjects.instanceVerb('log', 'status'), { callback: (_e, m) => void (infos.push(m.headers?.get('Nats-Request-Info') ?? ''), m.respond('ok')) });
    await log.flush();
    await (await as('e', 'ep')).request(subjects.instanceVerb('log', 'status'), '{}', { timeout: 5_000 });
    await open[0]!.request(subjects.instanceVerb('log', 'status'), '{}', { timeout: 5_000 });
    expect(infos.map((i) => (JSON.parse(i) as { acc: string }).acc)).toEqual([ACCOUNT.editor, ACCOUNT.control]);
  });

  it('bus data flows along the half-edge only', async () => {
    const sig = await as('u-sig', 'p-sig');
    const got: Record<string, number> = { log: 0, other: 0, ed: 0 };
    for (const [who, nc] of [
      ['log', await as('u-log', 'p-log')],
      ['other', await as('u-other', 'p-other')],
      ['ed', await as('e', 'ep')],
    ] as const) {
      nc.subscribe(SUBJECT, { callback: () => void got[who]!++ });
      await nc.flush();
    }
    sig.publish(SUBJECT, '{"value":1,"ts":1}');
    await sig.flush();
    await expect.poll(() => got.log! + got.ed!).toBe(2);
    expect(got.other).toBe(0);
  });
});
