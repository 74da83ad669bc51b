// The SDK against a real master and nats-server: register, micro service, lifecycle, verbs,
// state rules, bad input, the data bus and its strategies.
import { republishConfig } from '../bus/kv-view.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, manifest, rejection, startMasterFixture, writeManifest, type MasterFixture } from '../main/master/testing.js';
import { ServiceHost, type ServiceDefinition } from './host.js';
import type { InstanceStats } from '../shared/verbs.js';
import { dataEdge, makeSubgraph } from './testing.js';
import { buckets, keys, runTag, subjects } from '../shared/naming.js';
import { call } from '../shared/client.js';
import { F8Error } from '../shared/errors.js';
import type { InstanceRecord, Manifest, StatusSummary, StateEntry } from '../shared/types.js';

const dec = new TextDecoder();

const probeManifest = manifest('test.probe', {
  dataInPorts: [{ name: 'in', valueSchema: { type: 'number' } }],
  dataOutPorts: [{ name: 'out', valueSchema: { type: 'number' } }],
  stateFields: [
    { name: 'gain', valueSchema: { type: 'number', minimum: 0 }, access: 'rw', default: 1 },
    { name: 'reading', valueSchema: { type: 'number' }, access: 'ro', default: 0 },
    { name: 'secret', valueSchema: { type: 'string' }, access: 'wo' },
    { name: 'mode', valueSchema: { type: 'string', enum: ['a', 'b'] }, access: 'init', default: 'a' },
  ],
  commands: [{ name: 'echo', params: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false } }],
}) as unknown as Manifest;

