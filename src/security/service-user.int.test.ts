// The shared service user (services started by hand; issue 21 findings 1, 4 and 5): it registers and
// serves an instance of its own, and may not answer the master's verbs, read the registry (where
// the runIds unregister needs are), write the master's buckets, administer JetStream, steer an
// instance or take the lease. The runIds it would need stay out of the master's log.
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ServiceHost } from '../sdk/host.js';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buckets, keys, MASTER_CLIENT_ID, runTag, STORE_API_PREFIX, subjects } from '../shared/naming.js';
import { instanceClient, masterClient } from '../bus/index.js';
import { buildRequest } from '../shared/envelope.js';
import type { Logger } from '../shared/ports.js';
import type { F8Error } from '../shared/errors.js';
import { call } from '../shared/client.js';
import { eventually, manifest, writeManifest } from '../main/master/testing.js';
import { HOLDER, startSecurityBench, VICTIMS, type SecurityBench } from './fixture.js';
import type { Manifest } from '../shared/types.js';

/** KV through the store's imports (`$JS.store.API`), as the SDK and the editor reach it. */
const storeKvm = (nc: NatsConnection): Kvm => new Kvm(jetstream(nc, { apiPrefix: STORE_API_PREFIX, checkAPI: false, timeout: 3_000 }));

const handManifest = manifest('test.hand') as unknown as Manifest;

/** Every line the master logs (its log sink), from its start. */
const masterLog: string[] = [];
const sink: Logger = { info: (m) => void masterLog.push(m), warn: (m) => void masterLog.push(m), error: (m) => void masterLog.push(m) };

