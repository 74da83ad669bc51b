// The editor's connection check is the compiler's rule: explicit cases, and agreement with
// compile() over every port pair of a small graph.
import { describe, expect, it } from 'vitest';
import { ConnectionChecker, compile, type ConnectionCandidate } from './index.js';
import { deriveEdgeId } from '../naming.js';
import { data, exec, graph, op, svc, testCatalog } from './__fixtures__/builder.js';
import type { EdgeKindName, GraphEdge } from '../types.js';

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
    }
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
    expect(v).toEqual({ ok: true, edgeId: deriveEdgeId({ nodeId: 'tick', port: 'time' }, { nodeId: 'add', port: 'a' }, 'data'), replaces: deriveEdgeId({ nodeId: 'src', port: 'out' }, { nodeId: 'add', port: 'a' }, 'data') });
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
