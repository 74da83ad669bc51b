import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, planDeploy, type Compilation } from './index.js';
import { container, data, ed, exec, graph, op, state, svc, testCatalog } from './__fixtures__/builder.js';
import { canonicalJson, etagOf } from '../hash.js';
import { buckets, deriveBusId, deriveEdgeId, EDITOR_INSTANCE_ID, keys, subjects } from '../naming.js';
import { validate } from '../schemas.js';
import type { GraphNode, ServiceGraph } from '../types.js';

function ok(g: unknown, previous?: Pick<Compilation, 'subgraphs'> | null): Compilation {
  const c = compile(g, testCatalog, previous);
  expect(
    c.diagnostics.filter((d) => d.severity === 'error'),
    JSON.stringify(c.diagnostics),
  ).toEqual([]);
  return c;
}

/** Every subgraph (with a deployRevision) and every half-edge passes the contract's schemas. */
function expectContractValid(c: Compilation): void {
  for (const sg of Object.values(c.subgraphs)) {
    const r = validate('subgraph', { ...sg, deployRevision: 1 });
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    const { etag, ...rest } = sg;
    expect(etag).toBe(etagOf(rest));
  }
  for (const he of c.editor?.halfEdges ?? []) expect(validate('half-edge', he).ok).toBe(true);
}

const demoish = (): ServiceGraph =>
  graph(
    [
      svc('src', 't.source', { position: { x: 0, y: 0 }, label: 'Source', state: { level: 2 } }),
      svc('snk', 't.sink', { position: { x: 400, y: 0 }, restartPolicy: 'always' }),
      svc('eng', 't.engine', { state: { tickMs: 20 } }),
      op('add1', 't.add', 'eng', { state: { gain: 2 }, position: { x: 1, y: 2 }, 'x-color': 'red' }),
      op('tick1', 't.tick', 'eng'),
      ed('plot1'),
    ],
    [
      data('src.out', 'add1.a', { strategy: 'queue', queueSize: 8, timeoutMs: 100 }),
      data('src.out', 'snk.in'),
      data('add1.value', 'plot1.y'),
      data('tick1.time', 'add1.b', { edgeId: 'intra1' }),
      exec('tick1.out', 'add1.in'),
      state('src.level', 'snk.level', { edgeId: 'st1' }),
    ],
  );

