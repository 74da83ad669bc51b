// deployGraph end to end: real master, real service processes, real nats-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { eventually, rejection, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { call } from '../../shared/client.js';
import type { F8Error } from '../../shared/errors.js';
import { buckets, keys, subjects } from '../../shared/naming.js';
import type { InstanceRecord, ServiceGraph, StateEntry, StatusSummary, Subgraph } from '../../shared/types.js';
import { etagOf } from '../../shared/hash.js';

const dec = new TextDecoder();
const repo = resolve(import.meta.dirname, '../../..');

/** A service that refuses any subgraph whose own state sets reject: true. */
async function writePicky(dir: string): Promise<void> {
  await mkdir(join(dir, 'picky'), { recursive: true });
  await writeFile(
    join(dir, 'picky', 'service.json'),
    JSON.stringify({
      schemaVersion: 'f8service/1',
      serviceClass: 'test.picky',
      label: 'Picky',
      version: '1.0.0',
      launch: { command: '${node}', args: [join(repo, 'bin', 'f8-service.mjs'), 'main.ts'] },
      dataInPorts: [{ name: 'in' }],
      stateFields: [{ name: 'reject', valueSchema: { type: 'boolean' }, access: 'rw', default: false }],
    }),
  );
  await writeFile(join(dir, 'picky', 'package.json'), '{"type": "module"}');
  await writeFile(
    join(dir, 'picky', 'main.ts'),
    `import { runService, F8Error } from ${JSON.stringify(join(repo, 'src', 'sdk', 'index.ts'))};
await runService({
  manifest: new URL('./service.json', import.meta.url).pathname,
  onGraph(ctx, sg) {
    if (sg.state[ctx.instanceId]?.reject === true) throw new F8Error('invalid', 'picky refuses this subgraph');
  },
});
`,
  );
}

function graph(opts: { frequency?: number; reject?: boolean; x?: number; withPicky?: boolean } = {}): ServiceGraph {
  const nodes: ServiceGraph['nodes'] = [
    { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', position: { x: opts.x ?? 0, y: 0 }, state: { frequency: opts.frequency ?? 1, rateHz: 50 } },
    { nodeId: 'log', kind: 'service', serviceClass: 'f8.logger', position: { x: 300, y: 0 } },
  ];
  const edges: ServiceGraph['edges'] = [{ kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'log', port: 'value' } }];
  if (opts.withPicky !== false) {
    nodes.push({ nodeId: 'picky', kind: 'service', serviceClass: 'test.picky', state: { reject: opts.reject ?? false } });
    edges.push({ kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'picky', port: 'in' } });
  }
  return { schemaVersion: 'f8studio-graph/1', graphId: 'g1', name: 'deploy test', nodes, edges };
}

interface DeployReply {
  revision: number;
  etag: string;
  plan: { instanceId: string; action: string; reasons: string[] }[];
  instances: { instanceId: string; status: string; graphRevision?: number | null; error?: string }[];
}

