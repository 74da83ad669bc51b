// A deploy touches only what changes: instances that run and are activated are neither activated
// again nor asked their status; an instance found deactivated is activated. Real master, real
// service processes, real nats-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { call } from '../../shared/client.js';
import { subjects } from '../../shared/naming.js';
import type { ServiceGraph } from '../../shared/types.js';

const dec = new TextDecoder();

function graph(opts: { frequency?: number; x?: number } = {}): ServiceGraph {
  return {
    schemaVersion: 'f8studio-graph/1',
    graphId: 'quiet',
    nodes: [
      { nodeId: 'qsig', kind: 'service', serviceClass: 'f8.signal', position: { x: opts.x ?? 0, y: 0 }, state: { frequency: opts.frequency ?? 1, rateHz: 20 } },
      { nodeId: 'qlog', kind: 'service', serviceClass: 'f8.logger', position: { x: 300 + (opts.x ?? 0), y: 0 } },
    ],
    edges: [{ kind: 'data', from: { nodeId: 'qsig', port: 'value' }, to: { nodeId: 'qlog', port: 'value' } }],
  };
}

interface Reply {
  revision: number;
  plan: { instanceId: string; action: string }[];
  instances: { instanceId: string; status: string; graphRevision?: number | null }[];
}

describe('deployGraph leaves alone what does not change', () => {
  let f: MasterFixture;
  const CLIENT = 'ed-quiet';
  const deploy = (g: unknown) => f.call<Reply>('deployGraph', { graph: g }, { clientId: CLIENT, timeoutMs: 60_000 });
  /** The deploy events published while `fn` runs. */
  const eventsOf = async <T>(fn: () => Promise<T>): Promise<{ r: T; events: { instanceId: string; phase: string }[] }> => {
    const events: { instanceId: string; phase: string }[] = [];
    const sub = f.client.subscribe(subjects.deployEvents, { callback: (_e, m) => void events.push(JSON.parse(dec.decode(m.data)) as { instanceId: string; phase: string }) });
    await f.client.flush();
    const r = await fn();
    await f.client.flush();
    sub.unsubscribe();
    return { r, events };
  };
  const byId = (r: Reply) => Object.fromEntries(r.instances.map((i) => [i.instanceId, i]));

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000 } });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
  });
  afterAll(() => f.stop());

  it('positions only: nothing applied or activated; a state change applies to one instance and activates none', async () => {
    const first = await deploy(graph());
    expect(first.instances.every((i) => i.status === 'activated' && i.graphRevision === 1)).toBe(true);
    await eventually(() => ['qsig', 'qlog'].every((id) => f.master.registry.get(id)?.status === 'activated' && f.master.registry.get(id)?.graphRevision === 1), 'the registry to mirror both');

    const moved = await eventsOf(() => deploy(graph({ x: 200 })));
    expect(moved.r.plan.every((p) => p.action === 'unchanged')).toBe(true);
    expect(moved.events).toEqual([]);
    expect(byId(moved.r)).toMatchObject({ qsig: { status: 'activated', graphRevision: 1 }, qlog: { status: 'activated', graphRevision: 1 } });

    const changed = await eventsOf(() => deploy(graph({ x: 200, frequency: 3 })));
    expect(changed.r.plan.find((p) => p.instanceId === 'qsig')?.action).toBe('reconfigure');
    expect(changed.events.map((e) => `${e.instanceId}:${e.phase}`)).toEqual(['qsig:applying', 'qsig:applied']);
    expect(byId(changed.r)).toMatchObject({ qsig: { status: 'activated', graphRevision: changed.r.revision }, qlog: { status: 'activated', graphRevision: 1 } });
  });

  it('an instance found deactivated is activated by the next deploy, the others are not', async () => {
    await call(f.transport, subjects.instanceVerb('qlog', 'deactivate'), {}, { clientId: CLIENT, timeoutMs: 5_000 });
    await eventually(() => f.master.registry.get('qlog')?.status === 'deactivated', 'the registry to see qlog deactivated');
    const again = await eventsOf(() => deploy(graph({ x: 400, frequency: 3 })));
    expect(again.events.map((e) => `${e.instanceId}:${e.phase}`)).toEqual(['qlog:activated']);
    expect(byId(again.r)).toMatchObject({ qsig: { status: 'activated' }, qlog: { status: 'activated' } });
  });
});