describe('split', () => {
  it('builds one subgraph per service instance, with intra edges, half-edges and state', () => {
    const c = ok(demoish());
    expectContractValid(c);
    expect(Object.keys(c.subgraphs)).toEqual(['eng', 'snk', 'src']);
    const eng = c.subgraphs.eng!;
    expect(eng.nodes.map((n) => n.nodeId)).toEqual(['add1', 'eng', 'tick1']);
    // view-only fields and state are not on nodes
    expect(eng.nodes.find((n) => n.nodeId === 'add1')).toEqual({ nodeId: 'add1', kind: 'operator', operatorClass: 't.add', parentId: 'eng' });
    expect(eng.state).toEqual({ add1: { gain: 2 }, eng: { tickMs: 20 } });
    expect(eng.operatorCatalogRef).toEqual({ bucket: 'kv_f8_eng', key: keys.operatorCatalog });
    expect(c.subgraphs.src!.operatorCatalogRef).toBeUndefined();
    expect(c.subgraphs.snk!.nodes).toEqual([{ nodeId: 'snk', kind: 'service', serviceClass: 't.sink', restartPolicy: 'always' }]);
    const execId = deriveEdgeId({ nodeId: 'tick1', port: 'out' }, { nodeId: 'add1', port: 'in' }, 'exec');
    expect(eng.edges.map((e) => e.edgeId)).toEqual([execId, 'intra1'].sort());
  });

  it('cross data edges: out on the producer, in on the consumer, defaults and given options', () => {
    const c = ok(demoish());
    const subject = subjects.bus(deriveBusId('src', 'src', 'out'));
    const toAdd = deriveEdgeId({ nodeId: 'src', port: 'out' }, { nodeId: 'add1', port: 'a' }, 'data');
    const inEng = c.subgraphs.eng!.halfEdges.find((h) => h.edgeId === toAdd);
    expect(inEng).toEqual({
      edgeId: toAdd,
      kind: 'data',
      scope: 'cross',
      direction: 'in',
      peerServiceId: 'src',
      local: { nodeId: 'add1', port: 'a' },
      remote: { nodeId: 'src', port: 'out' },
      strategy: 'queue',
      queueSize: 8,
      timeoutMs: 100,
      dropOld: true,
      subject,
    });
    const toSnk = c.subgraphs.snk!.halfEdges.find((h) => h.kind === 'data');
    expect(toSnk).toMatchObject({ direction: 'in', strategy: 'latest', queueSize: 64, dropOld: true, subject });
    expect(toSnk).not.toHaveProperty('timeoutMs');
    // fan-out: one subject per producing port
    const outs = c.subgraphs.src!.halfEdges.filter((h) => h.kind === 'data');
    expect(outs).toHaveLength(2);
    expect(new Set(outs.map((h) => h.subject))).toEqual(new Set([subject]));
    expect(outs.every((h) => h.direction === 'out')).toBe(true);
  });

  it('cross state edges: source bucket and key on both sides', () => {
    const c = ok(demoish());
    const target = c.subgraphs.snk!.halfEdges.find((h) => h.edgeId === 'st1');
    const source = c.subgraphs.src!.halfEdges.find((h) => h.edgeId === 'st1');
    expect(target).toMatchObject({ kind: 'state', direction: 'in', peerServiceId: 'src', bucket: buckets.instance('src'), key: keys.state('src', 'level'), local: { nodeId: 'snk', port: 'level' } });
    expect(source).toMatchObject({ kind: 'state', direction: 'out', peerServiceId: 'snk', bucket: 'kv_f8_src', key: 'nodes.src.state.level' });
    expect(target).not.toHaveProperty('subject');
  });

  it('editor nodes live on the one editor pseudo-instance', () => {
    const c = ok(demoish(), null);
    const edId = EDITOR_INSTANCE_ID;
    expect(c.editor?.instanceId).toBe(edId);
    expect(c.subgraphs[edId]).toBeUndefined();
    expect(c.editor?.halfEdges).toHaveLength(1);
    expect(c.editor?.halfEdges[0]).toMatchObject({ direction: 'in', peerServiceId: 'eng', local: { nodeId: 'plot1', port: 'y' }, subject: subjects.bus(deriveBusId('eng', 'add1', 'value')) });
    expect(c.subgraphs.eng!.halfEdges.find((h) => h.peerServiceId === edId)).toMatchObject({ direction: 'out' });
    expect(ok(demoish()).etag).toBe(c.etag);
    expect(ok(graph([svc('src', 't.source')])).editor).toBeUndefined();
    expect(c.etag).toBe(etagOf({ subgraphs: c.subgraphs, editor: c.editor }));
  });
});

