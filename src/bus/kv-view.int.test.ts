// KvView on a real nats-server: keys, gets and watches without a consumer, from a bucket's
// republished writes; writes that race the watch's start are neither lost nor reordered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { startTestNats, type TestNats } from '../main/nats/testing.js';
import { connectNode } from './node.js';
import { KvView, republishConfig } from './kv-view.js';
import { NatsKvProvider } from './kv.js';
import type { KvChange } from '../shared/ports.js';

const enc = (v: unknown) => JSON.stringify(v);

describe('a KV bucket read without consumers', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let kv: KV;
  let view: KvView<{ n: number }>;
  beforeAll(async () => {
    nats = await startTestNats();
    nc = await connectNode(nats.natsUrl, { name: 'kv-view-test' });
    kv = await new Kvm(nc).create('kv_view', { history: 1, republish: republishConfig('kv_view') } as never);
    view = new KvView(nc, 'kv_view', { apiPrefix: '$JS.API' });
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('gets, lists keys and leaves deleted ones out', async () => {
    await kv.put('a.x', enc({ n: 1 }));
    await kv.put('a.y', enc({ n: 2 }));
    await kv.put('b', enc({ n: 3 }));
    await kv.delete('a.y');
    expect(await view.get('a.x')).toMatchObject({ value: { n: 1 } });
    expect(await view.get('a.y')).toBeNull();
    expect(await view.get('nope')).toBeNull();
    expect(await view.keys()).toEqual(['a.x', 'b']);
    expect(await view.keys('a.>')).toEqual(['a.x']);
  });

  it('watch: current values, then each change once and in order, deletes as null', async () => {
    const seen: KvChange<{ n: number }>[] = [];
    const w = await view.watch('>', (c) => seen.push(c));
    expect(seen.map((c) => [c.key, c.value?.n])).toEqual([
      ['a.x', 1],
      ['b', 3],
    ]);
    await kv.put('a.x', enc({ n: 10 }));
    await kv.delete('b');
    await kv.put('c', 'not json');
    await kv.put('c', enc({ n: 4 }));
    await expect.poll(() => seen.length).toBe(5);
    expect(seen.slice(2).map((c) => [c.key, c.value?.n ?? null])).toEqual([
      ['a.x', 10],
      ['b', null],
      ['c', 4],
    ]);
    expect(seen[2]!.revision).toBeGreaterThan(seen[0]!.revision);
    await w.dispose();
    await kv.put('a.x', enc({ n: 11 }));
    await nc.flush();
    expect(seen).toHaveLength(5);
  });

  it('writes racing the start of a watch: the last value of each key wins, none is lost', async () => {
    let n = 100;
    const writing = (async () => {
      for (let i = 0; i < 200; i++) await kv.put(`r.${i % 5}`, enc({ n: n++ }));
    })();
    const last = new Map<string, number>();
    const w = await view.watch('r.>', (c) => c.value && last.set(c.key, c.value.n));
    await writing;
    const expected = new Map<string, number>();
    for (const k of await view.keys('r.>')) expected.set(k, (await view.get(k))!.value.n);
    await expect.poll(() => JSON.stringify([...last].sort())).toBe(JSON.stringify([...expected].sort()));
    await w.dispose();
  });

  it('is read-only unless given a writer; history is the master verb', async () => {
    await expect(view.put('a.x', { n: 0 })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(view.history()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('a bucket from before views (no republish) is rebuilt when the master opens it: values, deletes and history kept', async () => {
    const old = await new Kvm(nc).create('kv_old', { history: 5 });
    await old.put('g', enc({ n: 1 }));
    await old.put('g', enc({ n: 2 }));
    await old.put('x', enc({ n: 9 }));
    await old.delete('x');
    const kept = await new NatsKvProvider(nc).open<{ n: number }>('kv_old', { history: 5 });
    expect((await kept.history('g')).map((e) => e.value.n)).toEqual([1, 2]);
    expect(await kept.get('x')).toBeNull();
    const seen: (number | null)[] = [];
    const w = await new KvView<{ n: number }>(nc, 'kv_old', { apiPrefix: '$JS.API' }).watch('g', (c) => seen.push(c.value?.n ?? null));
    await kept.put('g', { n: 3 });
    await expect.poll(() => seen).toEqual([2, 3]);
    await w.dispose();
  });
});
