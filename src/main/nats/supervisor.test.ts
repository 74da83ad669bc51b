// The supervisor's judgement, with the server, the probes and the clock injected (issue 20):
// the master out of file descriptors is not a sick server, and a full disk under the store is
// not a reason to end core NATS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SupervisedNats, type NatsSupervisorEvent, type SupervisorOptions } from './supervisor.js';
import type { EmbeddedNats, EmbeddedNatsOptions } from './server.js';
import type { HealthAnswer } from './disk.js';

function fakeServer(pid: number): EmbeddedNats {
  return {
    natsUrl: 'nats://127.0.0.1:4222',
    plainNatsUrl: 'nats://127.0.0.1:4222',
    serviceNatsUrl: 'nats://127.0.0.1:4222',
    wsUrl: 'ws://127.0.0.1:4223',
    editorToken: '',
    secrets: {} as EmbeddedNats['secrets'],
    instanceUrl: () => '',
    storeBytes: () => null,
    setGrants: async () => {},
    monitorUrl: 'http://127.0.0.1:8222',
    pid,
    reused: false,
    logFile: '',
    stop: async () => {},
  };
}

interface Rig {
  sup: SupervisedNats;
  events: NatsSupervisorEvent[];
  lines: string[];
  killed: number[];
  /** One look, `ms` after the previous one. */
  step(ms?: number): Promise<void>;
  set(o: { health?: HealthAnswer; js?: boolean | null; free?: number | null; core?: { ok: boolean; code?: string } }): void;
}