describe('deployGraph', () => {
  let f: MasterFixture;
  const CLIENT = 'ed-deploy';
  const deploy = (g: unknown, extra: Record<string, unknown> = {}, clientId = CLIENT) => f.call<DeployReply>('deployGraph', { graph: g, ...extra }, { clientId, timeoutMs: 60_000 });
  const fails = rejection;
  const record = async (id: string) => {
    const e = await (await f.kvm.open(buckets.instances)).get(id);
    return e && e.length ? (JSON.parse(dec.decode(e.value)) as InstanceRecord) : null;
  };
  const status = (id: string) => call<StatusSummary>(f.transport, subjects.instanceVerb(id, 'status'), {}, { clientId: CLIENT, timeoutMs: 5000 });

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000 }, setup: writePicky });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
  });
  afterAll(() => f.stop());

  it('needs the lease', async () => {
    expect((await fails(deploy(graph(), {}, 'someone-else'))).code).toBe('unauthorized');
  });

  it('an invalid graph is refused with diagnostics and nothing starts', async () => {
    const bad = graph();
    bad.edges.push({ kind: 'data', from: { nodeId: 'sig', port: 'nope' }, to: { nodeId: 'log', port: 'value' } });
    const e = await fails(deploy(bad));
    expect(e.code).toBe('invalid');
    expect((e.payload as { diagnostics: { code: string }[] }).diagnostics.length).toBeGreaterThan(0);
    expect(await record('sig')).toBeNull();
  });

  it('deploys: every instance started and activated; values flow from the signal to the logger', async () => {
    const events: { instanceId: string; phase: string; revision: number }[] = [];
    const sub = f.client.subscribe(subjects.deployEvents, { callback: (_e, m) => void events.push(JSON.parse(dec.decode(m.data))) });
    const r = await deploy(graph());
    await eventually(() => events.filter((e) => e.phase === 'activated').length === 3, 'activated events');
    sub.unsubscribe();
    for (const id of ['sig', 'log', 'picky']) {
      expect(events.filter((e) => e.instanceId === id).map((e) => e.phase)).toEqual(['starting', 'started', 'applying', 'applied', 'activated']);
    }
    expect(events.every((e) => e.revision === 1)).toBe(true);
    // consumers are activated before the producer
    const order = events.filter((e) => e.phase === 'activated').map((e) => e.instanceId);
    expect(order.indexOf('sig')).toBe(2);
    expect(r.revision).toBe(1);
    expect(r.plan.map((p) => [p.instanceId, p.action])).toEqual([
      ['log', 'start'],
      ['picky', 'start'],
      ['sig', 'start'],
    ]);
    expect(r.instances.every((i) => i.status === 'activated' && i.graphRevision === 1)).toBe(true);
    const logKv = await f.kvm.open(buckets.instance('log'));
    await eventually(async () => {
      const e = await logKv.get(keys.state('log', 'count'));
      return e && e.length && ((JSON.parse(dec.decode(e.value)) as StateEntry).value as number) > 3;
    }, 'logger receiving values');
    const stored = await (await f.kvm.open(buckets.master)).get(keys.graph);
    expect(JSON.parse(dec.decode(stored!.value)) as { revision: number; deployedBy: string }).toMatchObject({ revision: 1, deployedBy: expect.any(String) });
  });

  it('a position-only change is a no-op plan; a changed state value reconfigures only that instance', async () => {
    const pids = { log: (await record('log'))!.pid, picky: (await record('picky'))!.pid, sig: (await record('sig'))!.pid };
    const moved = await deploy(graph({ x: 500 }), { baseRevision: 1 });
    expect(moved.plan.every((p) => p.action === 'unchanged')).toBe(true);
    const r = await deploy(graph({ frequency: 4 }), { baseRevision: moved.revision });
    expect(r.plan.find((p) => p.instanceId === 'sig')).toMatchObject({ action: 'reconfigure' });
    expect(r.plan.find((p) => p.instanceId === 'sig')!.reasons.join(' ')).toContain('frequency');
    expect(r.plan.filter((p) => p.instanceId !== 'sig').every((p) => p.action === 'unchanged')).toBe(true);
    expect((await record('log'))!.pid).toBe(pids.log);
    expect((await record('picky'))!.pid).toBe(pids.picky);
    expect((await record('sig'))!.pid).toBe(pids.sig);
    expect((await status('sig')).graphRevision).toBe(r.revision);
    expect((await status('log')).graphRevision).toBe(1);
    const sigKv = await f.kvm.open(buckets.instance('sig'));
    const freq = await sigKv.get(keys.state('sig', 'frequency'));
    expect((JSON.parse(dec.decode(freq!.value)) as StateEntry).value).toBe(4);
  });

  it('deploys are serialized: one that arrives while another runs gets conflict', async () => {
    const [a, b] = await Promise.allSettled([deploy(graph({ frequency: 4, x: 1 })), deploy(graph({ frequency: 4, x: 2 }), {}, CLIENT)]);
    const codes = [a, b].map((r) => (r.status === 'rejected' ? (r.reason as F8Error).code : 'ok')).sort();
    expect(codes).toEqual(['conflict', 'ok']);
  });

  it('after a master restart the deployed graph is read back: the same graph is a no-op redeploy', async () => {
    const pids = (await f.call<{ instances: { instanceId: string; pid: number }[] }>('instances', {})).instances.map((i) => [i.instanceId, i.pid]);
    await f.restartMaster();
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
    const r = await deploy(graph({ frequency: 4 }));
    expect(r.plan.every((p) => p.action === 'unchanged')).toBe(true);
    const after = (await f.call<{ instances: { instanceId: string; pid: number }[] }>('instances', {})).instances.map((i) => [i.instanceId, i.pid]);
    expect(after).toEqual(pids);
  });

  it('a stale baseRevision gets conflict with the current revision', async () => {
    const e = await fails(deploy(graph({ frequency: 5 }), { baseRevision: 1 }));
    expect(e.code).toBe('conflict');
    expect((e.payload as { currentRevision: number }).currentRevision).toBeGreaterThan(1);
  });

  it('a deploy in which one instance rejects its subgraph is rolled back', async () => {
    const before = { sig: (await status('sig')).graphRevision, picky: (await status('picky')).graphRevision };
    const storedBefore = JSON.parse(dec.decode((await (await f.kvm.open(buckets.master)).get(keys.graph))!.value)) as { revision: number };
    const e = await fails(deploy(graph({ frequency: 7, reject: true })));
    expect(e.message).toContain('picky refuses this subgraph');
    const payload = e.payload as { plan: unknown[]; instances: { instanceId: string; status: string }[] };
    expect(payload.plan.length).toBe(3);
    expect(payload.instances.find((i) => i.instanceId === 'sig')?.status).toBe('rolled-back');
    expect((await status('sig')).graphRevision).toBe(before.sig);
    expect((await status('picky')).graphRevision).toBe(before.picky);
    const sigKv = await f.kvm.open(buckets.instance('sig'));
    const freq = await sigKv.get(keys.state('sig', 'frequency'));
    expect((JSON.parse(dec.decode(freq!.value)) as StateEntry).value).toBe(4);
    const storedAfter = JSON.parse(dec.decode((await (await f.kvm.open(buckets.master)).get(keys.graph))!.value)) as { revision: number };
    expect(storedAfter.revision).toBe(storedBefore.revision);
  });

  it('instances that leave the graph are stopped and their buckets removed', async () => {
    const pid = (await record('picky'))!.pid!;
    const r = await deploy(graph({ frequency: 4, withPicky: false }));
    expect(r.plan.find((p) => p.instanceId === 'picky')?.action).toBe('stop');
    expect(await record('picky')).toBeNull();
    await eventually(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 'picky process gone');
    await expect(f.kvm.open('kv_f8_picky').then((kv) => kv.status())).rejects.toThrow();
  });

  it("a subgraph applied behind the master's back shows as drift, and the next deploy re-applies it", async () => {
    const g = graph({ frequency: 4, withPicky: false });
    const stored = JSON.parse(dec.decode((await (await f.kvm.open(buckets.master)).get(keys.graph))!.value)) as { revision: number; compiled: { subgraphs: Record<string, Subgraph> } };
    const sg = stored.compiled.subgraphs.sig!;
    // someone with the master's credentials applies another subgraph to sig
    const { etag: _e, deployRevision: _r, ...body } = { ...sg, state: { ...sg.state, sig: { ...sg.state.sig, frequency: 9 } } } as Subgraph;
    const foreign = { ...body, etag: etagOf(body), deployRevision: stored.revision };
    const running = await status('sig');
    await call(f.transport, subjects.instanceVerb('sig', 'deployOpGraph'), { subgraph: foreign, expectedDeployRevision: running.graphRevision ?? null }, { clientId: 'intruder', timeoutMs: 5000 });
    const drifted = await eventually(async () => ((await record('sig'))?.drift ? await record('sig') : null), 'drift in the registry record');
    expect(drifted?.graphEtag).toBe(foreign.etag);
    // the plan says so, and the deploy of the same graph re-applies the deployed subgraph
    const plan = await f.call<{ plan: { instanceId: string; action: string; reasons: string[] }[] }>('planGraph', { graph: g }, { clientId: CLIENT });
    expect(plan.plan.find((p) => p.instanceId === 'sig')).toMatchObject({ action: 'reconfigure', reasons: [expect.stringContaining('drift')] });
    expect(plan.plan.find((p) => p.instanceId === 'log')?.action).toBe('unchanged');
    const r = await deploy(g);
    expect(r.plan.find((p) => p.instanceId === 'sig')?.action).toBe('reconfigure');
    await eventually(async () => (await record('sig'))?.drift !== true, 'drift cleared');
    const after = JSON.parse(dec.decode((await (await f.kvm.open(buckets.master)).get(keys.graph))!.value)) as { compiled: { subgraphs: Record<string, Subgraph> } };
    expect((await status('sig')).graphEtag).toBe(after.compiled.subgraphs.sig!.etag);
  });
});
