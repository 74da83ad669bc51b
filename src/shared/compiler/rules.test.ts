import { describe, expect, it } from 'vitest';
import { compile } from './index.js';
import type { Diagnostic } from './index.js';
import { container, data, ed, exec, graph, op, state, svc, testCatalog } from './__fixtures__/builder.js';
import type { ServiceGraph } from '../types.js';
import { EDITOR_INSTANCE_ID } from '../naming.js';

function diagnose(g: unknown): Diagnostic[] {
  const c = compile(g, testCatalog, null);
  return c.diagnostics;
}

/** Compiles, asserts it failed with `code`, returns the diagnostics of that code. */
function expectError(g: unknown, code: string): Diagnostic[] {
  const c = compile(g, testCatalog, null);
  const found = c.diagnostics.filter((d) => d.code === code);
  expect(found, JSON.stringify(c.diagnostics, null, 1)).not.toHaveLength(0);
  expect(c.subgraphs).toEqual({});
  expect(c.plan).toEqual([]);
  expect(c.etag).toBe('');
  for (const d of found) expect(d.severity).toBe('error');
  return found;
}

const base = (): ServiceGraph => graph([svc('src', 't.source'), svc('snk', 't.sink'), svc('eng', 't.engine'), op('add1', 't.add', 'eng'), op('tick1', 't.tick', 'eng')]);

function withEdges(...edges: ServiceGraph['edges']): ServiceGraph {
  const g = base();
  g.edges.push(...edges);
  return g;
}

