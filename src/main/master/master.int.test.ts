// Integration tests of the headless master against a real nats-server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Svcm, type Service } from '@nats-io/services';
import { eventually, manifest, rejection, startMasterFixture, writeManifest, type MasterFixture } from './testing.js';
import { connectNode } from '../../bus/node.js';
import { buildRequest, encodeJson, parseReply } from '../../shared/envelope.js';
import { buckets, keys, MUTATING_MASTER_VERBS, runTag, subjects } from '../../shared/naming.js';
import type { CatalogEntry, CatalogReply, InstanceRecord, InstancesReply, PingReply, RegisterReply } from '../../shared/types.js';

const dec = new TextDecoder();

async function kvGet<T>(f: MasterFixture, bucket: string, key: string): Promise<T | null> {
  const kv = await f.kvm.open(bucket);
  const e = await kv.get(key);
  return e && e.operation === 'PUT' && e.length > 0 ? (JSON.parse(dec.decode(e.value)) as T) : null;
}

const caught = rejection;

/** A micro service answering $SRV.PING.<instanceId> like an SDK instance would. */
async function fakeService(f: MasterFixture, instanceId: string, serviceClass: string, runId: string): Promise<Service> {
  return new Svcm(f.client).add({ name: instanceId, version: '1.0.0', metadata: { serviceClass, instanceId, runTag: runTag(runId) }, queue: '' });
}

