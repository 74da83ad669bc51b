// The typed NATS layer against a real nats-server: errors mapped by type, JSON KV with CAS,
// typed calls through a served dispatcher, and the client retry rule (backoff, same msgId).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import { startTestNats, type TestNats } from '../main/nats/testing.js';
import { rejection } from '../main/master/testing.js';
import { Dispatcher, verb, verbHandlers } from '../shared/rpc.js';
import { F8Error } from '../shared/errors.js';
import { encodeJson, errorReply, parseRequest } from '../shared/envelope.js';
import { subjects } from '../shared/naming.js';
import { MASTER_VERB_INFO, type MasterVerbMap } from '../shared/verbs.js';
import type { RequestEnvelope } from '../shared/types.js';
import { closeConnection, instanceClient, masterClient, NatsKvProvider, NatsTransport, discoverServices, pingService, addMicroService } from './index.js';
import { connectNode } from './node.js';

let nats: TestNats;
let nc: NatsConnection;
let bus: NatsTransport;

beforeAll(async () => {
  nats = await startTestNats();
  nc = await connectNode(nats.natsUrl, { name: 'bus-test' });
  bus = new NatsTransport(nc);
});
afterAll(async () => {
  await closeConnection(nc);
  await nats.stop();
});

const noSleep = { sleep: () => Promise.resolve() };

