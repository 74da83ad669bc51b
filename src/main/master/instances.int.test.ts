// The master's launcher with real service processes (the repo's f8.signal) on a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, processAlive, rejection, repoServicesDir, startMasterFixture, writeManifest, manifest, type MasterFixture } from './testing.js';
import { makeSubgraph, dataEdge } from '../../sdk/testing.js';
import { call } from '../../shared/client.js';
import { buckets, keys, subjects } from '../../shared/naming.js';
import { processStartTicks } from '../util/process.js';
import type { InstanceRecord, InstancesReply, StatusSummary, StateEntry } from '../../shared/types.js';

const dec = new TextDecoder();

const alive = processAlive;

describe('instances launched by the master', () => {
  let f: MasterFixture;
  const CLIENT = 'ed-launch';
  const lease = () => f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
  const master = <P>(v: string, payload: unknown, timeoutMs = 40_000) => f.call<P>(v, payload, { clientId: CLIENT, timeoutMs });
  const inst = <P>(id: string, v: Parameters<typeof subjects.instanceVerb>[1], payload: unknown) => call<P>(f.transport, subjects.instanceVerb(id, v), payload, { clientId: CLIENT, timeoutMs: 5000 });
  const fails = rejection;
  const record = async (id: string) => {
    const e = await (await f.kvm.open(buckets.instances)).get(id);
    return e && e.length ? (JSON.parse(dec.decode(e.value)) as InstanceRecord) : null;
  };

  beforeAll(async () => {
    f = await startMasterFixture({
      extraDirs: [repoServicesDir],
      master: { leaseTtlMs: 60_000, startTimeoutMs: 20_000 },
      setup: async (dir) => {
        await writeManifest(dir, 'broken', manifest('test.crashy', { launch: { command: '${node}', args: ['-e', "console.error('boom: no config found'); process.exit(3)"] }, stateFields: [] }));
      },
    });
    await lease();
  });
  afterAll(() => f.stop());

  it('needs the lease for mutating verbs', async () => {
    const e = await fails(f.call('startInstance', { serviceClass: 'f8.signal' }, { clientId: 'intruder' }));
    expect(e.code).toBe('unauthorized');
    expect(e.message).toContain(CLIENT);
  });

  it('starts f8.signal: registers, answers $SRV.PING, goes deactivated, activates and publishes on its bus subject', async () => {
    const started = await master<{ instanceId: string; kvBucket: string; pid: number }>('startInstance', { serviceClass: 'f8.signal', instanceId: 'sig1', state: { rateHz: 50 } });
    expect(started).toMatchObject({ instanceId: 'sig1', kvBucket: 'kv_f8_sig1' });
    expect(alive(started.pid)).toBe(true);
    const ping = JSON.parse(dec.decode((await f.client.request(subjects.srvPing('sig1'), '', { timeout: 3000 })).data)) as { metadata: Record<string, string> };
    expect(ping.metadata.serviceClass).toBe('f8.signal');
    const rec = await record('sig1');
    expect(rec).toMatchObject({ pid: started.pid, launchedBy: 'master', restartPolicy: 'on-failure', status: 'deactivated' });
    // the start time recorded at launch survives the process's register: the next master checks it before adopting
    expect(rec?.startTicks).toBe(processStartTicks(started.pid));
    const summary = await inst<StatusSummary>('sig1', 'status', {});
    expect(summary.status).toBe('deactivated');
    // seeded state: the given value and the manifest defaults
    const snap = await inst<{ entries: Record<string, StateEntry> }>('sig1', 'stateSnapshot', {});
    expect(snap.entries['sig1.rateHz']?.value).toBe(50);
    expect(snap.entries['sig1.waveform']?.value).toBe('sine');

    const e = dataEdge('sig1', 'value', 'sink1', 'in');
    const got: number[] = [];
    const sub = f.client.subscribe(e.out.subject!, { callback: (_err, m) => void got.push((JSON.parse(dec.decode(m.data)) as { value: number }).value) });
    // applied here as the master would: its NATS user gets the half-edge's subject first
    await f.master.grants.grant([{ instanceId: 'sig1', halfEdges: [e.out] }]);
    await inst('sig1', 'deployOpGraph', { subgraph: makeSubgraph('sig1', 'f8.signal', 1, [e.out]), expectedDeployRevision: null });
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toEqual([]); // not before activation
    expect(await inst('sig1', 'activate', {})).toEqual({ status: 'activated' });
    await eventually(() => got.length >= 5, 'samples on the bus');
    expect(got.every((v) => typeof v === 'number' && v >= -1 && v <= 1)).toBe(true);
    sub.unsubscribe();
    await eventually(async () => (await record('sig1'))?.status === 'activated', 'record activated');

    const logs = await master<{ lines: { stream: string; text: string }[] }>('logs', { instanceId: 'sig1' });
    expect(logs.lines.some((l) => l.stream === 'stderr' && l.text.includes('ready as sig1'))).toBe(true);
  });

  it('kill -9: the record is marked, on-failure restarts it, its state comes back from KV', async () => {
    await inst('sig1', 'setState', { nodeId: 'sig1', field: 'frequency', value: 3.5 });
    const before = (await record('sig1'))!;
    process.kill(before.pid!, 'SIGKILL');
    await eventually(async () => {
      const r = await record('sig1');
      return r && (r.status === 'error' || r.pid !== before.pid);
    }, 'marked after kill');
    const after = await eventually(
      async () => {
        const r = await record('sig1');
        return r && r.pid !== before.pid && r.runId !== before.runId && r.status === 'activated' ? r : null;
      },
      'restarted, registered and activated again (it was activated before the crash)',
      30_000,
    );
    expect(after.restarts).toBeGreaterThanOrEqual(1);
    expect(alive(after.pid!)).toBe(true);
    expect(after.startTicks).toBe(processStartTicks(after.pid!)); // the new process's start time went with its pid
    const snap = await inst<{ entries: Record<string, StateEntry> }>('sig1', 'stateSnapshot', {});
    expect(snap.entries['sig1.frequency']?.value).toBe(3.5);
    // its applied graph came back from the bucket too
    expect((await inst<StatusSummary>('sig1', 'status', {})).graphRevision).toBe(1);
  });

  it('stopInstance: terminate, the process is gone, record and bucket removed', async () => {
    const pid = (await record('sig1'))!.pid!;
    await master('stopInstance', { instanceId: 'sig1' });
    expect(alive(pid)).toBe(false);
    expect(await record('sig1')).toBeNull();
    await expect(f.kvm.open('kv_f8_sig1').then((kv) => kv.status())).rejects.toThrow();
    expect((await fails(master('stopInstance', { instanceId: 'sig1' }))).code).toBe('not-found');
  });

  it('bad input: unknown class, bad id, bad state value, a process that dies before it registers', async () => {
    expect((await fails(master('startInstance', { serviceClass: 'f8.nope' }))).code).toBe('not-found');
    expect((await fails(master('startInstance', { serviceClass: 'f8.signal', instanceId: 'Bad Id' }))).code).toBe('invalid');
    const badState = await fails(master('startInstance', { serviceClass: 'f8.signal', instanceId: 'sig-bad', state: { frequency: 'fast' } }));
    expect(badState.code).toBe('invalid');
    expect(badState.message).toContain('frequency');
    expect(await record('sig-bad')).toBeNull();
    const crash = await fails(master('startInstance', { serviceClass: 'test.crashy', instanceId: 'crashy1' }));
    expect(crash.message).toContain('boom: no config found');
    expect(crash.message).toContain('exited with code 3');
    expect(await record('crashy1')).toBeNull();
  });

  it('a crashed master leaves instances running; the next one adopts them; a graceful stop ends them', async () => {
    const { pid } = await master<{ pid: number }>('startInstance', { serviceClass: 'f8.signal', instanceId: 'sig2' });
    await f.restartMaster(); // stop() without stopInstances: like a crash for the instances
    expect(alive(pid)).toBe(true);
    await lease();
    const list = await master<InstancesReply>('instances', {});
    const mine = list.instances.find((i) => i.instanceId === 'sig2');
    expect(mine?.pid).toBe(pid);
    expect(list.orphans).toEqual([]);
    await eventually(async () => (await record('sig2'))?.lastSeenAt, 'probed by the new master');
    expect(f.master.launcher.isRunning('sig2')).toBe(true);
    await f.master.stop({ stopInstances: true });
    await eventually(() => !alive(pid), 'instance stopped by graceful shutdown');
    await f.restartMaster();
    await lease();
  });

  it('writes status and state through the verbs only as the instance (master seeds with actor master)', async () => {
    await master('startInstance', { serviceClass: 'f8.logger', instanceId: 'log1', restartPolicy: 'never' });
    const e = await (await f.kvm.open('kv_f8_log1')).get(keys.state('log1', 'count'));
    expect((JSON.parse(dec.decode(e!.value)) as StateEntry).actor).toBe('master');
    await master('stopInstance', { instanceId: 'log1' });
  });
});