describe('auto-promotion', () => {
  const nested = (): ServiceGraph =>
    graph(
      [
        svc('src', 't.source'),
        svc('snk', 't.sink'),
        svc('eng', 't.engine'),
        container('outer', 'eng', { ports: { dataIn: [{ name: 'mine' }] } }),
        container('inner', 'outer'),
        op('add1', 't.add', 'inner'),
        op('add2', 't.add', 'eng'),
      ],
      [data('src.out', 'add1.a', { edgeId: 'in1' }), data('add1.value', 'snk.in', { edgeId: 'out1' }), data('add1.value', 'add2.a', { edgeId: 'loc1' })],
    );

  it('synthesizes container ports on every boundary and links the real operator ports', () => {
    const c = ok(nested());
    expectContractValid(c);
    expect(c.promotions).toEqual([
      { edgeId: 'in1', containers: ['outer', 'inner'], port: 'p_in1' },
      { edgeId: 'loc1', containers: ['inner', 'outer'], port: 'p_loc1' },
      { edgeId: 'out1', containers: ['inner', 'outer'], port: 'p_out1' },
    ]);
    const eng = c.subgraphs.eng!;
    const outer = eng.nodes.find((n) => n.nodeId === 'outer') as { ports?: { dataIn?: { name: string }[]; dataOut?: { name: string }[] } };
    const inner = eng.nodes.find((n) => n.nodeId === 'inner') as typeof outer;
    expect(outer.ports?.dataIn?.map((p) => p.name)).toEqual(['mine', 'p_in1']);
    expect(outer.ports?.dataOut?.map((p) => p.name)).toEqual(['p_loc1', 'p_out1']);
    expect(inner.ports?.dataIn?.map((p) => p.name)).toEqual(['p_in1']);
    expect(inner.ports?.dataOut?.map((p) => p.name)).toEqual(['p_loc1', 'p_out1']);
    // half-edges use the real inner operator port
    expect(eng.halfEdges.find((h) => h.edgeId === 'in1')).toMatchObject({ direction: 'in', local: { nodeId: 'add1', port: 'a' } });
    expect(eng.halfEdges.find((h) => h.edgeId === 'out1')).toMatchObject({ direction: 'out', local: { nodeId: 'add1', port: 'value' }, subject: subjects.bus(deriveBusId('eng', 'add1', 'value')) });
    // same engine: a direct intra edge
    expect(eng.edges.find((e) => e.edgeId === 'loc1')).toMatchObject({ from: { nodeId: 'add1', port: 'value' }, to: { nodeId: 'add2', port: 'a' } });
    // the container nodes as given in the graph are not modified
    expect(nested().nodes[3]).toEqual(container('outer', 'eng', { ports: { dataIn: [{ name: 'mine' }] } }));
  });

  it('no promotion between siblings of one container', () => {
    const g = graph([svc('eng', 't.engine'), container('box', 'eng'), op('a1', 't.add', 'box'), op('a2', 't.add', 'box')], [data('a1.value', 'a2.a')]);
    expect(ok(g).promotions).toEqual([]);
  });
});

// ---------------------------------------------------------------- determinism

function shuffled<T>(items: readonly T[], keysForOrder: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, k: keysForOrder[i % keysForOrder.length] ?? 0, i }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.item);
}

