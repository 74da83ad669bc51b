// The engine service as the master launches it: tick -> oscillator -> print at tickMs, live
// subgraph changes without a restart, invalid subgraphs refused while the old one runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { dataEdge, makeSubgraph } from '../../sdk/testing.js';
import { call } from '../../shared/client.js';
import type { F8Error } from '../../shared/errors.js';
import { keys, subjects } from '../../shared/naming.js';
import type { GraphEdge, GraphNode, OperatorSpec, StateEntry } from '../../shared/types.js';
import type { InstanceStats } from '../../shared/verbs.js';

const dec = new TextDecoder();
const op = (nodeId: string, operatorClass: string, state?: Record<string, unknown>): GraphNode => ({ nodeId, kind: 'operator', operatorClass, parentId: 'eng1', ...(state ? { state } : {}) });
const edge = (kind: GraphEdge['kind'], from: string, fp: string, to: string, tp: string): GraphEdge => ({ kind, from: { nodeId: from, port: fp }, to: { nodeId: to, port: tp } });

describe('f8.engine', () => {
  let f: MasterFixture;
  const CLIENT = 'ed-engine';
  const inst = <P>(v: Parameters<typeof subjects.instanceVerb>[1], payload: unknown) => call<P>(f.transport, subjects.instanceVerb('eng1', v), payload, { clientId: CLIENT, timeoutMs: 5000 });
  const printed = async (label: string) => {
    const r = await f.call<{ lines: { text: string }[] }>('logs', { instanceId: 'eng1', lines: 500 }, { clientId: CLIENT });
    return r.lines.map((l) => l.text).filter((t) => t.includes(`${label}: `));
  };
  const graph1 = {
    nodes: [op('t1', 'tick'), op('osc', 'oscillator', { frequency: 1 }), op('pr', 'print', { label: 'osc' })],
    edges: [edge('exec', 't1', 'out', 'pr', 'in'), edge('data', 'osc', 'value', 'pr', 'value')],
  };

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 60_000 } });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
    await f.call('startInstance', { serviceClass: 'f8.engine', instanceId: 'eng1', state: { tickMs: 20 } }, { clientId: CLIENT, timeoutMs: 40_000 });
  });
  afterAll(() => f.stop());

  it('publishes its operator catalog', async () => {
    const e = await (await f.kvm.open('kv_f8_eng1')).get(keys.operatorCatalog);
    const specs = JSON.parse(dec.decode(e!.value)) as OperatorSpec[];
    expect(specs.map((s) => s.operatorClass)).toEqual(expect.arrayContaining(['tick', 'oscillator', 'print', 'expression', 'smooth']));
  });

  it('runs tick -> oscillator -> print at tickMs once activated', async () => {
    await inst('deployOpGraph', { subgraph: makeSubgraph('eng1', 'f8.engine', 1, [], {}, graph1), expectedDeployRevision: null });
    await new Promise((r) => setTimeout(r, 150));
    expect(await printed('osc')).toEqual([]);
    await inst('activate', {});
    const lines = await eventually(async () => {
      const l = await printed('osc');
      return l.length >= 10 ? l : null;
    }, 'printed oscillator values');
    const values = lines.map((l) => Number(l.split(': ')[1]));
    expect(values.every((v) => Number.isFinite(v) && v >= -1 && v <= 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(1);
  });

  it('stats: the tick count grows while activated, with mean and p95 tick time (v1.1)', async () => {
    const a = await inst<InstanceStats>('stats', {});
    expect(a.pid).toBeGreaterThan(0);
    expect(a.rssBytes).toBeGreaterThan(0);
    expect(a.tick?.count).toBeGreaterThan(0);
    const b = await eventually(async () => {
      const s = await inst<InstanceStats>('stats', {});
      return (s.tick?.count ?? 0) > (a.tick?.count ?? 0) ? s : null;
    }, 'the tick count to grow');
    expect(b.tick!.meanMs).toBeGreaterThanOrEqual(0);
    expect(b.tick!.p95Ms).toBeGreaterThanOrEqual(0);
    expect(b.handlerErrors).toBe(0);
    // per-operator cook times of the running operators
    expect(b.operators?.length).toBeGreaterThan(0);
    expect(b.operators?.every((o) => o.calls > 0 && o.meanMs >= 0 && o.p95Ms >= 0)).toBe(true);
  });

  it('applies a changed subgraph without restarting, and refuses an invalid one while the old keeps running', async () => {
    const pid = (await f.call<{ instances: { instanceId: string; pid: number }[] }>('instances', {})).instances.find((i) => i.instanceId === 'eng1')!.pid;
    const graph2 = {
      nodes: [...graph1.nodes.filter((n) => n.nodeId !== 'pr'), op('pr', 'print', { label: 'osc2' }), op('c', 'counter')],
      edges: [edge('exec', 't1', 'out', 'c', 'in'), edge('exec', 'c', 'out', 'pr', 'in'), edge('data', 'c', 'count', 'pr', 'value')],
    };
    expect(await inst('deployOpGraph', { subgraph: makeSubgraph('eng1', 'f8.engine', 2, [], {}, graph2), expectedDeployRevision: 1 })).toEqual({ graphRevision: 2 });
    const counts = await eventually(async () => {
      const l = await printed('osc2');
      return l.length >= 3 ? l.map((t) => Number(t.split(': ')[1])) : null;
    }, 'new graph printing');
    expect(counts[1]! - counts[0]!).toBe(1);

    const bad = { nodes: [...graph2.nodes, op('x', 'no.such.operator')], edges: graph2.edges };
    let err: F8Error | null = null;
    try {
      await inst('deployOpGraph', { subgraph: makeSubgraph('eng1', 'f8.engine', 3, [], {}, bad), expectedDeployRevision: 2 });
    } catch (e) {
      err = e as F8Error;
    }
    expect(err?.code).toBe('invalid');
    expect(err?.message).toContain('no.such.operator');
    const before = (await printed('osc2')).length;
    await eventually(async () => (await printed('osc2')).length > before + 3, 'old graph still running');
    const after = (await f.call<{ instances: { instanceId: string; pid: number; graphRevision?: number }[] }>('instances', {})).instances.find((i) => i.instanceId === 'eng1')!;
    expect(after.pid).toBe(pid);
    expect(after.graphRevision).toBe(2);
  });

  it('writes operator state to its bucket and accepts setState for operator fields', async () => {
    const kv = await f.kvm.open('kv_f8_eng1');
    const count = await eventually(async () => {
      const e = await kv.get(keys.state('c', 'count'));
      return e && e.length ? (JSON.parse(dec.decode(e.value)) as StateEntry) : null;
    }, 'counter state in KV');
    expect(count.source).toBe('engine');
    await inst('setState', { nodeId: 'pr', field: 'label', value: 'relabelled' });
    await eventually(async () => (await printed('relabelled')).length > 0, 'label change applied live');
  });

  it('sends an operator output to another instance over the bus', async () => {
    const e = dataEdge('eng1', 'value', 'sink', 'in');
    const out = { ...e.out, local: { nodeId: 'osc', port: 'value' } };
    const got: number[] = [];
    const sub = f.client.subscribe(out.subject!, { callback: (_err, m) => void got.push((JSON.parse(dec.decode(m.data)) as { value: number }).value) });
    await f.master.grants.grant([{ instanceId: 'eng1', halfEdges: [out] }]); // as the master would, before applying
    await inst('deployOpGraph', { subgraph: makeSubgraph('eng1', 'f8.engine', 3, [out], {}, graph1), expectedDeployRevision: 2 });
    await eventually(() => got.length >= 5, 'oscillator samples on the bus');
    sub.unsubscribe();
  });

  it('stats: a queue edge fed faster than the engine ticks drops for real; received = delivered + dropped + queued (issue 19)', async () => {
    // tick -> print, print's value fed from another instance through a queue of 4; the engine
    // reads it once per tick (20 ms) while 200 values arrive at once
    const e = dataEdge('feeder', 'out', 'eng1', 'value', { strategy: 'queue', queueSize: 4 });
    const inbound = { ...e.in, local: { nodeId: 'pr', port: 'value' } };
    const graph = { nodes: [op('t1', 'tick'), op('pr', 'print', { label: 'fed' })], edges: [edge('exec', 't1', 'out', 'pr', 'in')] };
    // as the master would, before applying: the feeder's account exports its output to eng1's
    await f.master.grants.grant([{ instanceId: 'eng1', halfEdges: [inbound] }]);
    const feeder = await f.connectAs('feeder', [e.out]);
    await inst('deployOpGraph', { subgraph: makeSubgraph('eng1', 'f8.engine', 4, [inbound], {}, graph), expectedDeployRevision: 3 });
    const enc = new TextEncoder();
    for (let i = 1; i <= 200; i++) feeder.publish(inbound.subject!, enc.encode(JSON.stringify({ value: i, ts: Date.now() })));
    const input = await eventually(async () => {
      const i = (await inst<InstanceStats>('stats', {})).inputs.find((x) => x.edgeId === inbound.edgeId);
      return i && i.received === 200 && i.queueDepth === 0 ? i : null;
    }, 'all 200 received and the queue read empty');
    expect(input.received).toBe((input.delivered ?? NaN) + input.dropped + (input.queueDepth ?? NaN));
    expect(input.dropped).toBeGreaterThan(100);
    expect(input.delivered).toBeGreaterThanOrEqual(4);
    // the print shows the values the ticks took, in order, ending with the newest
    const shown = await eventually(async () => {
      const l = (await printed('fed')).map((t) => Number(t.split(': ')[1])).filter(Number.isFinite);
      return l.includes(200) ? l : null;
    }, 'the last value printed');
    expect(shown.length).toBe(input.delivered);
    for (let i = 1; i < shown.length; i++) expect(shown[i]!).toBeGreaterThan(shown[i - 1]!);
  });
});
