// A service through a NATS outage (issue 12): nats-server killed and started again on the same
// ports and store. Before, `void ctx.setState(...)` in a timer rejected about 5 s into the outage
// (an unhandled rejection that killed the process); now state writes made meanwhile are kept,
// coalesced to the latest value and written when the connection is back, and the status is
// written again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, manifest, startMasterFixture, writeManifest, type MasterFixture } from '../main/master/testing.js';
import { startEmbeddedNats, type EmbeddedNats } from '../main/nats/server.js';
import { ServiceHost } from './host.js';
import { keys } from '../shared/naming.js';
import type { Manifest, StateEntry, StatusSummary } from '../shared/types.js';
import { PendingPuts } from './outage.js';
import { F8Error } from '../shared/errors.js';
import type { JsonKv } from '../shared/ports.js';

const dec = new TextDecoder();
const m = manifest('test.outage', { stateFields: [{ name: 'ticks', valueSchema: { type: 'number' }, access: 'ro', default: 0 }] }) as unknown as Manifest;

describe('a service through a NATS outage', () => {
  let f: MasterFixture;
  let restarted: EmbeddedNats | null = null;
  let host: ServiceHost;
  let ticks = 0;
  let frozen = false;

  beforeAll(async () => {
    f = await startMasterFixture({ setup: (dir) => writeManifest(dir, 'outage', m).then(() => {}) });
  });
  afterAll(async () => {
    await host?.shutdown().catch(() => {});
    await restarted?.stop().catch(() => {});
    await f.stop();
  });

  it('keeps state writes made while nats-server is down and writes them, and the status, when it is back', async () => {
    host = new ServiceHost(
      {
        manifest: m,
        // the pattern services use: a timer that does not await its write
        onStart: (ctx) => void ctx.every(50, () => frozen || void ctx.setState('ticks', ++ticks)),
      },
      { env: { F8_NATS_URL: f.nats.natsUrl, F8_SERVICE_ID: 'out1', F8_MASTER_TIMEOUT_MS: '3000' }, exitProcess: false },
    );
    await host.start();
    const kvOf = async (key: string) => {
      const e = await (await f.kvm.open('kv_f8_out1')).get(key);
      return e && e.length ? (JSON.parse(dec.decode(e.value)) as unknown) : null;
    };
    await eventually(async () => ((await kvOf(keys.state('out1', 'ticks'))) as StateEntry | null)?.value, 'ticks written');

    const { pid } = f.nats.server;
    process.kill(pid, 'SIGKILL');
    // down for longer than a JetStream request's timeout (5 s): the old code's writes rejected here
    await new Promise((r) => setTimeout(r, 6_000));
    frozen = true; // from here only the value kept during the outage can arrive
    const ticksDuringOutage = ticks;
    expect(ticksDuringOutage).toBeGreaterThan(0);
    const outageEnd = Date.now();
    restarted = await startEmbeddedNats({ dataDir: f.nats.dataDir, readyTimeoutMs: 20_000 });
    expect(restarted.plainNatsUrl).toBe(f.nats.server.plainNatsUrl); // same ports: clients reconnect by themselves

    const entry = await eventually(
      async () => {
        const e = (await kvOf(keys.state('out1', 'ticks'))) as StateEntry | null;
        return e && e.value === ticksDuringOutage ? e : null;
      },
      `the latest value of the outage (${ticksDuringOutage}) written after it`,
      30_000,
    );
    expect(entry.source).toBe('engine');
    const summary = await eventually(
      async () => {
        const s = (await kvOf(keys.statusSummary)) as StatusSummary | null;
        return s && s.ts >= outageEnd ? s : null;
      },
      'the status written again',
      30_000,
    );
    expect(summary.status).toBe('deactivated');
    // the master answers again (its connections reconnect by themselves; a loaded machine may take a moment)
    const reply = await eventually(() => f.call<{ instances: unknown[] }>('instances', {}).catch(() => null), 'the master answers instances', 30_000);
    expect(reply.instances.length).toBeGreaterThan(0);
  }, 90_000);
});

describe('PendingPuts', () => {
  const fakeKv = () => {
    const written: [string, unknown][] = [];
    let down = true;
    const kv = {
      bucket: 'b',
      put: (key: string, value: unknown) => {
        if (down) return Promise.reject(new F8Error('unavailable', 'no responders'));
        written.push([key, value]);
        return Promise.resolve(written.length);
      },
    } as unknown as JsonKv<unknown>;
    return { kv, written, up: () => (down = false) };
  };

  it('defers writes during an outage, keeps the latest value per key and writes them in order of the last write', async () => {
    const k = fakeKv();
    const puts = new PendingPuts({ kv: k.kv, log: () => {}, setTimer: () => ({ dispose() {} }) });
    expect(await puts.put('a', 1)).toBe(0);
    await puts.put('b', 1);
    await puts.put('a', 2);
    expect(puts.size).toBe(2);
    expect(puts.coalesced).toBe(1);
    await puts.flush(); // still down: nothing lost
    expect(puts.size).toBe(2);
    k.up();
    await puts.flush();
    expect(k.written).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    expect(puts.size).toBe(0);
    expect(await puts.put('c', 3)).toBe(3); // connected again: written at once
  });

  it('passes errors that are not an outage to the caller', async () => {
    const kv = { bucket: 'b', put: () => Promise.reject(new F8Error('invalid', 'bad key')) } as unknown as JsonKv<unknown>;
    const puts = new PendingPuts({ kv, log: () => {} });
    await expect(puts.put('x', 1)).rejects.toThrow('bad key');
    expect(puts.size).toBe(0);
  });
});