describe('catalog', () => {
  let f: MasterFixture;
  let second: string;
  beforeAll(async () => {
    second = await mkdtemp(join(tmpdir(), 'f8-services2-'));
    await writeManifest(second, 'dupe', manifest('f8.alpha', { label: 'second alpha' }));
    await writeManifest(second, 'beta', manifest('f8.beta'));
    f = await startMasterFixture({
      extraDirs: [second],
      setup: async (dir) => {
        await writeManifest(dir, 'alpha', manifest('f8.alpha'));
      },
    });
  });
  afterAll(async () => {
    await f.stop();
    await rm(second, { recursive: true, force: true });
  });

  it('publishes every valid manifest to kv_f8_master_services with its hash', async () => {
    const alpha = await kvGet<CatalogEntry>(f, buckets.services, 'f8.alpha');
    expect(alpha?.manifest.label).toBe('f8.alpha');
    expect(alpha?.manifestHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await kvGet<CatalogEntry>(f, buckets.services, 'f8.beta'))?.serviceClass).toBe('f8.beta');
    const cat = await f.call<CatalogReply>('catalog', {});
    expect(cat.services.map((s) => s.serviceClass)).toEqual(['f8.alpha', 'f8.beta']);
  });

  it('reports a duplicate serviceClass naming both files; the first folder wins', async () => {
    const cat = await f.call<CatalogReply>('catalog', {});
    const dupe = cat.errors.find((e) => e.message.includes("'f8.alpha'"));
    expect(dupe?.message).toContain(join(f.servicesDir, 'alpha', 'service.json'));
    expect(dupe?.message).toContain(join(second, 'dupe', 'service.json'));
    expect(cat.services.find((s) => s.serviceClass === 'f8.alpha')?.manifest.label).toBe('f8.alpha');
  });

  it('reflects added, changed and removed manifests', async () => {
    const events: unknown[] = [];
    const sub = f.client.subscribe('f8.master.events.catalog', { callback: (_e, m) => void events.push(JSON.parse(dec.decode(m.data))) });
    const path = await writeManifest(f.servicesDir, 'gamma', manifest('f8.gamma'));
    await eventually(() => kvGet(f, buckets.services, 'f8.gamma'), 'f8.gamma in KV');
    const before = (await kvGet<CatalogEntry>(f, buckets.services, 'f8.gamma'))!.manifestHash;
    await writeFile(path, JSON.stringify(manifest('f8.gamma', { label: 'Gamma 2' })));
    await eventually(async () => (await kvGet<CatalogEntry>(f, buckets.services, 'f8.gamma'))?.manifest.label === 'Gamma 2', 'changed gamma');
    expect((await kvGet<CatalogEntry>(f, buckets.services, 'f8.gamma'))!.manifestHash).not.toBe(before);
    await unlink(path);
    await eventually(async () => (await kvGet(f, buckets.services, 'f8.gamma')) === null, 'gamma removed');
    await eventually(() => events.some((e) => (e as { change?: string }).change === 'removed'), 'removed event');
    expect(events).toContainEqual(expect.objectContaining({ serviceClass: 'f8.gamma', change: 'added' }));
    expect(events).toContainEqual(expect.objectContaining({ serviceClass: 'f8.gamma', change: 'changed' }));
    sub.unsubscribe();
  });

  it('reports a broken manifest with its path and error, keeping the last good version', async () => {
    const path = await writeManifest(f.servicesDir, 'delta', manifest('f8.delta', { label: 'Delta good' }));
    await eventually(() => kvGet(f, buckets.services, 'f8.delta'), 'delta in KV');
    const events: { path?: string; error?: string }[] = [];
    const sub = f.client.subscribe('f8.master.events.catalog', { callback: (_e, m) => void events.push(JSON.parse(dec.decode(m.data))) });
    // wrong type
    await writeFile(path, JSON.stringify(manifest('f8.delta', { label: 'Delta bad', version: 7 })));
    const cat = await eventually(async () => {
      const c = await f.call<CatalogReply>('catalog', {});
      return c.errors.some((e) => e.path === path) ? c : null;
    }, 'delta error');
    const err = cat.errors.find((e) => e.path === path)!;
    expect(err.message).toContain('/version');
    expect((await kvGet<CatalogEntry>(f, buckets.services, 'f8.delta'))?.manifest.label).toBe('Delta good');
    await eventually(() => events.some((e) => e.path === path && e.error), 'error event');
    // not JSON at all
    await writeFile(path, '{ nope');
    await eventually(async () => (await f.call<CatalogReply>('catalog', {})).errors.some((e) => e.path === path && /JSON/.test(e.message)), 'JSON error');
    expect((await kvGet<CatalogEntry>(f, buckets.services, 'f8.delta'))?.manifest.label).toBe('Delta good');
    // a pattern the linear-time engine (RE2) cannot run, in a state field's schema: refused before anything compiles it
    await writeFile(path, JSON.stringify(manifest('f8.delta', { label: 'Delta evil', stateFields: [{ name: 'name', valueSchema: { type: 'string', pattern: '^(?=a)a+$' }, access: 'rw' }] })));
    await eventually(
      async () =>
        (await f.call<CatalogReply>('catalog', {})).errors.some((e) => e.path === path && e.message.includes('/stateFields/0/valueSchema (name): (schema)/pattern') && e.message.includes('lookahead')),
      'unsafe schema error',
    );
    expect((await kvGet<CatalogEntry>(f, buckets.services, 'f8.delta'))?.manifest.label).toBe('Delta good');
    // fixed again: the error goes away
    await writeFile(path, JSON.stringify(manifest('f8.delta', { label: 'Delta fixed' })));
    await eventually(async () => (await kvGet<CatalogEntry>(f, buckets.services, 'f8.delta'))?.manifest.label === 'Delta fixed', 'delta fixed');
    expect((await f.call<CatalogReply>('catalog', {})).errors.some((e) => e.path === path)).toBe(false);
    sub.unsubscribe();
  });
});