describe('determinism', () => {
  it('the same graph in any node/edge order compiles byte-identically (valid and invalid graphs)', () => {
    const valid = demoish();
    const invalid = demoish();
    invalid.edges.push(data('src.label', 'add1.b'), state('src.level', 'snk.ro'), data('nobody.x', 'snk.in'));
    invalid.nodes.push(svc('src', 't.sink'));
    const reference = [valid, invalid].map((g) => canonicalJson(compile(g, testCatalog)));
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 12 }), fc.array(fc.integer(), { minLength: 1, maxLength: 12 }), (nk, ek) => {
        [valid, invalid].forEach((g, i) => {
          const s = { ...g, nodes: shuffled(g.nodes, nk), edges: shuffled(g.edges, ek) };
          expect(canonicalJson(compile(s, testCatalog))).toBe(reference[i]);
        });
      }),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------- plan

describe('plan', () => {
  it('first deploy: everything starts', () => {
    const c = ok(demoish());
    expect(c.plan.map(({ instanceId, action, reasons }) => ({ instanceId, action, reasons }))).toEqual([
      { instanceId: 'eng', action: 'start', reasons: ['new instance'] },
      { instanceId: 'snk', action: 'start', reasons: ['new instance'] },
      { instanceId: 'src', action: 'start', reasons: ['new instance'] },
    ]);
    // every node of a starting instance is added (operators included)
    expect(c.plan[0]?.nodes).toEqual({ added: c.subgraphs.eng!.nodes.map((n) => n.nodeId).sort(), removed: [], changed: [] });
  });

  it('position, label and x-* only: all unchanged, same etag', () => {
    const prev = ok(demoish());
    const g = demoish();
    g.nodes = g.nodes.map((n): GraphNode => ({ ...n, position: { x: 999, y: -3 }, label: 'moved', 'x-note': 'hi' }));
    const c = ok(g, prev);
    expect(c.plan.every((p) => p.action === 'unchanged' && p.reasons.length === 0)).toBe(true);
    expect(c.etag).toBe(prev.etag);
  });

  it('a state change reconfigures only that instance', () => {
    const prev = ok(demoish());
    const g = demoish();
    (g.nodes[3] as { state?: Record<string, unknown> }).state = { gain: 3 };
    const c = ok(g, prev);
    const none = { added: [], removed: [], changed: [] };
    expect(c.plan).toEqual([
      { instanceId: 'eng', action: 'reconfigure', reasons: ['state add1.gain changed'], nodes: { added: [], removed: [], changed: ['add1'] } },
      { instanceId: 'snk', action: 'unchanged', reasons: [], nodes: none },
      { instanceId: 'src', action: 'unchanged', reasons: [], nodes: none },
    ]);
  });

  it('start, stop, class change, nodes added/removed, node changed, wiring changed', () => {
    const prev = ok(demoish());
    const g = demoish();
    g.nodes = g.nodes.filter((n) => n.nodeId !== 'snk' && n.nodeId !== 'tick1');
    g.edges = g.edges.filter((e) => e.to.nodeId !== 'snk' && e.from.nodeId !== 'tick1');
    g.nodes.push(svc('snk2', 't.sink'), op('add9', 't.add', 'eng'));
    (g.nodes.find((n) => n.nodeId === 'src') as { restartPolicy?: string }).restartPolicy = 'never';
    const c = ok(g, prev);
    const byId = Object.fromEntries(c.plan.map((p) => [p.instanceId, p]));
    expect(byId.snk).toEqual({ instanceId: 'snk', action: 'stop', reasons: ['removed from the graph'], nodes: { added: [], removed: ['snk'], changed: [] } });
    expect(byId.snk2).toEqual({ instanceId: 'snk2', action: 'start', reasons: ['new instance'], nodes: { added: ['snk2'], removed: [], changed: [] } });
    expect(byId.eng?.action).toBe('reconfigure');
    expect(byId.eng?.reasons).toEqual(['nodes added: add9', 'nodes removed: tick1', 'wiring changed']);
    expect(byId.eng?.nodes).toMatchObject({ added: ['add9'], removed: ['tick1'] });
    expect(byId.src?.reasons).toEqual(['node src changed', 'wiring changed']);
    expect(c.plan.map((p) => p.instanceId)).toEqual(['eng', 'snk', 'snk2', 'src']);

    const h = demoish();
    (h.nodes[1] as { serviceClass: string }).serviceClass = 't.source';
    h.edges = h.edges.filter((e) => e.to.nodeId !== 'snk');
    const d = ok(h, prev);
    expect(d.plan.find((p) => p.instanceId === 'snk')).toMatchObject({ instanceId: 'snk', action: 'start', reasons: ['serviceClass changed from t.sink to t.source (restart)'] });
  });

  it('a previous subgraph carrying deployRevision compares by content', () => {
    const prev = ok(demoish());
    const stored = { subgraphs: Object.fromEntries(Object.entries(prev.subgraphs).map(([k, v]) => [k, { ...v, deployRevision: 7 }])) };
    expect(ok(demoish(), stored).plan.every((p) => p.action === 'unchanged')).toBe(true);
  });

  it('planDeploy with the live instances: one that is not running starts, whatever the previous compilation says (v1.1)', () => {
    const prev = ok(demoish());
    const plan = planDeploy(prev, prev.subgraphs, new Set(['eng', 'src']));
    expect(plan.map((p) => [p.instanceId, p.action, p.reasons])).toEqual([
      ['eng', 'unchanged', []],
      ['snk', 'start', ['not running']],
      ['src', 'unchanged', []],
    ]);
    expect(plan[1]?.nodes.added).toEqual(['snk']);
  });

  it('planDeploy with drifted instances: an unchanged one that drifted is reconfigured, saying why', () => {
    const prev = ok(demoish());
    const plan = planDeploy(prev, prev.subgraphs, new Set(['eng', 'src', 'snk']), new Set(['src']));
    expect(plan.map((p) => [p.instanceId, p.action, p.reasons])).toEqual([
      ['eng', 'unchanged', []],
      ['snk', 'unchanged', []],
      ['src', 'reconfigure', ['drift: it runs another subgraph than the deployed one']],
    ]);
  });

  it('with errors there is no plan', () => {
    const prev = ok(demoish());
    const g = demoish();
    g.edges.push(data('src.label', 'add1.b'));
    expect(compile(g, testCatalog, prev).plan).toEqual([]);
  });
});