describe('a valid graph', () => {
  it('compiles without diagnostics', () => {
    const c = compile(withEdges(data('src.out', 'snk.in'), data('src.out', 'add1.a'), exec('tick1.out', 'add1.in'), state('src.level', 'snk.level')), testCatalog);
    expect(c.diagnostics).toEqual([]);
    expect(Object.keys(c.subgraphs)).toEqual(['eng', 'snk', 'src']);
    expect(c.etag).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('validation rules', () => {
  it('schema: stops at the schema and points at the node', () => {
    const g = base() as unknown as { nodes: Record<string, unknown>[] };
    (g.nodes[0] as Record<string, unknown>).bogus = 1;
    const [d] = expectError(g, 'schema');
    expect(d?.nodeId).toBe('src');
    expect(d?.message).toMatch(/bogus/);
    expect(diagnose(42).map((x) => x.code)).toEqual(['schema']);
  });

  it('duplicate-node-id', () => {
    const g = base();
    g.nodes.push(svc('src', 't.sink'));
    const [d] = expectError(g, 'duplicate-node-id');
    expect(d).toMatchObject({ nodeId: 'src' });
    expect(d?.message).toContain("'src'");
  });

  it('duplicate-edge-id (explicit and derived)', () => {
    const [d] = expectError(withEdges(data('src.out', 'snk.in', { edgeId: 'e1' }), data('src.int', 'snk.any', { edgeId: 'e1' })), 'duplicate-edge-id');
    expect(d).toMatchObject({ edgeId: 'e1' });
    expectError(withEdges(data('src.out', 'snk.in'), data('src.out', 'snk.in', { strategy: 'queue' })), 'duplicate-edge-id');
  });

  it('bad-id: a service nodeId is an instanceId (reserved words, the editor pseudo-instance)', () => {
    const [d] = expectError(graph([svc('master', 't.source')]), 'bad-id');
    expect(d).toMatchObject({ nodeId: 'master' });
    expect(d?.message).toMatch(/reserved/);
    expect(diagnose(graph([svc('master', 't.source')])).map((x) => x.code)).toEqual(['bad-id']);
    const [e] = expectError(graph([svc('Bad.Id', 't.source')]), 'bad-id');
    expect(e?.message).toContain("'Bad.Id'");
    const [f] = expectError(withEdges(data('src.out', 'Snk.in', { edgeId: 'ok1' })), 'bad-id');
    expect(f).toMatchObject({ edgeId: 'ok1', nodeId: 'Snk' });
    const [c] = expectError(graph([ed('plot1'), svc(EDITOR_INSTANCE_ID, 't.source')]), 'bad-id');
    expect(c?.message).toContain('editor pseudo-instance');
  });

  it('editor-data-only: a state or exec edge on an editor node names the edge (v1.1)', () => {
    const [d] = expectError(graph([svc('src', 't.source'), ed('slider1', 'slider')], [state('slider1.value', 'src.level', { edgeId: 'st1' })]), 'editor-data-only');
    expect(d).toMatchObject({ edgeId: 'st1', nodeId: 'slider1' });
    expect(d?.message).toContain("'st1'");
    expect(diagnose(graph([svc('src', 't.source'), ed('plot1')], [data('src.out', 'plot1.y')])).filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('unknown-service-class', () => {
    const [d] = expectError(graph([svc('x1', 'no.such')]), 'unknown-service-class');
    expect(d).toMatchObject({ nodeId: 'x1' });
    expect(d?.message).toContain('no.such');
  });

  it('unknown-operator-class (shipped + engineOperators)', () => {
    const g = withEdges();
    g.nodes.push(op('p1', 'plugin.op', 'eng'));
    const [d] = expectError(g, 'unknown-operator-class');
    expect(d).toMatchObject({ nodeId: 'p1' });
    expect(d?.message).toContain('plugin.op');
    const c = compile(g, { ...testCatalog, engineOperators: { eng: [{ operatorClass: 'plugin.op', label: 'P' }] } });
    expect(c.diagnostics).toEqual([]);
  });

  it('bad-parent: not an engine, not a container, missing, cycle', () => {
    const g = base();
    g.nodes.push(op('o1', 't.add', 'snk'), op('o2', 't.add', 'add1'), op('o3', 't.add', 'nowhere'), container('c1', 'c2'), container('c2', 'c1'));
    const ds = expectError(g, 'bad-parent');
    expect(ds.map((d) => d.nodeId)).toEqual(['c1', 'c2', 'o1', 'o2', 'o3']);
    expect(ds.find((d) => d.nodeId === 'c1')?.message).toMatch(/cycle \(c1 -> c2 -> c1\)/);
    expect(ds.find((d) => d.nodeId === 'o1')?.message).toMatch(/not an engine/);
  });

  it('unknown-node', () => {
    const [d] = expectError(withEdges(data('src.out', 'ghost.in')), 'unknown-node');
    expect(d).toMatchObject({ nodeId: 'ghost', port: 'in' });
    expect(d?.edgeId).toMatch(/^e/);
  });

  it('missing-port', () => {
    const [d] = expectError(withEdges(data('src.out', 'add1.zz', { edgeId: 'm1' })), 'missing-port');
    expect(d).toMatchObject({ nodeId: 'add1', port: 'zz', edgeId: 'm1' });
  });

  it('extra ports: allowed by the editable flag, else extra-port-not-allowed', () => {
    const g = base();
    (g.nodes[1] as { ports?: unknown }).ports = { dataIn: [{ name: 'extra' }] };
    g.edges.push(data('src.out', 'snk.extra'));
    expect(compile(g, testCatalog).diagnostics).toEqual([]);
    const h = base();
    (h.nodes[0] as { ports?: unknown }).ports = { dataOut: [{ name: 'more' }], stateFields: [{ name: 'f', valueSchema: {}, access: 'rw' }] };
    const ds = expectError(h, 'extra-port-not-allowed');
    expect(ds.map((d) => [d.nodeId, d.port])).toEqual([
      ['src', 'f'],
      ['src', 'more'],
    ]);
  });

  it('bad-schema: an extra port whose schema is refused fails the compile even without a value', () => {
    const g = base();
    (g.nodes[1] as { ports?: unknown }).ports = { dataIn: [{ name: 'extra', valueSchema: { type: 'string', pattern: '(?<=a)b' } }] };
    const [d] = expectError(g, 'bad-schema');
    expect(d).toMatchObject({ nodeId: 'snk', port: 'extra' });
    expect(d!.message).toContain('/pattern');
    const h = base();
    (h.nodes[1] as { ports?: unknown }).ports = { dataIn: [{ name: 'extra', valueSchema: { type: 'string', pattern: '^\\d*\\d*x$' } }] };
    expect(compile(h, testCatalog).diagnostics).toEqual([]);
  });

  it('kind-mismatch: data into an output, exec into a data port, state into a data port', () => {
    const ds = expectError(withEdges(data('src.out', 'add1.value', { edgeId: 'k1' }), exec('tick1.out', 'add1.a', { edgeId: 'k2' }), state('src.level', 'add1.b', { edgeId: 'k3' })), 'kind-mismatch');
    // sorted by (code, nodeId, edgeId, port)
    expect(ds.map((d) => [d.edgeId, d.nodeId, d.port])).toEqual([
      ['k1', 'add1', 'value'],
      ['k2', 'add1', 'a'],
      ['k3', 'add1', 'b'],
    ]);
    expect(ds[0]?.message).toMatch(/is a data output, not a data input/);
  });

  it('data-incompatible: number -> integer, string -> number, missing required property', () => {
    const ds = expectError(withEdges(data('src.out', 'snk.intIn', { edgeId: 'd1' }), data('src.label', 'add1.a', { edgeId: 'd2' }), data('src.obj', 'snk.obj', { edgeId: 'd3' })), 'data-incompatible');
    expect(ds.map((d) => d.edgeId).sort()).toEqual(['d1', 'd2', 'd3']);
    expect(ds.find((d) => d.edgeId === 'd3')?.message).toMatch(/'y'/);
    // integer fits number; anything fits an untyped port; an untyped producer fits anything
    expect(diagnose(withEdges(data('src.int', 'snk.in'), data('src.label', 'snk.any'), data('src.anyOut', 'add1.a')))).toEqual([]);
  });

  it('state-type-mismatch (title/description ignored)', () => {
    const [d] = expectError(withEdges(state('src.level', 'snk.label', { edgeId: 's1' })), 'state-type-mismatch');
    expect(d).toMatchObject({ edgeId: 's1', nodeId: 'snk', port: 'label' });
    expect(diagnose(withEdges(state('src.level', 'snk.level')))).toEqual([]);
  });

  it('exec-cross-engine', () => {
    const g = base();
    g.nodes.push(svc('eng2', 't.engine'), op('add2', 't.add', 'eng2'));
    g.edges.push(exec('tick1.out', 'add2.in', { edgeId: 'x1' }));
    const [d] = expectError(g, 'exec-cross-engine');
    expect(d).toMatchObject({ edgeId: 'x1', nodeId: 'add2', port: 'in' });
  });

  it('exec-fan-in', () => {
    const g = base();
    g.nodes.push(op('tick2', 't.tick', 'eng'));
    g.edges.push(exec('tick1.out', 'add1.in', { edgeId: 'f1' }), exec('tick2.out', 'add1.in', { edgeId: 'f2' }));
    const [d] = expectError(g, 'exec-fan-in');
    expect(d).toMatchObject({ nodeId: 'add1', port: 'in' });
    expect(d?.message).toContain('f1');
    expect(d?.message).toContain('f2');
  });

  it('exec-cycle', () => {
    const g = base();
    g.nodes.push(op('add2', 't.add', 'eng'));
    g.edges.push(exec('add1.out', 'add2.in', { edgeId: 'c1' }), exec('add2.out', 'add1.in', { edgeId: 'c2' }));
    const [d] = expectError(g, 'exec-cycle');
    expect(d).toMatchObject({ nodeId: 'add1', edgeId: 'c1' });
    expect(d?.message).toMatch(/add1, add2/);
  });

  it('multiple-upstreams (data and state)', () => {
    const g = base();
    g.nodes.push(svc('src2', 't.source'));
    g.edges.push(
      data('src.out', 'snk.in', { edgeId: 'u1' }),
      data('src2.out', 'snk.in', { edgeId: 'u2' }),
      state('src.level', 'snk.level', { edgeId: 'u3' }),
      state('src2.level', 'snk.level', { edgeId: 'u4' }),
    );
    const ds = expectError(g, 'multiple-upstreams');
    expect(ds.map((d) => [d.nodeId, d.port])).toEqual([
      ['snk', 'in'],
      ['snk', 'level'],
    ]);
    expect(ds[0]?.message).toMatch(/u1, u2/);
  });

  it('state-target-ro and state-source-wo', () => {
    const [ro] = expectError(withEdges(state('src.level', 'snk.ro', { edgeId: 'r1' })), 'state-target-ro');
    expect(ro).toMatchObject({ edgeId: 'r1', nodeId: 'snk', port: 'ro' });
    const [wo] = expectError(withEdges(state('src.secret', 'snk.level', { edgeId: 'w1' })), 'state-source-wo');
    expect(wo).toMatchObject({ edgeId: 'w1', nodeId: 'src', port: 'secret' });
  });

  it('state-cycle', () => {
    const g = base();
    g.nodes.push(svc('snk2', 't.sink'));
    g.edges.push(state('snk.level', 'snk2.level', { edgeId: 'z1' }), state('snk2.level', 'snk.level', { edgeId: 'z2' }));
    const [d] = expectError(g, 'state-cycle');
    expect(d).toMatchObject({ nodeId: 'snk', port: 'level', edgeId: 'z1' });
  });

  it('bad-edge-option is a warning: the compile succeeds and the option is dropped', () => {
    const c = compile(withEdges(state('src.level', 'snk.level', { edgeId: 'o1', strategy: 'queue', queueSize: 3 })), testCatalog);
    expect(c.diagnostics.map((d) => [d.code, d.severity, d.edgeId])).toEqual([
      ['bad-edge-option', 'warning', 'o1'],
      ['bad-edge-option', 'warning', 'o1'],
    ]);
    expect(c.etag).not.toBe('');
    expect(c.subgraphs.snk?.halfEdges[0]).toMatchObject({ strategy: 'latest', queueSize: 64 });
  });

  it('bad-state-value and unknown-state-field', () => {
    const g = base();
    (g.nodes[3] as { state?: unknown }).state = { gain: 'loud', nope: 1 };
    const [bad] = expectError(g, 'bad-state-value');
    expect(bad).toMatchObject({ nodeId: 'add1', port: 'gain' });
    const [unknown] = expectError(g, 'unknown-state-field');
    expect(unknown).toMatchObject({ nodeId: 'add1', port: 'nope' });
  });

  it('editor nodes: free-form ports, data is any', () => {
    const c = compile(withEdges(data('src.label', 'plot1.whatever'), data('knob.v', 'add1.a')), testCatalog);
    expect(c.diagnostics.map((d) => d.code)).toEqual(['unknown-node', 'unknown-node']);
    const g = withEdges(data('src.label', 'plot1.whatever'), data('knob.v', 'add1.a'));
    g.nodes.push(ed('plot1'), ed('knob', 'slider'));
    expect(compile(g, testCatalog).diagnostics).toEqual([]);
  });
});