describe('registry, lease, health and bad input', () => {
  let f: MasterFixture;
  const services: Service[] = [];
  beforeAll(async () => {
    f = await startMasterFixture({
      master: { leaseTtlMs: 400, dedupWindowMs: 60_000 },
      setup: async (dir) => {
        await writeManifest(dir, 'sig', manifest('f8.signal'));
      },
    });
  });
  afterEach(async () => {
    while (services.length)
      await services
        .pop()!
        .stop()
        .catch(() => {});
  });
  afterAll(() => f.stop());

  it('registers with a given id, creates the bucket, records the instance, unregisters', async () => {
    const r = await f.call<RegisterReply>('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig-a', runId: 'run1', pid: 1234 });
    expect(r).toEqual({ instanceId: 'sig-a', kvBucket: 'kv_f8_sig-a' });
    const rec = await kvGet<InstanceRecord>(f, buckets.instances, 'sig-a');
    expect(rec).toMatchObject({ serviceClass: 'f8.signal', pid: 1234, runId: 'run1', kvBucket: 'kv_f8_sig-a', launchedBy: 'external' }); // (failCount: the 100 ms health probe finds nobody behind this fake pid)
    await f.kvm.open('kv_f8_sig-a').then((kv) => kv.status()); // the bucket exists
    const list = await f.call<InstancesReply>('instances', {});
    expect(list.instances.map((i) => i.instanceId)).toContain('sig-a');
    // same runId again: idempotent
    expect(await f.call<RegisterReply>('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig-a', runId: 'run1', pid: 1234 })).toEqual(r);
    await f.call('registry.unregister', { instanceId: 'sig-a', runId: 'run1' });
    expect(await kvGet(f, buckets.instances, 'sig-a')).toBeNull();
    expect((await caught(f.call('registry.unregister', { instanceId: 'sig-a', runId: 'run1' }))).code).toBe('not-found');
  });

  it('assigns an instanceId when none is given', async () => {
    const r = await f.call<RegisterReply>('registry.register', { serviceClass: 'f8.signal', runId: 'run-x', pid: 1 });
    expect(r.instanceId).toMatch(/^f8-signal-[a-z2-7]{8}$/);
    expect(r.kvBucket).toBe(buckets.instance(r.instanceId));
  });

  it('refuses unknown serviceClass, bad and reserved ids, and a live duplicate', async () => {
    const unknown = await caught(f.call('registry.register', { serviceClass: 'f8.nope', runId: 'r', pid: 1 }));
    expect(unknown.code).toBe('not-found');
    expect(unknown.message).toContain('f8.nope');
    const bad = await caught(f.call('registry.register', { serviceClass: 'f8.signal', instanceId: 'Bad.Id', runId: 'r', pid: 1 }));
    expect(bad.code).toBe('invalid');
    expect(bad.message).toContain('instanceId');
    const reserved = await caught(f.call('registry.register', { serviceClass: 'f8.signal', instanceId: 'master', runId: 'r', pid: 1 }));
    expect(reserved.code).toBe('invalid');

    await f.call('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig-live', runId: 'run-live', pid: 10 });
    services.push(await fakeService(f, 'sig-live', 'f8.signal', 'run-live'));
    const dupe = await caught(f.call('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig-live', runId: 'run-other', pid: 11 }));
    expect(dupe.code).toBe('conflict');
    // the live process is named by pid, never by its runId (which unregister takes as proof)
    expect(dupe.message).toContain('pid 10');
    expect(dupe.message).not.toContain('run-live');
    const wrongRun = await caught(f.call('registry.unregister', { instanceId: 'sig-live', runId: 'run-guess' }));
    expect(wrongRun.code).toBe('conflict');
    expect(wrongRun.message).not.toContain('run-live');
    // once the first process is gone, a new run may take the id
    await services.pop()!.stop();
    const again = await f.call<RegisterReply>('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig-live', runId: 'run-other', pid: 11 });
    expect(again.instanceId).toBe('sig-live');
    expect((await kvGet<InstanceRecord>(f, buckets.instances, 'sig-live'))?.runId).toBe('run-other');
  });

  it('lease: holder, conflict naming the holder, takeover, expiry', async () => {
    const a = await f.call<PingReply>('ping', { clientId: 'ed-a' }, { clientId: 'ed-a' });
    expect(a.holder).toBe('ed-a');
    expect(a.leaseTtlMs).toBe(400);
    expect(a.profile).toBe('default');
    expect(a.capabilities).toEqual(expect.arrayContaining(['ping', 'catalog', 'instances', 'registry.register']));
    const b = await caught(f.call('ping', { clientId: 'ed-b' }, { clientId: 'ed-b' }));
    expect(b.code).toBe('conflict');
    expect(b.payload).toMatchObject({ holder: 'ed-a' });
    const taken = await f.call<PingReply>('ping', { clientId: 'ed-b', takeover: true }, { clientId: 'ed-b' });
    expect(taken.holder).toBe('ed-b');
    expect((await caught(f.call('ping', { clientId: 'ed-a' }, { clientId: 'ed-a' }))).code).toBe('conflict');
    // after the TTL passes without a ping, anyone may take it
    await eventually(async () => (await f.call<PingReply>('ping', { clientId: 'ed-a' }, { clientId: 'ed-a' })).holder === 'ed-a', 'lease expiry', 10_000, 100);
    // payload clientId must equal the envelope's
    expect((await caught(f.call('ping', { clientId: 'ed-a' }, { clientId: 'someone-else' }))).code).toBe('invalid');
    // unknown profile
    expect((await caught(f.call('ping', { clientId: 'ed-a', requestedProfile: 'turbo' }, { clientId: 'ed-a' }))).message).toContain('turbo');
  });

  it('every mutating master verb is refused without the lease, naming who holds it; the holder is written to kv_f8_master lease', async () => {
    await eventually(async () => (await f.call<PingReply>('ping', { clientId: 'ed-owner' }, { clientId: 'ed-owner' }).catch(() => null))?.holder === 'ed-owner', 'the lease for ed-owner', 10_000, 100);
    const payloads: Record<string, unknown> = {
      startInstance: { serviceClass: 'f8.signal' },
      stopInstance: { instanceId: 'sig-x' },
      restartInstance: { instanceId: 'sig-x' },
      deployGraph: { graph: { schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [], edges: [] } },
      stopGraph: {},
    };
    // a mutating verb added later without a row here fails this line
    expect([...MUTATING_MASTER_VERBS].sort()).toEqual(Object.keys(payloads).sort());
    for (const verb of MUTATING_MASTER_VERBS) {
      const e = await caught(f.call(verb, payloads[verb], { clientId: 'ed-intruder' }));
      expect(e.code, verb).toBe('unauthorized');
      expect(e.message, verb).toContain("'ed-owner'");
    }
    const rec = await eventually(() => kvGet<{ holder: string | null }>(f, buckets.master, keys.lease), 'the lease record');
    expect(rec.holder).toBe('ed-owner');
  });

  it('the master does not receive its own publishes (noEcho), so its f8.master.> catch-all stays quiet during a log flood', async () => {
    const before = f.master.nc.stats().inMsgs;
    for (let i = 0; i < 2000; i++) f.master.bus.publish(subjects.masterLogs('flood'), new TextEncoder().encode('{"ts":0,"stream":"stdout","text":"x"}'));
    await f.master.nc.flush();
    await new Promise((r) => setTimeout(r, 200));
    // health probes and KV traffic still arrive; the 2000 own messages do not
    expect(f.master.nc.stats().inMsgs - before).toBeLessThan(500);
  });

  it('lease: ping with release gives it back (v1.1); a release by a non-holder changes nothing', async () => {
    await f.call<PingReply>('ping', { clientId: 'ed-r' }, { clientId: 'ed-r', attempts: 1 }).catch(() => undefined);
    await eventually(async () => (await f.call<PingReply>('ping', { clientId: 'ed-r' }, { clientId: 'ed-r' }).catch(() => null))?.holder === 'ed-r', 'the lease for ed-r', 10_000, 100);
    const other = await f.call<PingReply>('ping', { clientId: 'ed-x', release: true }, { clientId: 'ed-x' });
    expect(other.holder).toBe('ed-r');
    expect((await caught(f.call('ping', { clientId: 'ed-x' }, { clientId: 'ed-x' }))).code).toBe('conflict');
    const released = await f.call<PingReply>('ping', { clientId: 'ed-r', release: true }, { clientId: 'ed-r' });
    expect(released).toMatchObject({ holder: '', expiresAt: 0 });
    expect(f.master.lease.current()).toBeNull();
    // free at once: no takeover needed
    expect((await f.call<PingReply>('ping', { clientId: 'ed-x' }, { clientId: 'ed-x' })).holder).toBe('ed-x');
  });

  it('health marks a silent instance unresponsive and recovers it when it answers again', async () => {
    await f.call('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig-h', runId: 'run-h', pid: 20 });
    const svc = await fakeService(f, 'sig-h', 'f8.signal', 'run-h');
    await eventually(async () => (await kvGet<InstanceRecord>(f, buckets.instances, 'sig-h'))?.lastSeenAt, 'first probe answered');
    await svc.stop();
    const dead = await eventually(async () => {
      const r = await kvGet<InstanceRecord>(f, buckets.instances, 'sig-h');
      return r?.status === 'unresponsive' ? r : null;
    }, 'unresponsive');
    expect(dead.failCount).toBeGreaterThanOrEqual(3);
    services.push(await fakeService(f, 'sig-h', 'f8.signal', 'run-h'));
    const back = await eventually(async () => {
      const r = await kvGet<InstanceRecord>(f, buckets.instances, 'sig-h');
      return r && r.status !== 'unresponsive' ? r : null;
    }, 'recovered');
    expect(back.failCount).toBe(0);
    expect(back.status).toBe('starting');
  });

  it('mirrors an instance status/summary into its record', async () => {
    await f.call('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig-s', runId: 'run-s', pid: 30 });
    services.push(await fakeService(f, 'sig-s', 'f8.signal', 'run-s'));
    const kv = await f.kvm.open('kv_f8_sig-s');
    await kv.put('status/summary', JSON.stringify({ status: 'activated', graphRevision: 3, ts: Date.now() }));
    const rec = await eventually(async () => {
      const r = await kvGet<InstanceRecord>(f, buckets.instances, 'sig-s');
      return r?.status === 'activated' ? r : null;
    }, 'mirrored status');
    expect(rec.graphRevision).toBe(3);
  });

  it('a repeated msgId is answered once with the same reply bytes', async () => {
    const req = encodeJson(buildRequest({ serviceClass: 'f8.signal', runId: 'run-dedup', pid: 5 }, { clientId: 'dedup-client', msgId: 'm-1' }));
    const first = (await f.client.request('f8.master.registry.register', req, { timeout: 5000 })).data;
    const second = (await f.client.request('f8.master.registry.register', req, { timeout: 5000 })).data;
    expect(dec.decode(second)).toBe(dec.decode(first));
    const id = parseReply<RegisterReply>(first).payload.instanceId;
    const list = await f.call<InstancesReply>('instances', {});
    expect(list.instances.filter((i) => i.runId === 'run-dedup').map((i) => i.instanceId)).toEqual([id]);
  });

  describe('bad input gets a clear error and the master keeps serving', () => {
    const raw = async (subject: string, body: Uint8Array | string) => parseReply((await f.client.request(subject, body, { timeout: 5000 })).data);

    it('malformed JSON', async () => {
      const r = await raw('f8.master.ping', '{"msgId": ');
      expect(r).toMatchObject({ status: 'error', errorCode: 'invalid' });
      expect(r.errorMessage).toMatch(/not JSON/);
    });
    it('empty body and non-object JSON', async () => {
      expect((await raw('f8.master.catalog', '')).errorCode).toBe('invalid');
      expect((await raw('f8.master.catalog', '[1,2]')).errorCode).toBe('invalid');
    });
    it('a missing envelope field, named, with the ids it could read echoed', async () => {
      const { msgId: _drop, ...noMsgId } = buildRequest({}, { clientId: 'c1' });
      const r = await raw('f8.master.catalog', JSON.stringify(noMsgId));
      expect(r.errorCode).toBe('invalid');
      expect(r.errorMessage).toContain('msgId');
      expect(r.clientId).toBe('c1');
      const { payload: _p, ...noPayload } = buildRequest({}, { clientId: 'c1', msgId: 'keep-me' });
      const r2 = await raw('f8.master.catalog', JSON.stringify(noPayload));
      expect(r2.errorMessage).toContain('payload');
      expect(r2.msgId).toBe('keep-me');
    });
    it('a wrong type in the envelope and in the payload', async () => {
      const env = { ...buildRequest({}, { clientId: 'c1' }), hop: 'one' };
      const r = await raw('f8.master.catalog', JSON.stringify(env));
      expect(r.errorCode).toBe('invalid');
      expect(r.errorMessage).toContain('hop');
      const p = await f.reply('registry.register', { serviceClass: 'f8.signal', runId: 'r', pid: 'not-a-number' });
      expect(p.errorCode).toBe('invalid');
      expect(p.errorMessage).toContain('pid');
      const missing = await f.reply('registry.register', { serviceClass: 'f8.signal', pid: 3 });
      expect(missing.errorCode).toBe('invalid');
      expect(missing.errorMessage).toContain('runId');
      const extra = await f.reply('catalog', { colour: 'red' });
      expect(extra.errorCode).toBe('invalid');
      expect(extra.errorMessage).toContain('colour');
    });
    it('an oversize payload', async () => {
      const big = buildRequest({ blob: 'x'.repeat(4 * 1024 * 1024 + 10) }, { clientId: 'c1', msgId: 'big-1' });
      const r = await raw('f8.master.catalog', JSON.stringify(big));
      expect(r.errorCode).toBe('invalid');
      expect(r.errorMessage).toMatch(/over the .*limit/);
      expect(r.msgId).toBe('big-1');
    });
    it('an unknown verb gets not-found; publishes are ignored', async () => {
      const r = await f.reply('frobnicate', {});
      expect(r.errorCode).toBe('not-found');
      expect(r.errorMessage).toContain('frobnicate');
      f.client.publish('f8.master.frobnicate', 'not even json');
      const deep = await f.reply('a.b.c', {});
      expect(deep.errorCode).toBe('not-found');
    });
    it('a bad id', async () => {
      const r = await f.reply('registry.unregister', { instanceId: 'NO SPACES', runId: 'r' });
      expect(r.errorCode).toBe('invalid');
      expect(r.errorMessage).toContain('instanceId');
      const nf = await f.reply('registry.unregister', { instanceId: 'never-seen', runId: 'r' });
      expect(nf.errorCode).toBe('not-found');
    });
    it('still answers after all of that', async () => {
      expect((await f.call<CatalogReply>('catalog', {})).services.length).toBe(1);
    });
  });
});

