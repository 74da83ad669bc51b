// The master at rest writes nothing: a health answer that changes nothing stays in memory, and
// lastSeenAt is written on change or at most every 30 s (an injected clock; a real nats-server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, NatsKvProvider } from '../../../bus/index.js';
import { connectNode } from '../../../bus/node.js';
import { startTestNats, type TestNats } from '../../nats/testing.js';
import { buckets, keys } from '../../../shared/naming.js';
import { silentLogger, type JsonKv } from '../../../shared/ports.js';
import type { InstanceRecord } from '../../../shared/types.js';
import { LAST_SEEN_WRITE_MS, Registry } from './registry.js';

let nats: TestNats;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startTestNats();
  nc = await connectNode(nats.natsUrl, { name: 'last-seen-test' });
});

afterAll(async () => {
  await closeConnection(nc);
  await nats.stop();
});

describe('Registry.recordProbe', () => {
  it('writes the record only when something changes, and lastSeenAt at most every 30 s', async () => {
    const kv = new NatsKvProvider(nc);
    const records: JsonKv<InstanceRecord> = await kv.open<InstanceRecord>(buckets.instances);
    let now = 1_000_000;
    const registry = new Registry({ records, kv, lookupService: () => ({ manifestHash: 'h' }), probe: async () => null, log: silentLogger, clock: { now: () => now } });
    try {
      await registry.register({ serviceClass: 'x.svc', instanceId: 'seen1', runId: 'run1', pid: 1 });
      const revision = async () => (await records.get(keys.instance('seen1')))!.revision;
      const written = async () => (await records.get(keys.instance('seen1')))!.value;
      await registry.recordProbe('seen1', {});
      const first = await revision();
      expect((await written()).lastSeenAt).toBe(now);

      // answers every 2 s for just under 30 s: nothing written, lastSeenAt kept in memory
      for (let t = 2_000; t < LAST_SEEN_WRITE_MS; t += 2_000) {
        now += 2_000;
        await registry.recordProbe('seen1', {});
      }
      expect(await revision()).toBe(first);
      expect(registry.get('seen1')!.lastSeenAt).toBe(now);

      // 30 s after the last write: lastSeenAt goes out once
      now += 2_000;
      await registry.recordProbe('seen1', {});
      expect(await revision()).toBe(first + 1);
      expect((await written()).lastSeenAt).toBe(now);
      now += 2_000;
      await registry.recordProbe('seen1', {});
      expect(await revision()).toBe(first + 1);

      // a miss changes failCount: written at once; the answer after it too
      now += 2_000;
      await registry.recordProbe('seen1', null);
      expect(await revision()).toBe(first + 2);
      expect((await written()).failCount).toBe(1);
      now += 2_000;
      await registry.recordProbe('seen1', {});
      expect(await revision()).toBe(first + 3);
      expect((await written()).failCount).toBe(0);
    } finally {
      await registry.dispose();
    }
  });
});
