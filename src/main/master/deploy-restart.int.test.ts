// A deploy that arrives while the launcher restarts a crashed instance by itself waits for the
// new process and applies to it (it used to fail: "instance 'x' is already running (status
// error)"), and it starts no second process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { buckets } from '../../shared/naming.js';
import type { InstanceRecord, ServiceGraph } from '../../shared/types.js';

const dec = new TextDecoder();
const CLIENT = 'ed-restart';

function graph(prefix: string): ServiceGraph {
  return {
    schemaVersion: 'f8studio-graph/1',
    graphId: 'g-restart',
    nodes: [
      { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', state: { rateHz: 20 } },
      { nodeId: 'log', kind: 'service', serviceClass: 'f8.logger', restartPolicy: 'on-failure', state: { prefix } },
    ],
    edges: [{ kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'log', port: 'value' } }],
  };
}

describe('deploy during an automatic restart', () => {
  let f: MasterFixture;
  const record = async (id: string) => {
    const e = await (await f.kvm.open(buckets.instances)).get(id);
    return e && e.length ? (JSON.parse(dec.decode(e.value)) as InstanceRecord) : null;
  };

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000 } });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
  });
  afterAll(() => f.stop());

  it('waits for the restarted process and applies the new revision to it', async () => {
    const first = await f.call<{ revision: number }>('deployGraph', { graph: graph('a'), activate: true }, { clientId: CLIENT, timeoutMs: 60_000 });
    const before = await eventually(async () => {
      const r = await record('log');
      return r?.status === 'activated' && r.pid ? r : null;
    }, 'logger activated');
    process.kill(before.pid as number, 'SIGKILL');
    await eventually(async () => ((await record('log'))?.status === 'error' ? true : null), 'the crash is seen');
    // the launcher has started the new process, which has not registered yet: deploy now
    await eventually(async () => {
      const i = f.master.launcher.info('log');
      return i?.running && i.pid !== before.pid ? true : null;
    }, 'the automatic restart spawned');
    expect((await record('log'))?.runId).toBe(before.runId);

    const second = await f.call<{ revision: number; instances: { instanceId: string; status: string }[] }>(
      'deployGraph',
      { graph: graph('b'), activate: true },
      { clientId: CLIENT, timeoutMs: 60_000 },
    );
    expect(second.revision).toBe(first.revision + 1);
    expect(second.instances.find((i) => i.instanceId === 'log')?.status).toBe('activated');
    const after = await eventually(async () => {
      const r = await record('log');
      return r?.status === 'activated' && r.graphRevision === second.revision ? r : null;
    }, 'the restarted logger runs the new revision');
    expect(after.pid).not.toBe(before.pid);
    expect(after.runId).not.toBe(before.runId);
    // one logger process: the launcher's, no second start
    expect(f.master.launcher.instances().filter((id) => id === 'log')).toEqual(['log']);
    expect(f.master.launcher.info('log')?.pid).toBe(after.pid);
  }, 90_000);
});
