// The stats poller against a real nats-server: a period's requests are spread over its slices
// (a tenth of the instances in view per tick by default), each instance asked once a period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import { startTestNats, type TestNats } from '../../../main/nats/testing';
import { eventually } from '../../../main/master/testing';
import { closeConnection } from '../../../bus/index';
import { connectNode } from '../../../bus/node';
import { LiveBatcher } from './batch';
import { pollStats } from './stats';

let nats: TestNats;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startTestNats();
  nc = await connectNode(nats.natsUrl, { name: 'stats-poll-test' });
}, 30_000);
afterAll(async () => {
  await closeConnection(nc);
  await nats.stop();
});

describe('stats poller', () => {
  it('asks a slice of the wanted instances per tick, each once over the period', async () => {
    const asked: string[] = [];
    const sub = nc.subscribe('f8.*.stats', { callback: (_err, m) => void asked.push(m.subject.split('.')[1] as string) });
    await nc.flush();
    const ids = Array.from({ length: 20 }, (_, i) => `inst${i}`);
    let tick: (() => void) | null = null;
    let every = 0;
    const poller = pollStats(nc, 'editor-test', new LiveBatcher(() => {}), {
      wanted: () => ids,
      periodMs: 1000,
      timeoutMs: 5_000,
      setInterval: (fn, ms) => {
        tick = fn;
        every = ms;
        return 1;
      },
      clearInterval: () => {},
    });
    try {
      expect(every).toBe(100);
      await eventually(() => asked.length >= 2, 'the first slice');
      await new Promise((r) => setTimeout(r, 100));
      expect(asked).toEqual(['inst0', 'inst1']);
      for (let i = 1; i < 10; i++) (tick as unknown as () => void)();
      await eventually(() => asked.length >= 20, 'the whole period');
      expect([...asked].sort()).toEqual([...ids].sort());
    } finally {
      void poller.dispose();
      sub.unsubscribe();
    }
  });
});
