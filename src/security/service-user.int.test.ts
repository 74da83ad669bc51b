// The shared service user (services started by hand; issue 21 findings 1 and 5): it registers and
// serves an instance of its own, and may not answer the master's verbs, read the registry (where
// the runIds unregister needs are), write the master's buckets, or administer JetStream.
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ServiceHost } from '../sdk/host.js';
import { buckets, keys, STORE_API_PREFIX, subjects } from '../shared/naming.js';
import { masterClient } from '../bus/index.js';
import type { F8Error } from '../shared/errors.js';
import { call } from '../shared/client.js';
import { eventually, manifest, writeManifest } from '../main/master/testing.js';
import { HOLDER, startSecurityBench, type SecurityBench } from './fixture.js';
import type { Manifest } from '../shared/types.js';

/** KV through the store's imports (`$JS.store.API`), as the SDK and the editor reach it. */
const storeKvm = (nc: NatsConnection): Kvm => new Kvm(jetstream(nc, { apiPrefix: STORE_API_PREFIX, checkAPI: false, timeout: 3_000 }));

const handManifest = manifest('test.hand') as unknown as Manifest;

describe('the shared service user', () => {
  let b: SecurityBench;
  let host: ServiceHost | undefined;
  beforeAll(async () => {
    b = await startSecurityBench({ setup: (dir) => writeManifest(dir, 'hand', handManifest).then(() => {}) });
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
});