describe('master restart', () => {
  it('rebuilds the registry from KV and live $SRV responders, listing orphans', async () => {
    const f = await startMasterFixture({ setup: (dir) => writeManifest(dir, 'sig', manifest('f8.signal')).then(() => {}) });
    const other = await connectNode(f.nats.natsUrl, { name: 'svc' });
    try {
      await f.call('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig-r', runId: 'run-r', pid: 40 });
      const svc = await new Svcm(other).add({ name: 'sig-r', version: '1.0.0', metadata: { serviceClass: 'f8.signal', instanceId: 'sig-r', runTag: runTag('run-r') }, queue: '' });
      const orphan = await new Svcm(other).add({ name: 'stray-1', version: '1.0.0', metadata: { serviceClass: 'f8.signal', instanceId: 'stray-1', runTag: runTag('x') }, queue: '' });
      await f.call('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig-gone', runId: 'run-g', pid: 41 });
      await f.restartMaster({ unresponsiveAfter: 2 });
      const list = await f.call<InstancesReply>('instances', {});
      expect(list.instances.map((i) => i.instanceId).sort()).toEqual(['sig-gone', 'sig-r']);
      expect(list.orphans.map((o) => o.instanceId)).toEqual(['stray-1']);
      await eventually(async () => (await f.call<InstancesReply>('instances', {})).instances.find((i) => i.instanceId === 'sig-gone')?.status === 'unresponsive', 'gone one unresponsive');
      const live = (await f.call<InstancesReply>('instances', {})).instances.find((i) => i.instanceId === 'sig-r');
      expect(live?.status).not.toBe('unresponsive');
      await svc.stop();
      await orphan.stop();
    } finally {
      await other.drain();
      await f.stop();
    }
  });
});
