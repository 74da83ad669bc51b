// The editor's connection check is the compiler's rule: explicit cases, and agreement with
// compile() over every port pair of a small graph.
import { describe, expect, it } from 'vitest';
import { ConnectionChecker, compile, type ConnectionCandidate } from './index.js';
import { deriveEdgeId } from '../naming.js';
import { data, exec, graph, op, svc, testCatalog } from './__fixtures__/builder.js';
import type { EdgeKindName, GraphEdge, Manifest } from '../types.js';
import type { CompileCatalog } from './types.js';

const g = graph(
  [svc('src', 't.source'), svc('sink', 't.sink'), svc('eng', 't.engine'), op('add', 't.add', 'eng'), op('tick', 't.tick', 'eng'), svc('eng2', 't.engine'), op('add2', 't.add', 'eng2')],
  [data('src.out', 'add.a'), exec('tick.out', 'add.in')],
);
const checker = new ConnectionChecker(g, testCatalog);
const cand = (kind: EdgeKindName, from: string, to: string): ConnectionCandidate => {
  const [fn, fp] = from.split('.') as [string, string];
  const [tn, tp] = to.split('.') as [string, string];
  return { kind, from: { nodeId: fn, port: fp }, to: { nodeId: tn, port: tp } };
};

describe('ConnectionChecker', () => {
  it('accepts a fitting data edge, across instances and into an engine', () => {
    expect(checker.check(cand('data', 'src.out', 'sink.in'))).toMatchObject({ ok: true });
    expect(checker.check(cand('data', 'add.value', 'sink.in'))).toMatchObject({ ok: true });
  });

  it('refuses data that does not fit, naming both types', () => {
    const v = checker.check(cand('data', 'src.label', 'sink.in'));
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.code).toBe('data-incompatible');
      expect(v.reason).toMatch(/string/);
      expect(v.reason).toMatch(/number/);
      expect(v.reason).not.toMatch(/^edge '/);
      expect(v.fix).toBe('wire an output that sends number, or change one of the two valueSchemas');
      expect(v.reason.endsWith(`; fix: ${v.fix}`)).toBe(true);
    }
  });

  it('every refusal names a fix', () => {
    const refusals = [
      checker.check(cand('data', 'src.label', 'sink.in')),
      checker.check(cand('data', 'src.out', 'sink.intIn')),
      checker.check(cand('data', 'src.obj', 'sink.obj')),
      checker.check(cand('data', 'src.level', 'sink.in')),
      checker.check(cand('data', 'src.nope', 'sink.in')),
      checker.check(cand('exec', 'tick.out', 'add2.in')),
      checker.check(cand('state', 'src.level', 'sink.ro')),
      checker.check(cand('state', 'src.secret', 'add.gain')),
      checker.check(cand('state', 'src.level', 'sink.label')),
      checker.check(cand('data', 'src.out', 'add.a')),
      checker.check(cand('data', 'ghost.out', 'sink.in')),
      new ConnectionChecker(graph([svc('eng', 't.engine'), op('a', 't.add', 'eng'), op('b', 't.add', 'eng')], [exec('a.out', 'b.in')]), testCatalog).check(cand('exec', 'b.out', 'a.in')),
    ];
    for (const v of refusals) {
      expect(v.ok).toBe(false);
      if (!v.ok) {
        expect(v.fix, v.reason).not.toBe('');
        expect(v.reason).toContain(`; fix: ${v.fix}`);
      }
    }
    const missing = checker.check(cand('data', 'src.nope', 'sink.in'));
    expect(missing).toMatchObject({ ok: false, code: 'missing-port', fix: 'use one of its data outputs: out, int, label, obj, anyOut' });
    const extra = checker.check(cand('data', 'src.out', 'sink.nope'));
    expect(extra).toMatchObject({ ok: false, fix: "use one of its data inputs: in, intIn, any, obj, or declare 'nope' as an extra data input of the node" });
  });

  it('refuses a port of the wrong kind and a missing port', () => {
    expect(checker.check(cand('data', 'src.level', 'sink.in'))).toMatchObject({ ok: false, code: 'kind-mismatch' });
    expect(checker.check(cand('data', 'src.nope', 'sink.in'))).toMatchObject({ ok: false, code: 'missing-port' });
  });

  it('refuses an exec edge between engines', () => {
    const v = checker.check(cand('exec', 'tick.out', 'add2.in'));
    expect(v).toMatchObject({ ok: false, code: 'exec-cross-engine' });
    if (!v.ok) expect(v.reason).toContain('exec edges join operators of one engine');
  });

  it('refuses a state edge into a read-only field or out of a write-only one', () => {
    expect(checker.check(cand('state', 'src.level', 'sink.ro'))).toMatchObject({ ok: false, code: 'state-target-ro' });
    expect(checker.check(cand('state', 'src.secret', 'add.gain'))).toMatchObject({ ok: false, code: 'state-source-wo' });
    expect(checker.check(cand('state', 'src.level', 'add.gain'))).toMatchObject({ ok: true });
  });

  it('an already connected pair is refused; an occupied input is replaced', () => {
    expect(checker.check(cand('data', 'src.out', 'add.a'))).toMatchObject({ ok: false, code: 'duplicate-edge-id' });
    const v = checker.check(cand('data', 'tick.time', 'add.a'));
    expect(v).toEqual({
      ok: true,
      edgeId: deriveEdgeId({ nodeId: 'tick', port: 'time' }, { nodeId: 'add', port: 'a' }, 'data'),
      replaces: deriveEdgeId({ nodeId: 'src', port: 'out' }, { nodeId: 'add', port: 'a' }, 'data'),
    });
  });

  it('refuses an edge that would close an exec cycle', () => {
    const looped = new ConnectionChecker(graph([svc('eng', 't.engine'), op('a', 't.add', 'eng'), op('b', 't.add', 'eng')], [exec('a.out', 'b.in')]), testCatalog);
    expect(looped.check(cand('exec', 'b.out', 'a.in'))).toMatchObject({ ok: false, code: 'exec-cycle' });
  });

  it('refuses an unknown node', () => {
    expect(checker.check(cand('data', 'ghost.out', 'sink.in'))).toMatchObject({ ok: false, code: 'unknown-node' });
  });

  it('agrees with compile() on every port pair of the graph', () => {
    const ports: Record<EdgeKindName, { out: string[]; in: string[] }> = {
      data: { out: ['src.out', 'src.int', 'src.label', 'src.obj', 'src.anyOut', 'add.value', 'tick.time'], in: ['sink.in', 'sink.intIn', 'sink.any', 'sink.obj', 'add.b', 'add2.a'] },
      state: { out: ['src.level', 'src.secret', 'src.mode', 'add.gain'], in: ['sink.level', 'sink.ro', 'sink.label', 'add2.gain', 'eng.tickMs'] },
      exec: { out: ['tick.out', 'add.out'], in: ['add2.in', 'add.in'] },
    };
    let compared = 0;
    for (const kind of ['data', 'state', 'exec'] as const) {
      for (const from of ports[kind].out) {
        for (const to of ports[kind].in) {
          const c = cand(kind, from, to);
          const v = checker.check(c);
          const edges: GraphEdge[] = g.edges.filter((e) => !(v.ok && v.replaces && (e.edgeId ?? deriveEdgeId(e.from, e.to, e.kind)) === v.replaces));
          const result = compile({ ...g, edges: [...edges, { kind, from: c.from, to: c.to }] }, testCatalog);
          const compiles = !result.diagnostics.some((d) => d.severity === 'error');
          expect(v.ok, `${kind} ${from} -> ${to}: checker ${JSON.stringify(v)}, compiler ${JSON.stringify(result.diagnostics)}`).toBe(compiles);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});

describe('the null rule and fixes that name an operator', () => {
  const nullable = { type: ['number', 'null'] };
  const catalog: CompileCatalog = {
    services: {
      ...testCatalog.services,
      'n.engine': {
        schemaVersion: 'f8service/1',
        serviceClass: 'n.engine',
        label: 'Engine',
        version: '1.0.0',
        launch: { command: '${node}' },
        engine: true,
        operators: [
          { operatorClass: 'smooth', label: 'Smooth', dataInPorts: [{ name: 'value', valueSchema: { type: 'number' } }], dataOutPorts: [{ name: 'value', valueSchema: nullable }] },
          { operatorClass: 'add', label: 'Add', dataInPorts: [{ name: 'a', valueSchema: { type: 'number' } }], dataOutPorts: [{ name: 'value', valueSchema: nullable }] },
          { operatorClass: 'only_null', label: 'Nothing', dataOutPorts: [{ name: 'value', valueSchema: { type: 'null' } }] },
          { operatorClass: 'flag', label: 'Flag', dataOutPorts: [{ name: 'on', valueSchema: { type: 'boolean' } }], dataInPorts: [{ name: 'sel', valueSchema: { type: 'boolean' } }] },
          { operatorClass: 'threshold', label: 'Threshold', dataInPorts: [{ name: 'value', valueSchema: { type: 'number' } }], dataOutPorts: [{ name: 'active', valueSchema: { type: 'boolean' } }] },
          {
            operatorClass: 'to_number',
            label: 'Expression',
            dataInPorts: [
              { name: 'a', valueSchema: { type: ['number', 'boolean'] } },
              { name: 'b', valueSchema: { type: ['number', 'boolean'] } },
            ],
            dataOutPorts: [{ name: 'value', valueSchema: nullable }],
          },
        ],
      } satisfies Manifest,
    },
  };
  const g = graph([
    svc('eng', 'n.engine'),
    op('sm', 'smooth', 'eng'),
    op('add', 'add', 'eng'),
    op('nothing', 'only_null', 'eng'),
    op('flag', 'flag', 'eng'),
    op('th', 'threshold', 'eng'),
    svc('sink', 't.sink'),
  ]);
  const c = new ConnectionChecker(g, catalog);

  it('number | null feeds number: smooth -> add, add -> a service number input', () => {
    expect(c.check(cand('data', 'sm.value', 'add.a'))).toMatchObject({ ok: true });
    expect(c.check(cand('data', 'add.value', 'sink.in'))).toMatchObject({ ok: true });
    expect(compile({ ...g, edges: [data('sm.value', 'add.a'), data('add.value', 'sink.in')] }, catalog).diagnostics).toEqual([]);
  });

  it('an output that only ever sends null is refused where null is excluded', () => {
    expect(c.check(cand('data', 'nothing.value', 'add.a'))).toMatchObject({ ok: false, code: 'data-incompatible', fix: 'wire an output that sends values' });
    expect(c.check(cand('data', 'nothing.value', 'sink.any'))).toMatchObject({ ok: true });
  });

  it('a type mismatch names an operator of the catalog that converts (fewest inputs first)', () => {
    expect(c.check(cand('data', 'flag.on', 'add.a'))).toMatchObject({ ok: false, fix: 'put an Expression operator (to_number) between them' });
    expect(c.check(cand('data', 'sm.value', 'flag.sel'))).toMatchObject({ ok: false, fix: 'put a Threshold operator (threshold) between them' });
    // the compiler says the same
    const d = compile({ ...g, edges: [data('flag.on', 'add.a')] }, catalog).diagnostics.find((x) => x.code === 'data-incompatible');
    expect(d?.message).toMatch(/; fix: put an Expression operator \(to_number\) between them$/);
  });
});
