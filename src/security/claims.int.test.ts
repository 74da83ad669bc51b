// Findings 2 and 4 of issue 21, the parts that hold without accounts: a msgId reused on another
// verb, an instance answering `$SRV` for another, an instance changing its own stream's settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { buckets, subjects } from '../shared/naming.js';
import { INSTANCE_BUCKET_MAX_BYTES } from '../shared/limits.js';
import { HOLDER, startSecurityBench, VICTIMS, type SecurityBench } from './fixture.js';
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

  it("an instance cannot listen on another instance's $SRV subjects (it would answer PING for a dead one)", async () => {
    const sig = await b.as({ instance: 'sig' });
    await sig.refused(() => sig.nc.subscribe(subjects.srvPing(VICTIMS[1])), subjects.srvPing(VICTIMS[1]));
    await sig.refused(() => sig.nc.subscribe('$SRV.>'), '$SRV.>');
    // its own stay open: the master's health probe still reaches it
    const answer = await b.f.client.request(subjects.srvPing('sig'), '', { timeout: 5_000 });
    expect((answer.json() as { name?: string }).name).toBe('sig');
  });

  it("an instance cannot change its own stream's settings, and its bucket has a size limit", async () => {
    const sig = await b.as({ instance: 'sig' });
    const stream = `KV_${buckets.instance('sig')}`;
    const info = await (await jetstreamManager(b.f.client)).streams.info(stream);
    expect(info.config.max_bytes).toBe(INSTANCE_BUCKET_MAX_BYTES);
    const jsm = await jetstreamManager(sig.nc);
    await sig.refused(() => jsm.streams.update(stream, { ...info.config, subjects: [...info.config.subjects, 'f8.bus.>'] }), `$JS.API.STREAM.UPDATE.${stream}`);
    await sig.refused(() => jsm.streams.update(stream, { ...info.config, max_bytes: -1 }), `$JS.API.STREAM.UPDATE.${stream}`);
    await sig.refused(() => jsm.streams.delete(stream), `$JS.API.STREAM.DELETE.${stream}`);
    const after = await (await jetstreamManager(b.f.client)).streams.info(stream);
    expect(after.config.subjects).toEqual(info.config.subjects);
    expect(after.config.max_bytes).toBe(INSTANCE_BUCKET_MAX_BYTES);
  });
});
