// planGraph (contract v1.1): what deployGraph would do now, from the same planDeploy; it touches
// nothing and needs no lease. Real master, the real demo services.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { instanceClient, masterClient, type MasterClient } from '../../bus/index.js';
import { buckets, keys } from '../../shared/naming.js';
import type { ServiceGraph } from '../../shared/types.js';
import { eventually, rejection, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';

const demoFile = resolve(import.meta.dirname, '../../../examples/demo.json');

describe('planGraph', () => {
  let f: MasterFixture;
  let editor: MasterClient;
  let viewer: MasterClient;
  let demo: ServiceGraph;

  beforeAll(async () => {
    // health probes at the default pace: a loaded test machine must not make instances look unresponsive
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000, healthPeriodMs: 2_000 } });
    editor = masterClient(f.client, 'plan-editor');
    viewer = masterClient(f.client, 'plan-viewer');
    demo = JSON.parse(await readFile(demoFile, 'utf8')) as ServiceGraph;
    await editor.call('ping', { clientId: 'plan-editor' });
  }, 60_000);
  afterAll(() => f?.stop());

  /** Everything a planGraph must leave alone: running instances and the deployed graph. */
  const snapshot = async () => ({ instances: f.master.registry.ids().sort(), deployed: (await (await f.kvm.open(buckets.master)).get(keys.graph))?.revision ?? 0 });

  it('before any deploy: four starts; touches nothing; a viewer may ask', async () => {
    const before = await snapshot();
    const r = await viewer.call('planGraph', { graph: demo });
    expect(r.valid).toBe(true);
    expect(r.currentRevision).toBe(0);
    expect(r.plan.map((p) => [p.instanceId, p.action])).toEqual([
      ['engine', 'start'],
      ['logger', 'start'],
      ['recorder', 'start'],
      ['signal', 'start'],
    ]);
    expect(r.plan.find((p) => p.instanceId === 'engine')?.nodes.added).toEqual(expect.arrayContaining(['engine', 'smooth', 'threshold', 'tick', 'expression']));
    expect(await snapshot()).toEqual(before);
  });

  it('after the deploy: all unchanged; after one state change: one reconfigure naming the node', async () => {
    const deployed = await editor.call('deployGraph', { graph: demo });
    expect(deployed.revision).toBe(1);
    const same = await eventually(async () => {
      const r = await viewer.call('planGraph', { graph: demo });
      return r.plan.every((p) => p.action === 'unchanged') ? r : null;
    }, 'a plan of all unchanged after the deploy');
    expect(same.currentRevision).toBe(1);
    const before = await snapshot();
    const changed: ServiceGraph = { ...demo, nodes: demo.nodes.map((n) => (n.nodeId === 'smooth' ? { ...n, state: { alpha: 0.7 } } : n)) };
    const r = await viewer.call('planGraph', { graph: changed, baseRevision: 1 });
    const touched = r.plan.filter((p) => p.action !== 'unchanged');
    expect(touched).toHaveLength(1);
    expect(touched[0]).toMatchObject({ instanceId: 'engine', action: 'reconfigure', nodes: { added: [], removed: [], changed: ['smooth'] } });
    expect(touched[0]?.reasons.join(' ')).toContain('smooth');
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('an invalid graph is an ok reply with valid false and no plan; a stale baseRevision is a conflict; bad input is invalid', async () => {
    const broken: ServiceGraph = { ...demo, edges: [...demo.edges, { kind: 'data', from: { nodeId: 'signal', port: 'nope' }, to: { nodeId: 'logger', port: 'value' } }] };
    const r = await viewer.call('planGraph', { graph: broken });
    expect(r.valid).toBe(false);
    expect(r.plan).toEqual([]);
    expect(r.diagnostics.some((d) => d.code === 'missing-port')).toBe(true);
    const stale = await rejection(viewer.call('planGraph', { graph: demo, baseRevision: 0 }));
    expect(stale.code).toBe('conflict');
    expect(stale.payload).toMatchObject({ currentRevision: 1 });
    const bad = await rejection(viewer.call('planGraph', {} as never));
    expect(bad.code).toBe('invalid');
    expect(bad.message).toContain('graph');
  });

  it('history lists the deploys newest first with counts and deployedBy, also after a master restart; graphAt gives a kept graph back', async () => {
    const v2: ServiceGraph = { ...demo, nodes: demo.nodes.map((n) => (n.nodeId === 'smooth' ? { ...n, state: { alpha: 0.5 } } : n)) };
    const v3: ServiceGraph = { ...demo, nodes: demo.nodes.map((n) => (n.nodeId === 'smooth' ? { ...n, state: { alpha: 0.6 } } : n)) };
    expect((await editor.call('deployGraph', { graph: v2 })).revision).toBe(2);
    expect((await editor.call('deployGraph', { graph: v3 })).revision).toBe(3);
    const h = await viewer.call('history', {});
    expect(h.deploys.map((d) => d.revision)).toEqual([3, 2, 1]);
    expect(h.deploys[2]).toMatchObject({ deployedBy: 'plan-editor', counts: { start: 4, stop: 0, reconfigure: 0, unchanged: 0 } });
    expect(h.deploys[0]?.counts).toEqual({ start: 0, stop: 0, reconfigure: 1, unchanged: 3 });
    expect((await viewer.call('history', { limit: 1 })).deploys.map((d) => d.revision)).toEqual([3]);

    await f.restartMaster();
    const again = await viewer.call('history', {});
    expect(again.deploys.map((d) => d.revision)).toEqual([3, 2, 1]);
    const first = await viewer.call('graphAt', { revision: 1 });
    expect(first).toMatchObject({ revision: 1, deployedBy: 'plan-editor' });
    expect((first.graph as ServiceGraph).nodes.find((n) => n.nodeId === 'smooth')?.state).toEqual(demo.nodes.find((n) => n.nodeId === 'smooth')?.state);
    const missing = await rejection(viewer.call('graphAt', { revision: 99 }));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toContain('1..3');
  }, 90_000);

  it('stopGraph stops the deployed instances and keeps the graph; the next plan starts them ("not running"); it needs the lease', async () => {
    await editor.call('ping', { clientId: 'plan-editor' });
    const refused = await rejection(viewer.call('stopGraph', {}));
    expect(refused.code).toBe('unauthorized');
    const r = await editor.call('stopGraph', {}, { timeoutMs: 60_000 });
    expect(r.revision).toBe(3);
    for (const id of ['engine', 'logger', 'recorder', 'signal']) expect(f.master.registry.get(id)).toBeUndefined();
    const p = await viewer.call('planGraph', { graph: demo });
    expect(p.currentRevision).toBe(3);
    expect(p.plan.map((e) => [e.instanceId, e.action, e.reasons[0]])).toEqual([
      ['engine', 'start', 'not running'],
      ['logger', 'start', 'not running'],
      ['recorder', 'start', 'not running'],
      ['signal', 'start', 'not running'],
    ]);
    // and a deploy starts them again
    const d = await editor.call('deployGraph', { graph: demo });
    expect(d.revision).toBe(4);
    expect(d.instances.every((i) => i.status === 'activated')).toBe(true);
  }, 90_000);

  it('stats of the running demo: the signal publishes, the engine receives and ticks, the counters grow (v1.1)', async () => {
    const sig = instanceClient(f.client, 'signal', 'plan-viewer');
    const eng = instanceClient(f.client, 'engine', 'plan-viewer');
    const s1 = await sig.call('stats', {});
    const e1 = await eng.call('stats', {});
    const grown = await eventually(
      async () => {
        const s2 = await sig.call('stats', {});
        const e2 = await eng.call('stats', {});
        const pub = (x: typeof s2) => x.outputs.reduce((a, o) => a + o.published, 0);
        const rec = (x: typeof e2) => x.inputs.reduce((a, i) => a + i.received, 0);
        return pub(s2) > pub(s1) && rec(e2) > rec(e1) && (e2.tick?.count ?? 0) > (e1.tick?.count ?? 0) ? { s2, e2 } : null;
      },
      'signal, engine and tick counters to grow',
      20_000,
      200,
    );
    expect(grown.s2.outputs[0]).toMatchObject({ nodeId: 'signal', port: 'value' });
    expect(grown.e2.inputs.length).toBeGreaterThan(0);
    expect(grown.e2.tick?.count).toBeGreaterThan(0);
  }, 60_000);

  it('the running demo drops nothing: every input edge counts 0 dropped and received = delivered + dropped + queued (issue 19)', async () => {
    // the logger's queue of 16 filled in 0.8 s when values handed to onData also waited in a queue
    await new Promise((r) => setTimeout(r, 3_000));
    for (const id of ['engine', 'logger', 'recorder']) {
      const s = await instanceClient(f.client, id, 'plan-viewer').call('stats', {});
      expect(s.inputs.length, id).toBeGreaterThan(0);
      for (const i of s.inputs) {
        expect(i.received, `${id} ${i.edgeId}`).toBeGreaterThan(20);
        expect(i.dropped, `${id} ${i.edgeId}`).toBe(0);
        expect(i.received, `${id} ${i.edgeId}`).toBe((i.delivered ?? NaN) + i.dropped + (i.queueDepth ?? NaN));
      }
    }
  }, 30_000);

  it('bad input to the new verbs is invalid, naming the field', async () => {
    // each call made when its turn comes (a rejection nobody awaits yet would be unhandled)
    const cases: [() => Promise<unknown>, string][] = [
      [() => viewer.call('history', { limit: 0 }), 'limit'],
      [() => viewer.call('graphAt', {} as never), 'revision'],
      [() => editor.call('stopGraph', { now: true } as never), 'now'],
      [() => instanceClient(f.client, 'signal', 'plan-viewer').call('stats', { all: true } as never), 'all'],
    ];
    for (const [call, field] of cases) {
      const e = await rejection(call());
      expect(e.code).toBe('invalid');
      expect(e.message).toContain(field);
    }
  });
});