describe('the shared service user', () => {
  let b: SecurityBench;
  let host: ServiceHost | undefined;
  beforeAll(async () => {
    b = await startSecurityBench({ setup: (dir) => writeManifest(dir, 'hand', handManifest).then(() => {}), master: { log: sink } });
  }, 120_000);
  afterAll(async () => {
    await host?.shutdown().catch(() => {});
    await b?.stop();
  });

  it('runs a service started by hand: it registers, gets its bucket, answers its verbs', async () => {
    host = new ServiceHost({ manifest: handManifest }, { env: { F8_NATS_URL: b.f.nats.server.serviceNatsUrl, F8_SERVICE_ID: 'hand1' }, exitProcess: false });
    await host.start();
    await eventually(() => b.f.master.registry.get('hand1')?.launchedBy === 'external', 'hand1 registered');
    const status = await call<{ status: string }>(b.f.transport, subjects.instanceVerb('hand1', 'status'), {}, { clientId: HOLDER, timeoutMs: 5_000 });
    expect(status.status).toBe('deactivated');
    const e = await (await b.f.kvm.open(buckets.instance('hand1'))).get(keys.state('hand1', 'rate'));
    expect(e?.length).toBeGreaterThan(0);
  });

  it("cannot answer the master's verbs, read the registry, write the master's buckets or administer JetStream", async () => {
    const svc = await b.as('service');
    const heard: string[] = [];
    svc.nc.subscribe('f8.master.>', { callback: (_e, m) => void heard.push(m.subject) });
    await svc.nc.flush();
    expect((await b.f.call<{ holder: string }>('ping', { clientId: HOLDER }, { clientId: HOLDER })).holder).toBe(HOLDER);
    expect(heard).toEqual([]);
    for (const kvm of [new Kvm(svc.nc), storeKvm(svc.nc)]) {
      const registry = await kvm.open(buckets.instances, { bindOnly: true } as never);
      await svc.refused(() => registry.get('sig'), `KV_${buckets.instances}`);
      const master = await kvm.open(buckets.master, { bindOnly: true } as never);
      await svc.refused(() => master.put(keys.lease, '{"holder":"svc","ts":1}'), `$KV.${buckets.master}.${keys.lease}`);
    }
    for (const apiPrefix of ['$JS.API', STORE_API_PREFIX]) {
      const jsm = await jetstreamManager(svc.nc, { apiPrefix, checkAPI: false, timeout: 3_000 });
      await svc.refused(() => jsm.streams.delete(`KV_${buckets.instance('sig')}`), `${apiPrefix}.STREAM.DELETE.KV_${buckets.instance('sig')}`);
      await svc.refused(() => jsm.streams.add({ name: 'grab', subjects: ['f8.master.>'] }), `${apiPrefix}.STREAM.CREATE.grab`);
      await svc.refused(() => jsm.consumers.add(`KV_${buckets.instance('sig')}`, { deliver_subject: 'x', ack_policy: 'none' as never }), `${apiPrefix}.CONSUMER.CREATE.KV_${buckets.instance('sig')}`);
    }
    // the master still answers and its lease record is its own
    expect((await b.f.call<{ holder: string }>('ping', { clientId: HOLDER }, { clientId: HOLDER })).holder).toBe(HOLDER);
  });

  it('cannot register or unregister an id the master launched, even with its runId (finding 5)', async () => {
    const svc = await b.as('service');
    const before = b.f.master.registry.get('sig')!;
    const master = masterClient(svc.nc, 'svc-attacker');
    const reg = await master.call('registry.register', { serviceClass: 'f8.signal', instanceId: 'sig', runId: 'evil-run', pid: process.pid }).then(
      () => 'ok',
      (e: F8Error) => e.code,
    );
    expect(reg).toBe('unauthorized');
    const unreg = await master.call('registry.unregister', { instanceId: 'sig', runId: before.runId }).then(
      () => 'ok',
      (e: F8Error) => e.code,
    );
    expect(unreg).toBe('unauthorized');
    expect(b.f.master.registry.get('sig')).toMatchObject({ runId: before.runId, pid: before.pid, launchedBy: 'master' });
    expect(await b.stillServes('sig')).toBe(true);
  });
  const codeOf = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'ok',
      (e: F8Error) => e.code,
    );

  it('does not steer an instance claiming to be the master or the lease holder (finding 4)', async () => {
    const svc = await b.as('service');
    // a launched instance: its verbs are not even in SVC's account
    const victim = VICTIMS[0];
    await svc.refused(() => svc.nc.request(subjects.instanceVerb(victim, 'deactivate'), JSON.stringify(buildRequest({}, { clientId: MASTER_CLIENT_ID })), { timeout: 3_000 }), `${victim}.deactivate`);
    await svc.refused(
      () =>
        svc.nc.request(subjects.instanceVerb(victim, 'setState'), JSON.stringify(buildRequest({ nodeId: victim, field: 'prefix', value: 'x' }, { clientId: MASTER_CLIENT_ID })), { timeout: 3_000 }),
      `${victim}.setState`,
    );
    expect(await b.stillServes(victim)).toBe(true);
    expect((await instanceClient(b.f.client, victim, 'sec-check').call('status', {})).status).toBe('activated');
    // a service started by hand, in SVC's own account: reached, but the request carries no account, so it steers nothing
    const state = async () => (await (await b.f.kvm.open(buckets.instance('hand1'))).get(keys.state('hand1', 'rate')))?.revision;
    const before = await state();
    for (const clientId of [MASTER_CLIENT_ID, HOLDER]) {
      const hand = instanceClient(svc.nc, 'hand1', clientId);
      expect(await codeOf(hand.call('activate', {})), `activate as '${clientId}'`).toBe('unauthorized');
      expect(await codeOf(hand.call('setState', { nodeId: 'hand1', field: 'rate', value: 7 })), `setState as '${clientId}'`).toBe('unauthorized');
    }
    expect((await instanceClient(b.f.client, 'hand1', 'sec-check').call('status', {})).status).toBe('deactivated');
    expect(await state()).toBe(before);
    // the holder, through the editor, still does
    const ed = await b.as('editor');
    expect(await instanceClient(ed.nc, 'hand1', HOLDER).call('activate', {})).toEqual({ status: 'activated' });
  });

  it("cannot take or refresh the lease through the master's ping (finding 4)", async () => {
    const svc = await b.as('service');
    const record = await (await b.f.kvm.open(buckets.master)).get(keys.lease);
    const lease = b.f.master.lease.current();
    for (const [clientId, takeover] of [
      [HOLDER, false],
      ['svc', true],
    ] as const) {
      const req = buildRequest({ clientId, takeover }, { clientId });
      await svc.refused(() => svc.nc.request(subjects.masterVerb('ping'), JSON.stringify(req), { timeout: 3_000 }), `ping as '${clientId}'`);
    }
    expect(b.f.master.lease.current()).toEqual(lease);
    expect((await (await b.f.kvm.open(buckets.master)).get(keys.lease))?.revision).toBe(record?.revision);
  });

  it("keeps runIds out of the master's log and the instances' log files; their run tags are there", async () => {
    const runIds = b.f.master.registry.list().map((r) => r.runId);
    expect(runIds.length).toBeGreaterThanOrEqual(6); // sig, four loggers, hand1
    const files: string[] = [];
    const logDir = join(b.f.nats.dataDir, 'logs');
    for (const name of await readdir(logDir, { recursive: true })) {
      const text = await readFile(join(logDir, name), 'utf8').catch(() => null); // a folder
      if (text !== null) files.push(text);
    }
    expect(files.length).toBeGreaterThan(0);
    for (const runId of runIds) {
      expect(masterLog.filter((l) => l.includes(runId))).toEqual([]);
      expect(files.filter((t) => t.includes(runId))).toEqual([]);
    }
    // what is logged instead tells the runs apart
    for (const runId of runIds)
      expect(
        masterLog.some((l) => l.includes(runTag(runId))),
        runTag(runId),
      ).toBe(true);
  });
});
