// Finding 1 of issue 21 as the editor's user (its own NATS account, ED): JetStream
// administration, writing buckets (the lease record included), listening on everything,
// publishing the master's events. Each reaches nobody, and the store is unchanged; what the
// editor's UI needs still works.
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { discoverStorePrefix, ViewKvProvider } from '../bus/index.js';
import { buckets, keys, STORE_API_PREFIX, subjects } from '../shared/naming.js';
import { HOLDER, settle, startSecurityBench, type SecurityBench } from './fixture.js';

/** KV through the store's imports (`$JS.store.API`), as the SDK and the editor reach it. */
const storeKvm = (nc: NatsConnection): Kvm => new Kvm(jetstream(nc, { apiPrefix: STORE_API_PREFIX, checkAPI: false, timeout: 3_000 }));

describe("the editor's user", () => {
  let b: SecurityBench;
  beforeAll(async () => {
    b = await startSecurityBench();
  }, 120_000);
  afterAll(async () => b?.stop());

  it('cannot delete or change a stream, through its own JetStream API or the store', async () => {
    const ed = await b.as('editor');
    for (const apiPrefix of ['$JS.API', STORE_API_PREFIX]) {
      const jsm = await jetstreamManager(ed.nc, { apiPrefix, checkAPI: false, timeout: 3_000 });
      await ed.refused(() => jsm.streams.delete(`KV_${buckets.master}`), `${apiPrefix}.STREAM.DELETE.KV_${buckets.master}`);
      await ed.refused(() => jsm.streams.purge(`KV_${buckets.instances}`), `${apiPrefix}.STREAM.PURGE.KV_${buckets.instances}`);
    }
    // the master's history is still there
    expect((await b.f.call<{ deploys: unknown[] }>('history', {}, { clientId: HOLDER })).deploys.length).toBeGreaterThan(0);
  });

  it('cannot write the lease record, the registry or an instance bucket', async () => {
    const ed = await b.as('editor');
    const before = await (await new Kvm(b.f.client).open(buckets.master)).get(keys.lease);
    for (const kvm of [new Kvm(ed.nc), storeKvm(ed.nc)]) {
      const master = await kvm.open(buckets.master, { bindOnly: true } as never);
      await ed.refused(() => master.put(keys.lease, JSON.stringify({ holder: 'attacker', ts: 1 })), `$KV.${buckets.master}.${keys.lease}`);
      const registry = await kvm.open(buckets.instances, { bindOnly: true } as never);
      await ed.refused(() => registry.put('sig', '{}'), `$KV.${buckets.instances}.sig`);
      const sig = await kvm.open(buckets.instance('sig'), { bindOnly: true } as never);
      await ed.refused(() => sig.put(keys.state('sig', 'rateHz'), '{"value":1}'), `$KV.${buckets.instance('sig')}.`);
    }
    const after = await (await new Kvm(b.f.client).open(buckets.master)).get(keys.lease);
    expect(after?.revision).toBe(before?.revision);
  });

  it("hears nothing of the others' requests, replies or writes on '>', and its events reach nobody", async () => {
    const ed = await b.as('editor');
    const heard: string[] = [];
    ed.nc.subscribe('>', { callback: (_e, m) => void heard.push(m.subject) });
    await ed.nc.flush();
    // the master asks an instance, the registry and the catalog; an instance writes its bucket
    await b.stillServes('sig');
    await b.f.call('catalog', {}, { clientId: HOLDER });
    await b.f.call('instances', {}, { clientId: HOLDER });
    await settle(500);
    const foreign = heard.filter((s) => !s.startsWith('f8.bus.') && !s.startsWith('f8.kv.') && !s.startsWith('f8.master.events.') && !s.startsWith('f8.master.logs.'));
    expect(foreign).toEqual([]);
    // what it publishes as the master's events or the registry's verbs reaches nobody
    expect(await b.unheard(subjects.deployEvents, async () => (ed.nc.publish(subjects.deployEvents, '{}'), ed.nc.flush()))).toEqual([]);
    await ed.refused(() => ed.nc.request(subjects.masterVerb('registry.unregister'), '{}', { timeout: 3_000 }), 'f8.master.registry.unregister');
  });

  it('still reads what its UI shows, by request/reply and the republished writes, and creates no consumer', async () => {
    const ed = await b.as('editor');
    const kvs = new ViewKvProvider(ed.nc, { apiPrefix: await discoverStorePrefix(ed.nc, buckets.instances) });
    const seen: string[] = [];
    const w = await (await kvs.openExisting(buckets.instances)).watch('>', (c) => seen.push(c.key));
    expect(seen).toContain('sig');
    await w.dispose();
    expect(await (await kvs.openExisting(buckets.instance('sig'))).get(keys.statusSummary)).not.toBeNull();
    for (const apiPrefix of ['$JS.API', STORE_API_PREFIX]) {
      const jsm = await jetstreamManager(ed.nc, { apiPrefix, checkAPI: false, timeout: 3_000 });
      await ed.refused(
        () => jsm.consumers.add(`KV_${buckets.master}`, { deliver_subject: `$KV.${buckets.master}.lease`, ack_policy: 'none' as never }),
        `${apiPrefix}.CONSUMER.CREATE.KV_${buckets.master}`,
      );
    }
  });
});
