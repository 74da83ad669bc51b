// The master's supervision of its embedded nats-server (issue 12): before, a nats-server that
// died stayed dead and every service crashed a few seconds later. Now a dead server comes back
// on the same ports and store with the grants in force, a short freeze is ridden out, and a
// long one ends in a restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNode } from '../../bus/node.js';
import { closeConnection } from '../../bus/index.js';
import { startSupervisedNats, type NatsSupervisorEvent, type SupervisedNats } from './supervisor.js';
import { isAlive } from '../util/process.js';
import { eventually } from '../master/testing.js';

describe('SupervisedNats', () => {
  let dir: string;
  let nats: SupervisedNats;
  let nc: NatsConnection;
  const events: NatsSupervisorEvent[] = [];
  const pids = new Set<number>();
  /** The supervisor's log: shown when a wait fails. */
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-sup-'));
    nats = await startSupervisedNats(
      { dataDir: dir, readyTimeoutMs: 20_000, log: (l) => logLines.push(l) },
      { intervalMs: 100, unhealthyAfterMs: 2_000, healthTimeoutMs: 300, onEvent: (e) => events.push(e) },
    );
    pids.add(nats.pid);
    nc = await connectNode(nats.natsUrl, { name: 'sup-test' });
  });
  afterAll(async () => {
    await closeConnection(nc).catch(() => {});
    await nats.stop().catch(() => {});
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts a killed server again on the same ports and store, with the grants in force; clients reconnect', async () => {
    const kv = await new Kvm(nc).create('kv_sup');
    await kv.put('k', 'kept');
    await nats.setGrants([{ instanceId: 'sup1', kind: 'launched', halfEdges: [] }]);
    const url = nats.plainNatsUrl;
    const old = nats.pid;
    process.kill(old, 'SIGKILL');
    await eventually(() => nats.restarts === 1, 'the supervisor restarts the server', 30_000);
    pids.add(nats.pid);
    expect(nats.pid).not.toBe(old);
    expect(nats.plainNatsUrl).toBe(url);
    expect(events.map((e) => e.kind)).toEqual(['nats-down', 'nats-restarted']);
    expect(fs.readFileSync(path.join(dir, 'nats', 'nats-server.conf'), 'utf8')).toContain('f8-svc-sup1');
    // the same client, reconnected by itself, reads what the store kept
    const value = await eventually(async () => (await kv.get('k'))?.string(), 'the kept KV value through the old connection', 30_000);
    expect(value).toBe('kept');
  }, 60_000);

  it('rides out a short freeze and restarts a server frozen for longer than unhealthyAfterMs', async () => {
    const before = nats.restarts;
    const frozen = nats.pid;
    process.kill(frozen, 'SIGSTOP');
    await new Promise((r) => setTimeout(r, 700));
    process.kill(frozen, 'SIGCONT');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(nats.restarts).toBe(before);
    expect(nats.pid).toBe(frozen);

    process.kill(frozen, 'SIGSTOP');
    await eventually(() => nats.restarts === before + 1, 'a restart of the frozen server', 30_000);
    pids.add(nats.pid);
    expect(isAlive(frozen)).toBe(false); // killed, not left behind stopped
    expect(events.at(-1)?.kind).toBe('nats-restarted');
    expect(events.at(-2)?.message).toMatch(/has not answered \(\/healthz does not answer\)/);
    const rtt = await eventually(async () => nc.rtt(), `the client reconnected (supervisor log:\n${logLines.join('\n')})`, 30_000);
    expect(rtt).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('restarts a server whose JetStream stops answering although /healthz says ok (2.9.10 after a full disk)', async () => {
    const before = nats.restarts;
    const wedged = nats.pid;
    let answers: boolean | null = false;
    nats.jetStreamProbe = () => Promise.resolve(answers);
    await eventually(() => nats.restarts === before + 1, 'a restart of the wedged server', 30_000);
    pids.add(nats.pid);
    answers = true;
    expect(nats.pid).not.toBe(wedged);
    expect(events.at(-2)?.message).toMatch(/has not answered \(JetStream does not answer\)/);
    // "cannot tell" (the master's own connection down) is never a reason to restart
    answers = null;
    await new Promise((r) => setTimeout(r, 3_000));
    expect(nats.restarts).toBe(before + 1);
    nats.jetStreamProbe = undefined;
  }, 60_000);
});
