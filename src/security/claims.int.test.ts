// Findings 2 and 4 of issue 21: a msgId reused on another verb (logs/stopInstance, planGraph/deployGraph), an instance answering `$SRV` for
// another, an instance changing its own stream's settings, claimed clientIds, verbs across instances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { buckets, MASTER_CLIENT_ID, STORE_API_PREFIX, subjects } from '../shared/naming.js';
import { instanceClient } from '../bus/index.js';
import { buildRequest } from '../shared/envelope.js';
import type { F8Error } from '../shared/errors.js';
import { INSTANCE_BUCKET_MAX_BYTES } from '../shared/limits.js';
import { demoLike, HOLDER, startSecurityBench, VICTIMS, type SecurityBench } from './fixture.js';
import { processAlive } from '../main/master/testing.js';

describe('claims and settings an identity may not use', () => {
  let b: SecurityBench;
  beforeAll(async () => {
    b = await startSecurityBench();
  }, 120_000);
  afterAll(async () => b?.stop());

  it('a msgId reused on another verb is another request: stopInstance stops, it does not get the logs reply', async () => {
    const victim = VICTIMS[0];
    const pid = b.pidOf(victim);
    const logs = await b.f.reply('logs', { instanceId: victim }, { clientId: HOLDER, msgId: 'reused-1' });
    expect(logs.status).toBe('ok');
    const stop = await b.f.reply('stopInstance', { instanceId: victim }, { clientId: HOLDER, msgId: 'reused-1', timeoutMs: 20_000 });
    expect(stop.status).toBe('ok');
    expect(stop.payload).not.toHaveProperty('lines');
    expect(processAlive(pid)).toBe(false);
  });

  it('a msgId of planGraph reused on deployGraph is another request: the deploy runs, it does not get the plan reply', async () => {
    const graph = demoLike();
    graph.nodes[0]!.state = { rateHz: 10 };
    const before = (await b.f.call<{ deploys: { revision: number }[] }>('history', {}, { clientId: HOLDER })).deploys.length;
    const plan = await b.f.reply<{ currentRevision: number; valid: boolean }>('planGraph', { graph }, { clientId: HOLDER, msgId: 'reused-2' });
    expect(plan.status).toBe('ok');
    expect(plan.payload?.valid).toBe(true);
    const deploy = await b.f.reply<{ revision: number }>('deployGraph', { graph }, { clientId: HOLDER, msgId: 'reused-2', timeoutMs: 60_000 });
    expect(deploy.status).toBe('ok');
    expect(deploy.payload).not.toHaveProperty('currentRevision');
    expect(deploy.payload?.revision).toBe(plan.payload!.currentRevision + 1);
    expect((await b.f.call<{ deploys: unknown[] }>('history', {}, { clientId: HOLDER })).deploys.length).toBe(before + 1);
  });

  it("an instance cannot answer another instance's $SRV subjects (it would answer PING for a dead one)", async () => {
    const sig = await b.as({ instance: 'sig' });
    const answered: string[] = [];
    const subs = [subjects.srvPing(VICTIMS[1]), '$SRV.>'].map((s) =>
      sig.nc.subscribe(s, { callback: (_e, m) => void (answered.push(m.subject), m.respond(JSON.stringify({ name: VICTIMS[1], fake: true }))) }),
    );
    await sig.nc.flush();
    const answer = await b.f.client.request(subjects.srvPing(VICTIMS[1]), '', { timeout: 5_000 });
    expect(answer.json()).not.toHaveProperty('fake');
    expect(answered).toEqual([]);
    // its own stay open: the master's health probe still reaches it (the attacker's '$SRV.>',
    // in sig's own account, would answer sig's own PING too: sig may only lie about itself)
    for (const sub of subs) sub.unsubscribe();
    await sig.nc.flush();
    const own = await b.f.client.request(subjects.srvPing('sig'), '', { timeout: 5_000 });
    expect((own.json() as { name?: string }).name).toBe('sig');
  });

  it("an instance cannot change its own stream's settings, and its bucket has a size limit", async () => {
    const sig = await b.as({ instance: 'sig' });
    const stream = `KV_${buckets.instance('sig')}`;
    const info = await (await jetstreamManager(b.f.client)).streams.info(stream);
    expect(info.config.max_bytes).toBeGreaterThan(0);
    expect(info.config.max_bytes).toBeLessThanOrEqual(INSTANCE_BUCKET_MAX_BYTES);
    for (const apiPrefix of ['$JS.API', STORE_API_PREFIX]) {
      const jsm = await jetstreamManager(sig.nc, { apiPrefix, checkAPI: false, timeout: 3_000 });
      await sig.refused(() => jsm.streams.update(stream, { ...info.config, subjects: [...info.config.subjects, 'f8.bus.>'] }), `${apiPrefix}.STREAM.UPDATE.${stream}`);
      await sig.refused(() => jsm.streams.update(stream, { ...info.config, max_bytes: -1 }), `${apiPrefix}.STREAM.UPDATE.${stream}`);
      await sig.refused(() => jsm.streams.delete(stream), `${apiPrefix}.STREAM.DELETE.${stream}`);
    }
    const after = await (await jetstreamManager(b.f.client)).streams.info(stream);
    expect(after.config.subjects).toEqual(info.config.subjects);
    expect(after.config.max_bytes).toBe(info.config.max_bytes);
  });

  it('the editor claiming to be the master, or another editor, does not steer an instance; the holder does', async () => {
    const ed = await b.as('editor');
    const victim = VICTIMS[2];
    for (const clientId of [MASTER_CLIENT_ID, 'ed-other']) {
      const r = await instanceClient(ed.nc, victim, clientId)
        .call('deactivate', {})
        .then(
          () => 'ok',
          (e: F8Error) => e.code,
        );
      expect(r, `deactivate as '${clientId}'`).toBe('unauthorized');
    }
    expect((await instanceClient(b.f.client, victim, 'sec-check').call('status', {})).status).toBe('activated');
    // deployOpGraph and terminate are the master's alone: the editor's account does not even reach them
    await ed.refused(() => ed.nc.request(subjects.instanceVerb(victim, 'terminate'), JSON.stringify(buildRequest({}, { clientId: MASTER_CLIENT_ID })), { timeout: 3_000 }), 'terminate');
    // the holder steers
    expect(await instanceClient(ed.nc, victim, HOLDER).call('deactivate', {})).toEqual({ status: 'deactivated' });
    expect(await instanceClient(ed.nc, victim, HOLDER).call('activate', {})).toEqual({ status: 'activated' });
  });

  it("an instance reaches no other instance's verbs", async () => {
    const sig = await b.as({ instance: 'sig' });
    for (const verb of ['terminate', 'deactivate', 'deployOpGraph'] as const) {
      await sig.refused(() => sig.nc.request(subjects.instanceVerb(VICTIMS[3], verb), JSON.stringify(buildRequest({}, { clientId: MASTER_CLIENT_ID })), { timeout: 3_000 }), verb);
    }
    expect(await b.stillServes(VICTIMS[3])).toBe(true);
  });
});
