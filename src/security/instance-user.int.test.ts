// An instance's own user (its account I_<id>; issue 21 findings 2, 4 and 5): it may not register
// or unregister another instance's id (even knowing its runId), take the editor's lease through
// the master's `ping`, or make its own stream copy the registry in with `sources`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { buckets, keys, STORE_API_PREFIX, subjects } from '../shared/naming.js';
import { masterClient } from '../bus/index.js';
import { buildRequest } from '../shared/envelope.js';
import type { F8Error } from '../shared/errors.js';
import { HOLDER, startSecurityBench, VICTIMS, type SecurityBench } from './fixture.js';

describe("an instance's own user", () => {
  let b: SecurityBench;
  beforeAll(async () => {
    b = await startSecurityBench();
  }, 120_000);
  afterAll(async () => b?.stop());

  const codeOf = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'ok',
      (e: F8Error) => e.code,
    );

  it("cannot register or unregister another instance's id, even with its runId (finding 5)", async () => {
    const sig = await b.as({ instance: 'sig' });
    const victim = VICTIMS[0];
    const before = b.f.master.registry.get(victim)!;
    const master = masterClient(sig.nc, 'sig');
    // the registry verbs are the ones an instance reaches: the master answers, by its account
    expect(await codeOf(master.call('registry.unregister', { instanceId: victim, runId: before.runId }))).toBe('unauthorized');
    expect(await codeOf(master.call('registry.register', { serviceClass: 'f8.logger', instanceId: victim, runId: 'evil-run', pid: process.pid }))).toBe('unauthorized');
    expect(await codeOf(master.call('registry.register', { serviceClass: 'f8.logger', instanceId: 'ghost', runId: 'evil-run', pid: process.pid }))).toBe('unauthorized');
    const { runId, pid, launchedBy, serviceClass, restarts } = before;
    expect(b.f.master.registry.get(victim)).toMatchObject({ runId, pid, launchedBy, serviceClass, restarts });
    expect(b.f.master.registry.get('ghost')).toBeUndefined();
    expect(await b.stillServes(victim)).toBe(true);
  });

  it("cannot take or refresh the lease through the master's ping, with the holder's clientId or its own", async () => {
    const sig = await b.as({ instance: 'sig' });
    const record = await (await b.f.kvm.open(buckets.master)).get(keys.lease);
    const lease = b.f.master.lease.current();
    for (const [clientId, takeover] of [
      [HOLDER, false],
      ['sig', true],
    ] as const) {
      const req = buildRequest({ clientId, takeover }, { clientId });
      await sig.refused(() => sig.nc.request(subjects.masterVerb('ping'), JSON.stringify(req), { timeout: 3_000 }), `ping as '${clientId}'`);
    }
    // the same lease (not refreshed: same expiry), the same record
    expect(b.f.master.lease.current()).toEqual(lease);
    expect((await (await b.f.kvm.open(buckets.master)).get(keys.lease))?.revision).toBe(record?.revision);
  });

  it('cannot make its own stream copy the registry in (STREAM.UPDATE with sources, finding 2)', async () => {
    const sig = await b.as({ instance: 'sig' });
    const stream = `KV_${buckets.instance('sig')}`;
    const jsmMaster = await jetstreamManager(b.f.client);
    const info = await jsmMaster.streams.info(stream);
    expect(info.config.sources ?? []).toEqual([]);
    for (const apiPrefix of ['$JS.API', STORE_API_PREFIX]) {
      const jsm = await jetstreamManager(sig.nc, { apiPrefix, checkAPI: false, timeout: 3_000 });
      await sig.refused(() => jsm.streams.update(stream, { ...info.config, sources: [{ name: `KV_${buckets.instances}` }] }), `${apiPrefix}.STREAM.UPDATE.${stream} (sources)`);
      await sig.refused(() => jsm.streams.update(stream, { ...info.config, sources: [{ name: `KV_${buckets.master}` }] }), `${apiPrefix}.STREAM.UPDATE.${stream} (sources)`);
    }
    const after = await jsmMaster.streams.info(stream);
    expect(after.config).toEqual(info.config);
    expect(after.sources ?? []).toEqual([]);
    // nothing of the registry or the master's bucket landed in it
    const held = Object.keys((await jsmMaster.streams.info(stream, { subjects_filter: '>' } as never)).state.subjects ?? {});
    expect(held.length).toBeGreaterThan(0);
    expect(held.filter((s) => !s.startsWith(`$KV.${buckets.instance('sig')}.`))).toEqual([]);
  });
});