describe('transport errors, mapped by type', () => {
  it('no responders -> unavailable', async () => {
    const err = await rejection(bus.request('nobody.here', new Uint8Array(), 1000));
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain('no responders on nobody.here');
  });

  it('a responder that never answers -> timeout', async () => {
    const silent = bus.subscribe('silent.one', () => {});
    await bus.flush();
    try {
      const err = await rejection(bus.request('silent.one', new Uint8Array(), 150));
      expect(err.code).toBe('timeout');
    } finally {
      await silent.dispose();
    }
  });

  it('a bad subject -> invalid; a closed connection -> unavailable', async () => {
    expect((await rejection(bus.request('bad subject', new Uint8Array(), 500))).code).toBe('invalid');
    const other = await connectNode(nats.natsUrl, { name: 'closing' });
    await other.close();
    expect((await rejection(new NatsTransport(other).request('any.thing', new Uint8Array(), 500))).code).toBe('unavailable');
  });

  it('connecting where no server listens -> unavailable', async () => {
    const err = await rejection(connectNode('nats://127.0.0.1:1', { name: 'nowhere', maxReconnectAttempts: 0, timeoutMs: 1000 }));
    expect(err.code).toBe('unavailable');
  });

  it('collect: nobody answering is an empty list, several answers are all kept', async () => {
    expect(await bus.collect('nobody.many', new Uint8Array(), 100)).toEqual([]);
    const a = bus.respond('many.x', () => encodeJson('a'));
    const b = bus.respond('many.x', () => encodeJson('b'));
    await bus.flush();
    try {
      const replies = (await bus.collect('many.x', new Uint8Array(), 300)).map((d) => JSON.parse(new TextDecoder().decode(d)) as string);
      expect(replies.sort()).toEqual(['a', 'b']);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});

describe('JSON KV', () => {
  it('create, CAS update and their conflicts; get, keys, delete', async () => {
    const kvs = new NatsKvProvider(nc);
    const kv = await kvs.open<{ n: number }>('kv_bus_test_cas');
    const r1 = await kv.create('a', { n: 1 });
    const dup = await rejection(kv.create('a', { n: 2 }));
    expect(dup.code).toBe('conflict');
    const r2 = await kv.update('a', { n: 2 }, r1);
    const stale = await rejection(kv.update('a', { n: 3 }, r1));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toContain(`changed since revision ${r1}`);
    expect(await kv.get('a')).toEqual({ value: { n: 2 }, revision: r2 });
    await kv.put('b.c', { n: 4 });
    expect(await kv.keys()).toEqual(['a', 'b.c']);
    await kv.delete('a');
    expect(await kv.get('a')).toBeNull();
    // a deleted key may be created again
    await kv.create('a', { n: 5 });
    expect((await kv.get('a'))?.value).toEqual({ n: 5 });
    await kvs.destroy('kv_bus_test_cas');
  });

  it('history: the values kept per key, oldest first; an existing bucket is raised to the history asked for', async () => {
    const kvs = new NatsKvProvider(nc);
    const one = await kvs.open<number>('kv_bus_hist');
    await one.put('k', 1);
    await one.put('k', 2);
    expect((await one.history('k')).map((e) => e.value)).toEqual([2]);
    const many = await kvs.open<number>('kv_bus_hist', { history: 8 });
    await many.put('k', 3);
    await many.put('k', 4);
    expect((await many.history('k')).map((e) => e.value)).toEqual([2, 3, 4]);
    await kvs.destroy('kv_bus_hist');
  });

  it('a missing bucket: openExisting -> not-found, exists false; open creates it', async () => {
    const kvs = new NatsKvProvider(nc);
    expect((await rejection(kvs.openExisting('kv_bus_missing'))).code).toBe('not-found');
    expect(await kvs.exists('kv_bus_missing')).toBe(false);
    await kvs.open('kv_bus_missing');
    expect(await kvs.exists('kv_bus_missing')).toBe(true);
    await kvs.destroy('kv_bus_missing');
    expect(await kvs.exists('kv_bus_missing')).toBe(false);
  });

  it('watch: current values, then changes and deletes; values that are not JSON are skipped; dispose ends it', async () => {
    const kvs = new NatsKvProvider(nc);
    const kv = await kvs.open<number>('kv_bus_watch');
    await kv.put('x.1', 1);
    const seen: [string, number | null][] = [];
    const w = await kv.watch('x.>', (c) => seen.push([c.key, c.value]));
    await kv.put('x.2', 2);
    nc.publish('$KV.kv_bus_watch.x.3', 'not json');
    await kv.delete('x.1');
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(3);
    expect(seen).toEqual([
      ['x.1', 1],
      ['x.2', 2],
      ['x.1', null],
    ]);
    await w.dispose();
    await expect(w.ended).resolves.toBeUndefined();
    await kvs.destroy('kv_bus_watch');
  });
});

describe('typed clients over a served dispatcher', () => {
  it('a master verb round trip: the payload is validated by the server, the reply typed', async () => {
    const handlers = verbHandlers<MasterVerbMap, null>(MASTER_VERB_INFO, {
      ping: (_c, p) => ({ capabilities: ['ping'], profile: 'default', leaseTtlMs: 10_000, holder: p.clientId, expiresAt: 1 }),
      catalog: () => ({ services: [], errors: [] }),
      instances: () => ({ instances: [], orphans: [] }),
      startInstance: (_c, p) => ({ instanceId: p.instanceId ?? 'x', kvBucket: 'kv_f8_x', pid: 1 }),
      stopInstance: () => ({}),
      restartInstance: (_c, p) => ({ instanceId: p.instanceId, pid: 2 }),
      logs: () => ({ lines: [] }),
      deployGraph: () => ({ revision: 1, etag: 'e', plan: [], instances: [] }),
      planGraph: () => ({ currentRevision: 0, valid: true, diagnostics: [], plan: [] }),
      history: () => ({ deploys: [] }),
      graphAt: (_c, p) => ({ revision: p.revision, graph: {}, deployedAt: '', deployedBy: '' }),
      stopGraph: () => ({ revision: 0 }),
      'registry.register': (_c, p) => ({ instanceId: p.instanceId ?? 'assigned', kvBucket: 'kv_f8_assigned' }),
      'registry.unregister': () => ({}),
    });
    const served = bus.serve(subjects.masterWildcard, new Dispatcher<null>({ handlers }), null, (s) => subjects.masterVerbOf(s), { info() {}, warn() {}, error() {} });
    await bus.flush();
    try {
      const client = masterClient(nc, 'typed-test');
      const pong = await client.call('ping', { clientId: 'typed-test' });
      expect(pong.holder).toBe('typed-test');
      const reg = await client.call('registry.register', { serviceClass: 'f8.signal', runId: 'r1', pid: 7 });
      expect(reg.instanceId).toBe('assigned');
      // the server validates: a payload the types would refuse, forced through, is `invalid`
      const bad = await rejection(client.call('logs', { instanceId: 7 } as unknown as { instanceId: string }));
      expect(bad.code).toBe('invalid');
      expect(bad.message).toContain('instanceId');
      // the whole envelope, error replies included
      const env = await client.request('stopInstance', {} as unknown as { instanceId: string });
      expect(env.status).toBe('error');
      expect(env.errorCode).toBe('invalid');
    } finally {
      await served.dispose();
    }
  });

  it('an instance verb through a micro service; $SRV ping and discovery through @nats-io/services', async () => {
    const dispatcher = new Dispatcher<null>({ handlers: { status: verb('instance.status', () => ({ status: 'deactivated', graphRevision: null, ts: 5 })) } });
    const svc = await addMicroService(nc, {
      name: 'inst-a',
      version: '1.2.3',
      metadata: { serviceClass: 'test.svc', instanceId: 'inst-a', runId: 'run-a' },
      endpoints: [{ name: 'status', subject: subjects.instanceVerb('inst-a', 'status'), handle: (d) => dispatcher.handle('status', d, null) }],
    });
    try {
      const s = await instanceClient(nc, 'inst-a', 'typed-test').call('status', {});
      expect(s).toEqual({ status: 'deactivated', graphRevision: null, ts: 5 });
      const ping = await pingService(nc, 'inst-a', 1000);
      expect(ping?.metadata).toMatchObject({ serviceClass: 'test.svc', runId: 'run-a' });
      expect(ping?.version).toBe('1.2.3');
      expect(await pingService(nc, 'inst-nobody', 200)).toBeNull();
      expect((await discoverServices(nc, 250)).map((p) => p.name)).toContain('inst-a');
    } finally {
      await svc.dispose();
    }
  });
});

describe('client retry rule', () => {
  /** A responder on `subject` that answers each request with `answer(attempt, request)`; records the msgIds. */
  function scripted(subject: string, answer: (attempt: number, req: RequestEnvelope) => Uint8Array | null) {
    const seen: string[] = [];
    const d = bus.respond(subject, (data) => {
      const parsed = parseRequest(data);
      if (!parsed.ok) throw new Error('bad request');
      seen.push(parsed.request.msgId);
      return answer(seen.length, parsed.request);
    });
    return { seen, dispose: () => d.dispose() };
  }
  const ok = (req: RequestEnvelope) => encodeJson({ ...req, ts: new Date().toISOString(), status: 'ok', payload: { lines: [] } });
  const err = (req: RequestEnvelope, code: 'unavailable' | 'invalid' | 'timeout') => encodeJson(errorReply(req, code, `scripted ${code}`, null, Date.now()));

  it('timeout and unavailable are retried with backoff, reusing the msgId', async () => {
    // attempt 1: no answer (times out); 2: `unavailable` reply; 3: ok
    const r = scripted(subjects.masterVerb('logs'), (n, req) => (n === 1 ? null : n === 2 ? err(req, 'unavailable') : ok(req)));
    await bus.flush();
    const delays: number[] = [];
    try {
      const client = masterClient(nc, 'retry-test', { defaults: { attempts: 3, backoffMs: 40, timeoutMs: 200, sleep: async (ms) => void delays.push(ms) } });
      const reply = await client.call('logs', { instanceId: 'x' });
      expect(reply.lines).toEqual([]);
      expect(r.seen).toHaveLength(3);
      expect(new Set(r.seen).size).toBe(1);
      expect(delays).toEqual([40, 80]);
    } finally {
      await r.dispose();
    }
  });

  it('gives up after the last attempt with the last error', async () => {
    const r = scripted(subjects.masterVerb('logs'), (_n, req) => err(req, 'unavailable'));
    await bus.flush();
    try {
      const e = await rejection(masterClient(nc, 'retry-test', { defaults: { attempts: 2, ...noSleep } }).call('logs', { instanceId: 'x' }));
      expect(e.code).toBe('unavailable');
      expect(r.seen).toHaveLength(2);
    } finally {
      await r.dispose();
    }
  });

  it('every other error is terminal: one attempt only', async () => {
    const r = scripted(subjects.masterVerb('logs'), (_n, req) => err(req, 'invalid'));
    await bus.flush();
    try {
      const e = await rejection(masterClient(nc, 'retry-test', { defaults: { attempts: 5, ...noSleep } }).call('logs', { instanceId: 'x' }));
      expect(e).toBeInstanceOf(F8Error);
      expect(e.code).toBe('invalid');
      expect(r.seen).toHaveLength(1);
    } finally {
      await r.dispose();
    }
  });

  it('a reply to another message is refused', async () => {
    const r = scripted(subjects.masterVerb('logs'), (_n, req) => ok({ ...req, msgId: 'someone-else' }));
    await bus.flush();
    try {
      const e = await rejection(masterClient(nc, 'retry-test').call('logs', { instanceId: 'x' }));
      expect(e.code).toBe('internal');
      expect(e.message).toContain('someone-else');
    } finally {
      await r.dispose();
    }
  });
});
