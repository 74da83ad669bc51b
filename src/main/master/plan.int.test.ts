// planGraph (contract v1.1): what deployGraph would do now, from the same planDeploy; it touches
// nothing and needs no lease. Real master, the real demo services.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { masterClient, type MasterClient } from '../../bus/index.js';
import { buckets, keys } from '../../shared/naming.js';
import type { ServiceGraph } from '../../shared/types.js';
import { rejection, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';

const demoFile = resolve(import.meta.dirname, '../../../examples/demo.json');

describe('planGraph', () => {
  let f: MasterFixture;
  let editor: MasterClient;
  let viewer: MasterClient;
  let demo: ServiceGraph;

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000 } });
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
    const same = await viewer.call('planGraph', { graph: demo });
    expect(same.currentRevision).toBe(1);
    expect(same.plan.every((p) => p.action === 'unchanged')).toBe(true);
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
});