describe('ServiceHost', () => {
  let f: MasterFixture;
  const hosts: ServiceHost[] = [];
  const start = async (id: string, def: Partial<ServiceDefinition> = {}, masterTimeoutMs = 5000) => {
    const h = new ServiceHost(
      { manifest: probeManifest, commands: { echo: (p) => (p as { text: string }).text.toUpperCase() }, ...def },
      { env: { F8_NATS_URL: f.nats.natsUrl, F8_SERVICE_ID: id, F8_MASTER_TIMEOUT_MS: String(masterTimeoutMs) }, exitProcess: false },
    );
    hosts.push(h);
    return h.start();
  };
  const verbCall = <P>(id: string, v: Parameters<typeof subjects.instanceVerb>[1], payload: unknown, clientId = 'ed-test') =>
    call<P>(f.transport, subjects.instanceVerb(id, v), payload, { clientId, timeoutMs: 5000 });
  const fails = rejection;
  const kvJson = async <T>(bucket: string, key: string): Promise<T | null> => {
    const e = await (await f.kvm.open(bucket)).get(key);
    return e && e.operation === 'PUT' && e.length ? (JSON.parse(dec.decode(e.value)) as T) : null;
  };

  beforeAll(async () => {
    f = await startMasterFixture({ master: { leaseTtlMs: 600_000 }, setup: (dir) => writeManifest(dir, 'probe', probeManifest).then(() => {}) });
    // the test steers instances as the lease holder would
    await f.call('ping', { clientId: 'ed-test' }, { clientId: 'ed-test' });
  });
  afterAll(async () => {
    for (const h of hosts) await h.shutdown().catch(() => {});
    await f.stop();
  });

  it('registers, serves $SRV under its instanceId, seeds defaults and goes starting -> deactivated -> activated', async () => {
    const statuses: string[] = [];
    const kv = await f.kvm.create('kv_f8_p1', { republish: republishConfig('kv_f8_p1') } as never); // as the master makes it
    const w = await kv.watch({ key: keys.statusSummary });
    void (async () => {
      for await (const e of w) if (e.length) statuses.push((JSON.parse(dec.decode(e.value)) as StatusSummary).status);
    })();
    const h = await start('p1');
    expect(h.instanceId).toBe('p1');
    const ping = JSON.parse(dec.decode((await f.client.request(subjects.srvPing('p1'), '', { timeout: 3000 })).data)) as { name: string; metadata: Record<string, string> };
    expect(ping.name).toBe('p1');
    expect(ping.metadata).toMatchObject({ serviceClass: 'test.probe', instanceId: 'p1', runTag: runTag(h.runId) });
    expect(JSON.stringify(ping)).not.toContain(h.runId); // the runId itself is unregister's proof: never shown
    expect((await kvJson<StateEntry>(buckets.instance('p1'), keys.state('p1', 'gain')))?.value).toBe(1);
    expect(await verbCall('p1', 'activate', {})).toEqual({ status: 'activated' });
    await eventually(() => statuses.includes('activated'), 'activated status');
    expect(statuses.slice(0, 3)).toEqual(['starting', 'deactivated', 'activated']);
    const rec = await eventually(async () => {
      const r = await kvJson<InstanceRecord>(buckets.instances, 'p1');
      return r?.status === 'activated' ? r : null;
    }, 'record mirrors activated');
    expect(rec.runId).toBe(h.runId);
    w.stop();
  });

  it('activate, deactivate, setState and cmd are taken from the master and the lease holder only', async () => {
    await start('gate1');
    // the lease record reached the instance (the holder may steer it)
    await eventually(
      async () =>
        await verbCall('gate1', 'cmd', { command: 'echo', params: { text: 'hi' } }).then(
          () => true,
          () => false,
        ),
      'the holder is let in',
    );
    for (const [verb, payload] of [
      ['activate', {}],
      ['deactivate', {}],
      ['setState', { nodeId: 'gate1', field: 'gain', value: 3 }],
      ['cmd', { command: 'echo', params: { text: 'x' } }],
    ] as const) {
      const e = await fails(verbCall('gate1', verb, payload, 'ed-intruder'));
      expect(e.code, verb).toBe('unauthorized');
      expect(e.message).toContain("'ed-intruder' does not hold the lease (ed-test does)");
    }
    expect(await kvJson<StateEntry>('kv_f8_gate1', keys.state('gate1', 'gain'))).not.toMatchObject({ value: 3 });
    // the master's own clientId is let in; read-only verbs are for anyone
    expect(await verbCall<{ status: string }>('gate1', 'activate', {}, 'master')).toMatchObject({ status: 'activated' });
    expect(await verbCall<{ status: string }>('gate1', 'status', {}, 'ed-intruder')).toMatchObject({ status: 'activated' });
  });

  it('an unknown instance verb is answered not-found (not "no responders"), naming the known ones', async () => {
    await start('nf1');
    for (const verb of ['launchRockets', 'status.extra']) {
      const e = await fails(call(f.transport, `f8.nf1.${verb}`, {}, { clientId: 'ed-test', timeoutMs: 5000 }));
      expect(e.code, verb).toBe('not-found');
      expect(e.message).toContain('known verbs');
    }
    // the real verbs are answered once, by their own endpoint
    expect(await verbCall<{ status: string }>('nf1', 'status', {})).toMatchObject({ status: 'deactivated' });
  });

  it('setState follows access rules and value schemas; bad input changes nothing', async () => {
    await start('p2');
    const seen: unknown[] = [];
    hosts[hosts.length - 1]!.def.onState = (_c, ch) => void seen.push([ch.field, ch.value]);
    await verbCall('p2', 'setState', { nodeId: 'p2', field: 'gain', value: 2.5 });
    expect(await kvJson<StateEntry>('kv_f8_p2', keys.state('p2', 'gain'))).toMatchObject({ value: 2.5, source: 'editor', actor: 'ed-test' });
    expect(seen).toContainEqual(['gain', 2.5]);
    const ro = await fails(verbCall('p2', 'setState', { nodeId: 'p2', field: 'reading', value: 5 }));
    expect(ro.code).toBe('invalid');
    expect(ro.message).toMatch(/read-only/);
    const bad = await fails(verbCall('p2', 'setState', { nodeId: 'p2', field: 'gain', value: -1 }));
    expect(bad.code).toBe('invalid');
    expect(bad.message).toContain('gain');
    const wrongType = await fails(verbCall('p2', 'setState', { nodeId: 'p2', field: 'gain', value: 'loud' }));
    expect(wrongType.code).toBe('invalid');
    expect((await fails(verbCall('p2', 'setState', { nodeId: 'p2', field: 'nope', value: 1 }))).code).toBe('not-found');
    expect((await kvJson<StateEntry>('kv_f8_p2', keys.state('p2', 'gain')))?.value).toBe(2.5);
    await verbCall('p2', 'setState', { nodeId: 'p2', field: 'secret', value: 'x' });
    await verbCall('p2', 'setState', { nodeId: 'p2', field: 'mode', value: 'b' });
    await verbCall('p2', 'activate', {});
    const locked = await fails(verbCall('p2', 'setState', { nodeId: 'p2', field: 'mode', value: 'a' }));
    expect(locked.code).toBe('conflict');
    const snap = await verbCall<{ entries: Record<string, StateEntry> }>('p2', 'stateSnapshot', {});
    expect(snap.entries['p2.mode']?.value).toBe('b');
    expect(snap.entries['p2.gain']?.value).toBe(2.5);
  });

  it('cmd dispatches declared commands and checks params', async () => {
    await start('p3');
    expect(await verbCall('p3', 'cmd', { command: 'echo', params: { text: 'hi' } })).toEqual({ result: 'HI' });
    expect((await fails(verbCall('p3', 'cmd', { command: 'launch-rockets' }))).code).toBe('not-found');
    const badParams = await fails(verbCall('p3', 'cmd', { command: 'echo', params: { text: 3 } }));
    expect(badParams.code).toBe('invalid');
    expect(badParams.message).toContain('text');
    expect((await fails(verbCall('p3', 'cmd', { params: {} }))).code).toBe('invalid');
    expect((await fails(verbCall('p3', 'activate', { now: true }))).code).toBe('invalid');
    const raw = JSON.parse(dec.decode((await f.client.request(subjects.instanceVerb('p3', 'status'), '{broken', { timeout: 3000 })).data)) as { errorCode: string };
    expect(raw.errorCode).toBe('invalid');
  });

  it('deployOpGraph checks the expected revision and etag, applies, and keeps the old graph on failure', async () => {
    const h = await start('p4');
    const sg1 = makeSubgraph('p4', 'test.probe', 1, [], { p4: { gain: 3 } });
    expect(await verbCall('p4', 'deployOpGraph', { subgraph: sg1, expectedDeployRevision: null })).toEqual({ graphRevision: 1 });
    expect(h.ctx.getState('gain')).toBe(3);
    expect((await kvJson<{ deployRevision: number }>('kv_f8_p4', keys.graph))?.deployRevision).toBe(1);
    const stale = await fails(verbCall('p4', 'deployOpGraph', { subgraph: makeSubgraph('p4', 'test.probe', 2), expectedDeployRevision: null }));
    expect(stale.code).toBe('conflict');
    const tampered = { ...makeSubgraph('p4', 'test.probe', 2), halfEdges: [] as never[], state: { p4: { gain: 9 } } };
    expect((await fails(verbCall('p4', 'deployOpGraph', { subgraph: tampered, expectedDeployRevision: 1 }))).message).toMatch(/etag/);
    const badState = makeSubgraph('p4', 'test.probe', 2, [], { p4: { gain: -5 } });
    expect((await fails(verbCall('p4', 'deployOpGraph', { subgraph: badState, expectedDeployRevision: 1 }))).code).toBe('invalid');
    const other = makeSubgraph('p9', 'test.probe', 2);
    expect((await fails(verbCall('p4', 'deployOpGraph', { subgraph: other, expectedDeployRevision: 1 }))).code).toBe('invalid');
    expect(h.summary().graphRevision).toBe(1);
    expect(h.ctx.getState('gain')).toBe(3);
  });

  it('while the master is gone it keeps its graph and refuses deployOpGraph; it registers again when the master is back', async () => {
    const h = await start('p5', {}, 600);
    await verbCall('p5', 'deployOpGraph', { subgraph: makeSubgraph('p5', 'test.probe', 1), expectedDeployRevision: null });
    await f.master.stop();
    // a master that lost its registry: the record is gone
    await (await f.kvm.open(buckets.instances)).delete('p5');
    await eventually(() => !h.masterReachable, 'master counted unreachable');
    const ro = await fails(verbCall('p5', 'deployOpGraph', { subgraph: makeSubgraph('p5', 'test.probe', 2), expectedDeployRevision: 1 }));
    expect(ro.code).toBe('unavailable');
    expect(h.summary().graphRevision).toBe(1);
    await f.restartMaster();
    await f.call('ping', { clientId: 'ed-test' }, { clientId: 'ed-test' }); // a new master: the lease is taken again
    const rec = await eventually(() => kvJson<InstanceRecord>(buckets.instances, 'p5'), 're-registered record', 20_000);
    expect(rec.runId).toBe(h.runId);
    await eventually(() => h.masterReachable, 'master reachable again');
    expect(await verbCall('p5', 'deployOpGraph', { subgraph: makeSubgraph('p5', 'test.probe', 2), expectedDeployRevision: 1 })).toEqual({ graphRevision: 2 });
  });

  it('every verb refuses wrong types with invalid and changes nothing', async () => {
    const h = await start('p6');
    const bad: [Parameters<typeof subjects.instanceVerb>[1], unknown][] = [
      ['activate', { x: 1 }],
      ['deactivate', []],
      ['terminate', { graceMs: 'soon' }],
      ['status', 'now'],
      ['deployOpGraph', { subgraph: { instanceId: 'p6' }, expectedDeployRevision: null }],
      ['deployOpGraph', { subgraph: makeSubgraph('p6', 'test.probe', 1), expectedDeployRevision: 'one' }],
      ['setState', { nodeId: 'p6', field: 'gain' }],
      ['setState', { nodeId: 'P 6', field: 'gain', value: 1 }],
      ['stateSnapshot', { nodeId: 7 }],
      ['cmd', { command: 42 }],
    ];
    for (const [v, payload] of bad) {
      const e = await fails(verbCall('p6', v, payload));
      expect(e.code, `${v} ${JSON.stringify(payload)}`).toBe('invalid');
    }
    expect(h.summary()).toMatchObject({ status: 'deactivated', graphRevision: null });
    expect(h.ctx.getState('gain')).toBe(1);
  });

  it('a cross-instance state edge copies the source field into the target', async () => {
    await start('sa');
    const target = await start('sb');
    const half = {
      edgeId: 'estate1',
      kind: 'state' as const,
      scope: 'cross' as const,
      direction: 'in' as const,
      peerServiceId: 'sa',
      local: { nodeId: 'sb', port: 'gain' },
      remote: { nodeId: 'sa', port: 'gain' },
      strategy: 'latest' as const,
      queueSize: 64,
      dropOld: true,
      bucket: buckets.instance('sa'),
      key: keys.state('sa', 'gain'),
    };
    await verbCall('sb', 'deployOpGraph', { subgraph: makeSubgraph('sb', 'test.probe', 1, [half]), expectedDeployRevision: null });
    await verbCall('sa', 'setState', { nodeId: 'sa', field: 'gain', value: 6 });
    await eventually(() => target.ctx.getState('gain') === 6, 'state copied to the target');
    // the in-memory value is set before the KV write lands: wait for the entry itself
    const entry = await eventually(async () => {
      const e = await kvJson<StateEntry>(buckets.instance('sb'), keys.state('sb', 'gain'));
      return e?.value === 6 ? e : null;
    }, 'the copied entry in KV');
    expect(entry).toMatchObject({ value: 6, source: 'topology' });
  });

  describe('data bus strategies (real NATS, producer and consumer hosts)', () => {
    const wire = async (prodId: string, consId: string, opts: Parameters<typeof dataEdge>[4], consumerDef: Partial<ServiceDefinition> = {}) => {
      const producer = await start(prodId);
      const consumer = await start(consId, consumerDef);
      const e = dataEdge(prodId, 'out', consId, 'in', opts);
      await verbCall(prodId, 'deployOpGraph', { subgraph: makeSubgraph(prodId, 'test.probe', 1, [e.out]), expectedDeployRevision: null });
      await verbCall(consId, 'deployOpGraph', { subgraph: makeSubgraph(consId, 'test.probe', 1, [e.in]), expectedDeployRevision: null });
      await verbCall(consId, 'activate', {});
      await verbCall(prodId, 'activate', {});
      return { producer, consumer, subject: e.out.subject! };
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const received = (h: ServiceHost, subject: string, n: number) =>
      eventually(() => (h as unknown as { bus: { stats(): { received: number } } }).bus.stats().received >= n, `${n} samples on ${subject}`);

    it('a data handler that throws or rejects is logged and counted, and the instance keeps receiving and answering', async () => {
      const producer = await start('herrp');
      const seen: number[] = [];
      await start('herrc', {
        onData(_ctx, _n, _p, v) {
          seen.push(v as number);
          if ((v as number) % 2) throw new Error('odd values break this handler');
          return Promise.reject(new Error('so do even ones, later')) as unknown as void;
        },
      });
      const e = dataEdge('herrp', 'out', 'herrc', 'in', { strategy: 'queue', queueSize: 64 });
      await verbCall('herrp', 'deployOpGraph', { subgraph: makeSubgraph('herrp', 'test.probe', 1, [e.out]), expectedDeployRevision: null });
      await verbCall('herrc', 'deployOpGraph', { subgraph: makeSubgraph('herrc', 'test.probe', 1, [e.in]), expectedDeployRevision: null });
      await verbCall('herrc', 'activate', {});
      await verbCall('herrp', 'activate', {});
      for (let i = 1; i <= 10; i++) producer.ctx.publish('out', i);
      await eventually(() => seen.length === 10, 'all ten delivered');
      await eventually(async () => (await verbCall<InstanceStats>('herrc', 'stats', {})).handlerErrors === 10, 'ten handler errors counted');
      // the subscription survived: more values arrive, and the verbs answer
      for (let i = 11; i <= 12; i++) producer.ctx.publish('out', i);
      await eventually(() => seen.length === 12, 'values after the errors');
      expect(await verbCall<{ status: string }>('herrc', 'status', {})).toMatchObject({ status: 'activated' });
    });

    it('a command or activate handler that throws is answered, logged and counted; a deliberate F8Error is not counted', async () => {
      let activations = 0;
      await start('herrk', {
        commands: { echo: (p) => ((p as { text: string }).text === 'no' ? Promise.reject(new F8Error('invalid', 'no is refused')) : Promise.reject(new TypeError('kaboom'))) },
        onActivate: () => {
          if (activations++ === 0) throw new RangeError('first activation fails');
        },
      });
      expect((await fails(verbCall('herrk', 'cmd', { command: 'echo', params: { text: 'hi' } }))).message).toContain('kaboom');
      expect((await fails(verbCall('herrk', 'cmd', { command: 'echo', params: { text: 'no' } }))).code).toBe('invalid');
      expect((await fails(verbCall('herrk', 'activate', {}))).message).toContain('first activation fails');
      expect(await verbCall('herrk', 'activate', {})).toEqual({ status: 'activated' });
      expect((await verbCall<InstanceStats>('herrk', 'stats', {})).handlerErrors).toBe(2);
    });

    it('latest: a slow consumer sees only the newest of a fast burst; timeoutMs evicts it', async () => {
      const { producer, consumer, subject } = await wire('lp', 'lc', { strategy: 'latest', timeoutMs: 300 });
      for (let i = 1; i <= 50; i++) producer.ctx.publish('out', i);
      await received(consumer, subject, 50);
      expect(consumer.ctx.read('in')).toEqual({ has: true, value: 50 });
      await sleep(400);
      expect(consumer.ctx.read('in')).toEqual({ has: false });
      // and `.get` answers the last payload
      const last = JSON.parse(dec.decode((await f.client.request(`${subject}.get`, '', { timeout: 3000 })).data)) as { value: number };
      expect(last.value).toBe(50);
    });

    it('stats: published on the producer, received on the consumer, drops on a queue edge fed faster than it is read (v1.1)', async () => {
      const { producer, subject } = await wire('stp', 'stc', { strategy: 'queue', queueSize: 4, dropOld: true });
      const c0 = await verbCall<InstanceStats>('stc', 'stats', {});
      for (let i = 1; i <= 30; i++) producer.ctx.publish('out', i);
      const c = await eventually(async () => {
        const s = await verbCall<InstanceStats>('stc', 'stats', {});
        return s.inputs[0]?.received === 30 ? s : null;
      }, 'the consumer counting 30 samples');
      expect(c0.inputs[0]?.received).toBe(0);
      // nothing read it (no ctx.read, no onData): 4 wait, 26 were pushed out unseen
      expect(c.inputs[0]).toMatchObject({ subject, strategy: 'queue', received: 30, delivered: 0, dropped: 26, queueDepth: 4 });
      expect(c.inputs[0]?.ratePerS).toBeGreaterThan(0);
      const p = await verbCall<InstanceStats>('stp', 'stats', {});
      expect(p.outputs[0]).toMatchObject({ subject, nodeId: 'stp', port: 'out', published: 30 });
      expect(p.outputs[0]?.ratePerS).toBeGreaterThan(0);
      expect(p.tick).toBeUndefined();
      expect(p.handlerErrors).toBe(0);
      expect(p.rssBytes).toBeGreaterThan(0);
    });

    const balanced = (i: InstanceStats['inputs'][number] | undefined) => {
      expect(i, 'an input edge').toBeDefined();
      expect(i!.received, JSON.stringify(i)).toBe((i!.delivered ?? NaN) + i!.dropped + (i!.queueDepth ?? NaN));
      return i!;
    };

    it('stats: a service taking values through onData gets every one and counts no drop, whatever the queue size (issue 19)', async () => {
      for (const [n, opts] of [
        ['oq', { strategy: 'queue', queueSize: 4 }],
        ['ol', { strategy: 'latest' }],
      ] as const) {
        const seen: unknown[] = [];
        const { producer, subject } = await wire(`${n}p`, `${n}c`, opts, { onData: (_c, _n, _p, v) => void seen.push(v) });
        for (let i = 1; i <= 100; i++) producer.ctx.publish('out', i);
        const s = await eventually(async () => {
          const st = await verbCall<InstanceStats>(`${n}c`, 'stats', {});
          return st.inputs[0]?.received === 100 ? st : null;
        }, `${n}: the consumer counting 100 values`);
        expect(seen).toEqual([...Array(100).keys()].map((i) => i + 1));
        expect(balanced(s.inputs[0])).toMatchObject({ subject, strategy: opts.strategy, received: 100, delivered: 100, dropped: 0, superseded: 0, queueDepth: 0 });
      }
    });

    it('a null ("no value yet") is not delivered to an input whose schema excludes it, nor counted (docs/ports-and-types.md)', async () => {
      const seen: unknown[] = [];
      const { producer, subject } = await wire('nulp', 'nulc', { strategy: 'queue', queueSize: 16 }, { onData: (_c, _n, _p, v) => void seen.push(v) });
      // the probe's input is { type: 'number' }: nulls are "no value"
      for (const v of [1, null, 2, null, null, 3]) producer.ctx.publish('out', v as number);
      await eventually(async () => (seen.length === 3 ? true : null), 'the three numbers');
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual([1, 2, 3]);
      const st = await verbCall<InstanceStats>('nulc', 'stats', {});
      expect(balanced(st.inputs[0])).toMatchObject({ subject, received: 3, delivered: 3, dropped: 0 });
    });

    it('stats: an async onData handler gets the next value once it settles; meanwhile a queue keeps queueSize values and drops the rest', async () => {
      const seen: number[] = [];
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => (release = r));
      const { producer } = await wire(
        'aqp',
        'aqc',
        { strategy: 'queue', queueSize: 3 },
        {
          onData: async (_c, _n, _p, v) => {
            seen.push(v as number);
            await gate;
          },
        },
      );
      for (let i = 1; i <= 10; i++) producer.ctx.publish('out', i);
      const busy = await eventually(async () => {
        const st = await verbCall<InstanceStats>('aqc', 'stats', {});
        return st.inputs[0]?.received === 10 ? st : null;
      }, 'ten values arrived while the handler runs');
      expect(balanced(busy.inputs[0])).toMatchObject({ received: 10, delivered: 1, dropped: 6, queueDepth: 3 });
      release();
      await eventually(() => seen.length === 4, 'the three waiting values handled');
      expect(seen).toEqual([1, 8, 9, 10]);
      expect(balanced((await verbCall<InstanceStats>('aqc', 'stats', {})).inputs[0])).toMatchObject({ received: 10, delivered: 4, dropped: 6, queueDepth: 0 });
    });

    it('stats: a queue read once per tick (ctx.read, like the engine) and fed faster than it ticks drops for real, and the counters add up', async () => {
      const got: unknown[] = [];
      const { producer, consumer } = await wire('tqp', 'tqc', { strategy: 'queue', queueSize: 4 });
      consumer.ctx.every(25, () => {
        const r = consumer.ctx.read('in');
        if (r.has) got.push(r.value);
      });
      let sent = 0;
      const feed = producer.ctx.every(2, () => {
        for (let k = 0; k < 3; k++) producer.ctx.publish('out', ++sent);
      });
      const snapshots: InstanceStats['inputs'][number][] = [];
      while (sent < 300) {
        snapshots.push(balanced((await verbCall<InstanceStats>('tqc', 'stats', {})).inputs[0]));
        await sleep(20);
      }
      await feed.dispose();
      // every value arrived, and the ticks read what was left
      const last = await eventually(async () => {
        const i = (await verbCall<InstanceStats>('tqc', 'stats', {})).inputs[0];
        return i?.received === sent && i.queueDepth === 0 ? i : null;
      }, 'every value counted and the queue read empty');
      balanced(last);
      expect(snapshots.length).toBeGreaterThan(3);
      expect(last.dropped).toBeGreaterThan(sent / 2);
      expect(last.delivered).toBe(got.length); // one per read that returned a value
      expect(last.delivered).toBeGreaterThan(0);
      // what was read came in order
      for (let i = 1; i < got.length; i++) expect(got[i] as number).toBeGreaterThan(got[i - 1] as number);
    });

    it('queue + dropOld: a slow consumer gets the newest queueSize values in order', async () => {
      const { producer, consumer, subject } = await wire('qp', 'qc', { strategy: 'queue', queueSize: 5, dropOld: true });
      for (let i = 1; i <= 20; i++) producer.ctx.publish('out', i);
      await received(consumer, subject, 20);
      const got: unknown[] = [];
      for (let r = consumer.ctx.read('in'); r.has; r = consumer.ctx.read('in')) got.push(r.value);
      expect(got).toEqual([16, 17, 18, 19, 20]);
    });

    it('average: the mean of the window', async () => {
      const { producer, consumer, subject } = await wire('ap', 'ac', { strategy: 'average', queueSize: 4 });
      for (const v of [1, 2, 3, 4, 5, 6]) producer.ctx.publish('out', v);
      await received(consumer, subject, 6);
      expect(consumer.ctx.read('in')).toEqual({ has: true, value: 4.5 });
    });

    it('hold: a fast consumer keeps reading the last value of a slow producer, past its timeout', async () => {
      const { producer, consumer, subject } = await wire('hp', 'hc', { strategy: 'hold', timeoutMs: 50 });
      producer.ctx.publish('out', 7);
      await received(consumer, subject, 1);
      const reads: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        await sleep(30);
        const r = consumer.ctx.read('in');
        reads.push(r.has ? r.value : null);
      }
      expect(reads).toEqual([7, 7, 7, 7, 7]);
    });

    it('interpolate: a fast consumer sees intermediate values between slow samples', async () => {
      const { producer, consumer, subject } = await wire('ip', 'ic', { strategy: 'interpolate' });
      producer.ctx.publish('out', 0);
      await received(consumer, subject, 1);
      await sleep(200);
      producer.ctx.publish('out', 100);
      await received(consumer, subject, 2);
      const values: number[] = [];
      for (let i = 0; i < 12; i++) {
        const r = consumer.ctx.read('in');
        if (r.has) values.push(r.value as number);
        await sleep(25);
      }
      expect(values.some((v) => v > 0 && v < 100)).toBe(true);
      for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    });

    it('publishing waits for activation', async () => {
      const { producer, consumer, subject } = await wire('gp', 'gc', {});
      await verbCall('gp', 'deactivate', {});
      producer.ctx.publish('out', 1);
      await sleep(200);
      expect(consumer.ctx.read('in')).toEqual({ has: false });
      await verbCall('gp', 'activate', {});
      producer.ctx.publish('out', 2);
      await received(consumer, subject, 1);
      expect(consumer.ctx.read('in')).toEqual({ has: true, value: 2 });
    });
  });
});
