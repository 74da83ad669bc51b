// Finding 3 of issue 21: requests and deliveries redirected into a verb. A requester picks the
// reply subject and a consumer's creator its deliver subject, and nats-server 2.9.10 checks
// neither against the publish permissions, so an identity can make JetStream or another
// responder publish where it may not. Each delivery shape is aimed at the logger's `terminate`
// with a request envelope claiming to be the master; the logger must keep running.
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { buildRequest } from '../shared/envelope.js';
import { buckets, STORE_API_PREFIX, subjects } from '../shared/naming.js';
import { instanceClient } from '../bus/index.js';
import { HOLDER, settle, startSecurityBench, VICTIMS, type SecurityBench } from './fixture.js';

/** KV through the store's imports (`$JS.store.API`), as the SDK and the editor reach it. */
const storeKvm = (nc: NatsConnection): Kvm => new Kvm(jetstream(nc, { apiPrefix: STORE_API_PREFIX, checkAPI: false, timeout: 3_000 }));

const terminate = (victim: string): string => subjects.instanceVerb(victim, 'terminate');
const evil = (): string => JSON.stringify(buildRequest({}, { clientId: 'master' }));
const EVIL_KEY = 'nodes.sig.state.evil';

describe('redirected messages never act on a verb', () => {
  let b: SecurityBench;
  beforeAll(async () => {
    b = await startSecurityBench();
    // the attacker stores a request envelope in its own bucket, where JetStream will send it from
    const sig = await b.as({ instance: 'sig' });
    await (await storeKvm(sig.nc).open(buckets.instance('sig'), { bindOnly: true } as never)).put(EVIL_KEY, evil());
  }, 120_000);
  afterAll(async () => b?.stop());

  it("a push consumer's delivery (an instance's own stream, deliver subject = a verb)", async () => {
    const sig = await b.as({ instance: 'sig' });
    const jsm = await jetstreamManager(sig.nc, { apiPrefix: STORE_API_PREFIX, checkAPI: false, timeout: 3_000 });
    // refused: an instance may create no consumer (and a delivery aimed at a verb is dropped anyway)
    const stream = `KV_${buckets.instance('sig')}`;
    await sig.refused(
      () =>
        jsm.consumers.add(stream, {
          deliver_subject: terminate(VICTIMS[0]),
          ack_policy: 'none' as never,
          deliver_policy: 'last_per_subject' as never,
          filter_subject: `$KV.${buckets.instance('sig')}.${EVIL_KEY}`,
        }),
      `$JS.API.CONSUMER.CREATE.${stream}`,
    );
    await settle();
    expect(await b.stillServes(VICTIMS[0])).toBe(true);
  });

  it("a direct get's answer (reply subject = a verb)", async () => {
    const sig = await b.as({ instance: 'sig' });
    sig.nc.publish(`${STORE_API_PREFIX}.DIRECT.GET.KV_${buckets.instance('sig')}`, JSON.stringify({ last_by_subj: `$KV.${buckets.instance('sig')}.${EVIL_KEY}` }), { reply: terminate(VICTIMS[1]) });
    await sig.nc.flush();
    await settle();
    expect(await b.stillServes(VICTIMS[1])).toBe(true);
  });

  it("a pull consumer's delivery (MSG.NEXT with reply subject = a verb), as the editor", async () => {
    const ed = await b.as('editor');
    const stream = `KV_${buckets.instance('sig')}`;
    // refused outright, or delivered and dropped: either way the logger keeps running
    const jsm = await jetstreamManager(ed.nc, { apiPrefix: STORE_API_PREFIX, checkAPI: false, timeout: 3_000 });
    const made = await jsm.consumers.add(stream, { durable_name: 'evil-pull', ack_policy: 'explicit' as never, filter_subject: `$KV.${buckets.instance('sig')}.${EVIL_KEY}` }).catch(() => null);
    expect(made).toBeNull();
    ed.nc.publish(`${STORE_API_PREFIX}.CONSUMER.MSG.NEXT.${stream}.evil-pull`, JSON.stringify({ batch: 1 }), { reply: terminate(VICTIMS[2]) });
    await ed.nc.flush();
    await settle();
    expect(await b.stillServes(VICTIMS[2])).toBe(true);
  });

  it("another responder's reply (a request whose reply subject is a verb the editor may call)", async () => {
    // the editor asks sig's verb with the victim's `deactivate` as reply subject; sig's answer
    // comes back into the editor's account on that subject, with no reply subject of its own,
    // and the editor's account imports that verb: it arrives at the victim and is dropped there
    const sig = await b.as({ instance: 'sig' });
    const ed = await b.as('editor');
    const bait = subjects.instanceVerb('sig', 'status');
    const sub = sig.nc.subscribe(bait, { max: 1, callback: (_e, m) => void m.respond(JSON.stringify(buildRequest({}, { clientId: HOLDER }))) });
    await sig.nc.flush();
    ed.nc.publish(bait, evil(), { reply: subjects.instanceVerb(VICTIMS[3], 'deactivate') });
    await ed.nc.flush();
    await settle();
    sub.unsubscribe();
    expect(await b.stillServes(VICTIMS[3])).toBe(true);
    expect((await instanceClient(b.f.client, VICTIMS[3], 'sec-check').call('status', {})).status).toBe('activated');
  });
});
