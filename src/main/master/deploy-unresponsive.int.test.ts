// A deploy while an instance is unresponsive (its process there but not answering health probes
// for a while, as on a loaded machine): the deploy applies to that process once it answers; it
// used to start it a second time and fail with "instance 'sig' is already running (status
// unresponsive)". Its plan said "not running" of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { isRunning } from '../../shared/instance-running.js';
import { buckets, keys } from '../../shared/naming.js';
import type { InstanceRecord, ServiceGraph, StateEntry } from '../../shared/types.js';

const CLIENT = 'ed-unresponsive';
const graph = (frequency: number): ServiceGraph => ({
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g-unresponsive',
  nodes: [{ nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', state: { frequency } }],
  edges: [],
});

describe('deploy and an unresponsive instance', () => {
  let f: MasterFixture;
  let frozen = 0;
  const deploy = (g: ServiceGraph) => f.call<{ revision: number }>('deployGraph', { graph: g, activate: true }, { clientId: CLIENT, timeoutMs: 60_000 });
  const record = async (): Promise<InstanceRecord | null> => {
    const e = await (await f.kvm.open(buckets.instances)).get('sig');
    return e && e.operation === 'PUT' && e.length > 0 ? (JSON.parse(new TextDecoder().decode(e.value)) as InstanceRecord) : null;
  };

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000 } });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
  });
  afterAll(async () => {
    if (frozen) process.kill(frozen, 'SIGCONT');
    await f.stop();
  });

  it('applies to the process that is there once it answers, without a second start', async () => {
    await deploy(graph(1));
    const before = await eventually(async () => {
      const r = await record();
      return isRunning(r) && r!.pid ? r : null;
    }, 'sig running');
    frozen = before!.pid!;
    process.kill(frozen, 'SIGSTOP'); // the process the master launched for this test
    await eventually(async () => ((await record())?.status === 'unresponsive' ? true : null), 'sig unresponsive');
    // the plan says what the deploy does: apply to the process there, not start it ("not running")
    const { plan } = await f.call<{ plan: { instanceId: string; action: string; reasons: string[] }[] }>('planGraph', { graph: graph(0.5) }, { clientId: CLIENT });
    expect(plan.find((p) => p.instanceId === 'sig')).toMatchObject({ action: 'reconfigure', reasons: expect.arrayContaining([expect.stringContaining('frequency')]) });
    const deploying = deploy(graph(0.5));
    await new Promise((r) => setTimeout(r, 500));
    process.kill(frozen, 'SIGCONT');
    frozen = 0;
    await deploying;
    const kv = await f.kvm.open(buckets.instance('sig'));
    const e = await kv.get(keys.state('sig', 'frequency'));
    expect((JSON.parse(new TextDecoder().decode(e!.value)) as StateEntry).value).toBe(0.5);
    expect((await record())?.pid).toBe(before!.pid);
  }, 90_000);
});
