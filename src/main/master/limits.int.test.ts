// Limits against a real master (issue 12): before, two 6 MB manifests pushed the `catalog` reply
// over the NATS payload and the verb went silent for every client; deeply nested input answered
// `internal` (a stack overflow); a graph of 10k service nodes was "valid".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest, rejection, startMasterFixture, writeManifest, type MasterFixture } from './testing.js';
import type { PlanGraphReply } from '../../shared/verbs.js';
import type { CatalogReply, PingReply } from '../../shared/types.js';

const big = (serviceClass: string, bytes: number) => manifest(serviceClass, { 'x-blob': 'x'.repeat(bytes) });
const deepText = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('master limits', () => {
  let f: MasterFixture;
  beforeAll(async () => {
    f = await startMasterFixture({
      master: { maxInstances: 5 },
      setup: async (dir) => {
        await writeManifest(dir, 'ok', manifest('test.ok'));
        await writeManifest(dir, 'huge1', big('test.huge1', 6 * 1024 * 1024));
        await writeManifest(dir, 'huge2', big('test.huge2', 6 * 1024 * 1024));
        await writeManifest(dir, 'deep', `${JSON.stringify(manifest('test.deep')).slice(0, -1)},"x-deep":${deepText(1_000)}}`);
      },
    });
  }, 60_000);
  afterAll(() => f.stop());

  it('refuses manifests over the size cap (or too deep) at load, and the catalog reply stays small and answers', async () => {
    const r = await f.call<CatalogReply>('catalog', {});
    expect(r.services.map((s) => s.serviceClass)).toEqual(['test.ok']);
    const msgs = r.errors.map((e) => `${e.path}: ${e.message}`);
    expect(msgs.filter((m) => /huge[12].*over the 262144-byte limit/.test(m))).toHaveLength(2);
    expect(msgs.some((m) => /deep.*nests deeper than 64 levels/.test(m))).toBe(true);
    expect(JSON.stringify(r).length).toBeLessThan(64 * 1024);
  });

  it('answers a deeply nested request invalid, on master verbs and without touching anything', async () => {
    const graph = JSON.parse(`{"schemaVersion":"f8studio-graph/1","graphId":"g","nodes":[{"nodeId":"a","kind":"service","serviceClass":"test.ok","x-note":${deepText(3_000)}}],"edges":[]}`) as unknown;
    for (const verb of ['planGraph', 'deployGraph', 'startInstance', 'logs']) {
      const err = await rejection(f.call(verb, { graph }, { clientId: 'lim' }));
      expect(err.code, verb).toBe('invalid');
      expect(err.message).toMatch(/nests deeper than 64 levels/);
    }
    const ping = await f.call<PingReply>('ping', { clientId: 'lim' }, { clientId: 'lim' });
    expect(ping.holder).toBe('lim'); // the master still answers
    expect((await f.call<{ instances: unknown[] }>('instances', {})).instances).toEqual([]);
  });

  it('reports its instances-per-graph limit in ping and refuses a graph over it with a diagnostic', async () => {
    const ping = await f.call<PingReply>('ping', { clientId: 'lim' }, { clientId: 'lim' });
    expect(ping.maxInstances).toBe(5);
    const graphOf = (n: number) => ({
      schemaVersion: 'f8studio-graph/1',
      graphId: 'g',
      nodes: Array.from({ length: n }, (_, i) => ({ nodeId: `s${i}`, kind: 'service', serviceClass: 'test.ok' })),
      edges: [],
    });
    const plan = await f.call<PlanGraphReply>('planGraph', { graph: graphOf(10_000) });
    expect(plan.valid).toBe(false);
    expect(plan.plan).toEqual([]);
    expect(plan.diagnostics).toEqual([expect.objectContaining({ code: 'too-many-instances', message: expect.stringMatching(/10000 service nodes, over this master's limit of 5/) as unknown })]);
    expect((await f.call<PlanGraphReply>('planGraph', { graph: graphOf(5) })).valid).toBe(true);
  });
});