describe('SupervisedNats judgement (injected probes)', () => {
  let dir: string;
  const rigs: SupervisedNats[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-sup-unit-'));
  });
  afterEach(() => {
    for (const s of rigs.splice(0)) s.detach();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function rig(extra: Partial<SupervisorOptions> = {}): Rig {
    let t = 1_000_000;
    let health: HealthAnswer = { ok: true };
    let js: boolean | null = true;
    let free: number | null = 1 << 30;
    let core: { ok: boolean; code?: string } = { ok: true };
    let nextPid = 101;
    const alive = new Set([100]);
    const events: NatsSupervisorEvent[] = [];
    const lines: string[] = [];
    const killed: number[] = [];
    const opts: EmbeddedNatsOptions = { dataDir: dir, log: (l) => lines.push(l) };
    const sup = new SupervisedNats(
      fakeServer(100),
      opts,
      {
        intervalMs: 3_600_000, // the test looks by itself
        now: () => t,
        onEvent: (e) => events.push(e),
        healthProbe: async () => health,
        coreProbe: async () => core,
        freeBytes: () => free,
        isAlive: (pid) => alive.has(pid),
        kill: async (pid) => {
          killed.push(pid);
          alive.delete(pid);
        },
        waitForPorts: false,
        announce: async () => false, // no bus here: the events go to onEvent
        ...extra,
      },
      async () => {
        const pid = nextPid++;
        alive.add(pid);
        return fakeServer(pid);
      },
    );
    sup.jetStreamProbe = async () => js;
    rigs.push(sup);
    return {
      sup,
      events,
      lines,
      killed,
      async step(ms = 1_000) {
        t += ms;
        await sup.check();
        await new Promise((r) => setImmediate(r)); // the announcements settle
      },
      set(o) {
        if (o.health) health = o.health;
        if (o.js !== undefined) js = o.js;
        if (o.free !== undefined) free = o.free;
        if (o.core) core = o.core;
      },
    };
  }

  it('a /healthz silent for unhealthyAfterMs gets its server restarted (the baseline)', async () => {
    const r = rig();
    r.set({ health: { ok: false, timedOut: true } });
    for (let i = 0; i < 9; i++) await r.step();
    expect(r.sup.restarts).toBe(0);
    await r.step();
    await r.step();
    expect(r.sup.restarts).toBe(1);
    expect(r.killed).toEqual([100]);
    expect(r.events.map((e) => e.kind)).toEqual(['nats-down', 'nats-restarted']);
  });

  it.each(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL'])('the master out of descriptors (%s on its own request) never kills a live server', async (code) => {
    const r = rig();
    // silent a while first, then the master runs out of descriptors for a minute
    r.set({ health: { ok: false, timedOut: true } });
    for (let i = 0; i < 8; i++) await r.step();
    r.set({ health: { ok: false, code } });
    for (let i = 0; i < 60; i++) await r.step();
    expect(r.sup.restarts).toBe(0);
    expect(r.killed).toEqual([]);
    expect(r.events).toEqual([]);
    expect(r.lines.filter((l) => l.includes(`the master is out of file descriptors (${code}); not judging nats-server`))).toHaveLength(1);
    // descriptors back and the server fine: nothing happens
    r.set({ health: { ok: true } });
    await r.step();
    expect(r.lines.at(-1)).toMatch(/has file descriptors again/);
    // the silence from before the shortage is judged afresh: 9 more seconds of it are not enough
    r.set({ health: { ok: false, timedOut: true } });
    for (let i = 0; i < 9; i++) await r.step();
    expect(r.sup.restarts).toBe(0);
  });

  it('a server that died is restarted even while the master is short of descriptors (kill(pid, 0) needs none)', async () => {
    const r = rig({ isAlive: () => false });
    r.set({ health: { ok: false, code: 'EMFILE' } });
    await r.step();
    expect(r.sup.restarts).toBe(1);
    expect(r.events[0]?.message).toMatch(/is gone/);
  });

  it('a connection refused is not the master’s exhaustion: judged as usual', async () => {
    const r = rig();
    r.set({ health: { ok: false, code: 'ECONNREFUSED' } });
    for (let i = 0; i < 11; i++) await r.step();
    expect(r.sup.restarts).toBe(1);
  });

  it('a full disk under the store: JetStream reported unavailable, the server kept; restarted once space is back', async () => {
    const r = rig();
    r.set({ js: false, free: 0 });
    for (let i = 0; i < 60; i++) await r.step();
    expect(r.sup.restarts).toBe(0);
    expect(r.killed).toEqual([]);
    expect(r.events.map((e) => e.kind)).toEqual(['jetstream-unavailable']);
    expect(r.events[0]?.message).toMatch(/disk under the NATS store is full .*core messages keep flowing/);
    // space back, JetStream still silent on a probe made after that (2.9.10 stays wedged): restarted at once, not after 10 s
    r.set({ free: 1 << 30 });
    await r.step();
    expect(r.lines.some((l) => /space is back/.test(l))).toBe(true);
    expect(r.sup.restarts).toBe(1);
    expect(r.events.map((e) => e.kind)).toEqual(['jetstream-unavailable', 'nats-down', 'nats-restarted']);
    expect(r.events[1]?.message).toMatch(/stayed silent after the space under its store came back/);
    // the new server's JetStream is asked 2 s later (the clients are back by then), and announced
    r.set({ js: true });
    await r.step();
    expect(r.events).toHaveLength(3);
    await r.step();
    expect(r.events.map((e) => e.kind)).toEqual(['jetstream-unavailable', 'nats-down', 'nats-restarted', 'jetstream-available']);
    expect(r.events[3]?.message).toBe('JetStream is available again (nats-server restarted as pid 101)');
  });

  it('a new server whose JetStream does not answer either is not restarted in a loop: the usual 10 s rule', async () => {
    const r = rig();
    r.set({ js: false, free: 0 });
    for (let i = 0; i < 5; i++) await r.step();
    r.set({ free: 1 << 30 });
    await r.step();
    expect(r.sup.restarts).toBe(1);
    for (let i = 0; i < 10; i++) await r.step();
    expect(r.sup.restarts).toBe(1);
    await r.step();
    await r.step();
    expect(r.sup.restarts).toBe(2);
  });

  it('a store that recovers by itself once space is back is reported available, with no restart', async () => {
    const r = rig();
    r.set({ js: false, free: 1024 });
    for (let i = 0; i < 20; i++) await r.step();
    r.set({ js: true, free: 1 << 30 });
    await r.step();
    expect(r.sup.restarts).toBe(0);
    expect(r.events.map((e) => e.kind)).toEqual(['jetstream-unavailable', 'jetstream-available']);
  });

  it('the JetStream events go out over a connection of their own when they can (the master’s may be stuck behind the store)', async () => {
    const sent: string[] = [];
    const r = rig({
      announce: async (url, e) => {
        sent.push(`${url} ${e.kind}`);
        return true;
      },
    });
    r.set({ js: false, free: 0 });
    for (let i = 0; i < 3; i++) await r.step();
    r.set({ js: true, free: 1 << 30 });
    await r.step();
    expect(sent).toEqual(['nats://127.0.0.1:4222 jetstream-unavailable', 'nats://127.0.0.1:4222 jetstream-available']);
    expect(r.events).toEqual([]);
  });

  it('a full disk and a server silent on core NATS too: judged like any silent server', async () => {
    const r = rig();
    r.set({ health: { ok: false, timedOut: true }, free: 0, core: { ok: false } });
    for (let i = 0; i < 11; i++) await r.step();
    expect(r.sup.restarts).toBe(1);
    expect(r.lines.filter((l) => /core NATS does not answer either/.test(l))).toHaveLength(1);
  });

  it('a restart that fails leaves the next look to try again (and says why)', async () => {
    let fail = true;
    const r = rig();
    const sup = r.sup as unknown as { startServer: (o: EmbeddedNatsOptions) => Promise<EmbeddedNats> };
    const real = sup.startServer;
    (r.sup as unknown as { startServer: unknown }).startServer = async (o: EmbeddedNatsOptions) => {
      if (fail) throw new Error('ENOSPC: no space left on device, open nats-server.conf');
      return real(o);
    };
    r.set({ health: { ok: false, timedOut: true } });
    for (let i = 0; i < 11; i++) await r.step();
    expect(r.events.map((e) => e.kind)).toEqual(['nats-down', 'nats-restart-failed']);
    fail = false;
    r.set({ health: { ok: true } });
    await r.step();
    expect(r.sup.restarts).toBe(1);
  });
});
