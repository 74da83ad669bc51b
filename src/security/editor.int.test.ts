// Finding 1 of issue 21 as the editor's user: JetStream administration, writing buckets (the
// lease record included), listening on everything, publishing the master's events. Each is
// refused by nats-server, and the store is unchanged; what the editor's UI needs still works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { discoverStorePrefix, ViewKvProvider } from '../bus/index.js';
import { buckets, keys, subjects } from '../shared/naming.js';
import { HOLDER, startSecurityBench, type SecurityBench } from './fixture.js';

describe("the editor's user", () => {
  let b: SecurityBench;
  beforeAll(async () => {
    b = await startSecurityBench();
  }, 120_000);
  afterAll(async () => b?.stop());

  it('cannot delete or change a stream', async () => {
    const ed = await b.as('editor');
    const jsm = await jetstreamManager(ed.nc, { checkAPI: false });
    await ed.refused(() => jsm.streams.delete(`KV_${buckets.master}`), `$JS.API.STREAM.DELETE.KV_${buckets.master}`);
    await ed.refused(() => jsm.streams.purge(`KV_${buckets.instances}`), `$JS.API.STREAM.PURGE.KV_${buckets.instances}`);
    // the master's history is still there
    expect((await b.f.call<{ deploys: unknown[] }>('history', {}, { clientId: HOLDER })).deploys.length).toBeGreaterThan(0);
  });

  it('cannot write the lease record, the registry or an instance bucket', async () => {
    const ed = await b.as('editor');
    const before = await (await new Kvm(b.f.client).open(buckets.master)).get(keys.lease);
    const master = await new Kvm(ed.nc).open(buckets.master, { bindOnly: true } as never);
    await ed.refused(() => master.put(keys.lease, JSON.stringify({ holder: 'attacker', ts: 1 })), `$KV.${buckets.master}.${keys.lease}`);
    const registry = await new Kvm(ed.nc).open(buckets.instances, { bindOnly: true } as never);
    await ed.refused(() => registry.put('sig', '{}'), `$KV.${buckets.instances}.sig`);
    const sig = await new Kvm(ed.nc).open(buckets.instance('sig'), { bindOnly: true } as never);
    await ed.refused(() => sig.put(keys.state('sig', 'rateHz'), '{"value":1}'), `$KV.${buckets.instance('sig')}.`);
    const after = await (await new Kvm(b.f.client).open(buckets.master)).get(keys.lease);
    expect(after?.revision).toBe(before?.revision);
  });

  it("cannot listen on everything, nor publish the master's events", async () => {
    const ed = await b.as('editor');
    await ed.refused(() => ed.nc.subscribe('>'), 'Subscription to ">"');
    await ed.refused(() => ed.nc.subscribe('_INBOX.>'), '_INBOX.>');
    await ed.refused(() => ed.nc.publish(subjects.deployEvents, '{}'), subjects.deployEvents);
    await ed.refused(() => ed.nc.publish(subjects.masterVerb('registry.unregister'), '{}'), 'f8.master.registry.unregister');
  });

  it('still reads what its UI shows, by request/reply and the republished writes, and creates no consumer', async () => {
    const ed = await b.as('editor');
    const before = ed.violations.length;
    const kvs = new ViewKvProvider(ed.nc, { apiPrefix: await discoverStorePrefix(ed.nc, buckets.instances) });
    const seen: string[] = [];
    const w = await (await kvs.openExisting(buckets.instances)).watch('>', (c) => seen.push(c.key));
    expect(seen).toContain('sig');
    await w.dispose();
    expect(await (await kvs.openExisting(buckets.instance('sig'))).get(keys.statusSummary)).not.toBeNull();
    expect(ed.violations.slice(before)).toEqual([]);
    const jsm = await jetstreamManager(ed.nc, { checkAPI: false });
    await ed.refused(() => jsm.consumers.add(`KV_${buckets.master}`, { deliver_subject: `$KV.${buckets.master}.lease`, ack_policy: 'none' as never }), `$JS.API.CONSUMER.CREATE.KV_${buckets.master}`);
  });

});
