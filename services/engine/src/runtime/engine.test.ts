import { describe, expect, it } from 'vitest';
import { applyOk, data, exec, harness } from './__fixtures__/harness.js';
import { createDefaultRegistry } from './operators/index.js';
import { OperatorRegistry } from './registry.js';
import type { EngineEdge, EngineGraph, OperatorDefinition } from './types.js';

describe('tick -> oscillator -> print', () => {
  it('prints sine values at the injected times', () => {
    const h = harness();
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'osc', operatorClass: 'oscillator', state: { frequency: 1, amplitude: 2 } },
        { nodeId: 'p', operatorClass: 'print' },
      ],
      edges: [exec('t.out', 'p.in'), data('osc.value', 'p.value')],
    });
    for (const now of [0, 250, 500, 750, 1125]) h.engine.tick(now);
    const values = h.texts().map(Number);
    const expected = [0, 250, 500, 750, 1125].map((ms) => 2 * Math.sin(2 * Math.PI * (ms / 1000)));
    expect(values).toHaveLength(5);
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 9));
    expect(h.prints.every(([n]) => n === 'p')).toBe(true);
  });

  it('cook times: calls and self time per operator, upstream pulls excluded (injected clock)', () => {
    let t = 0;
    // every clock reading advances 1 ms: a call that pulls one upstream output measures 3 ms in all, 2 ms of its own
    const h = harness({ clock: () => t++ });
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'osc', operatorClass: 'oscillator', state: { frequency: 1 } },
        { nodeId: 'p', operatorClass: 'print' },
      ],
      edges: [exec('t.out', 'p.in'), data('osc.value', 'p.value')],
    });
    for (const now of [0, 100, 200]) h.engine.tick(now);
    const cook = Object.fromEntries(h.engine.cookTimes().map((c) => [c.nodeId, c]));
    expect(cook.p?.calls).toBe(3);
    expect(cook.osc?.calls).toBe(3);
    expect(cook.osc?.meanMs).toBe(1);
    expect(cook.p?.meanMs).toBe(2);
    expect(cook.p?.p95Ms).toBe(2);
  });
});

describe('exec flow', () => {
  it('fans one exec output out to several targets ordered by target id', () => {
    const h = harness();
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'pb', operatorClass: 'print', state: { label: 'b' } },
        { nodeId: 'pa', operatorClass: 'print', state: { label: 'a' } },
      ],
      edges: [exec('t.out', 'pb.in', 'e1'), exec('t.out', 'pa.in', 'e2')],
    });
    h.engine.tick(0);
    expect(h.texts()).toEqual(['a: undefined', 'b: undefined']);
  });

  it('stops a runaway tick at the step limit and reports it once', () => {
    const h = harness({ maxStepsPerTick: 50 });
    // A tree of sequences: 1 + 1 + 3 + 9 + 27 + 81 nodes, more than 50 steps.
    const nodes: EngineGraph['nodes'] = [{ nodeId: 't', operatorClass: 'tick' }];
    const edges: EngineEdge[] = [];
    let frontier = ['t.out'];
    for (let level = 0; level < 5; level++) {
      const next: string[] = [];
      frontier.forEach((src, i) => {
        const id = `s${level}x${i}`;
        nodes.push({ nodeId: id, operatorClass: 'sequence' });
        edges.push(exec(src, `${id}.in`));
        next.push(`${id}.then0`, `${id}.then1`, `${id}.then2`);
      });
      frontier = next;
    }
    applyOk(h.engine, { nodes, edges });
    const r1 = h.engine.tick(0);
    const r2 = h.engine.tick(1);
    expect(r1.steps).toBe(50);
    expect(r1.errors.some((e) => e.includes('50 exec steps'))).toBe(true);
    expect(r2.errors).toHaveLength(1);
    expect(h.errors.filter((e) => e.includes('exec steps'))).toHaveLength(1);
  });
});

describe('pull evaluation', () => {
  it('evaluates each (node, port) once per tick', () => {
    const calls = { create: 0, output: 0 };
    const registry = createDefaultRegistry();
    const probe: OperatorDefinition = {
      spec: { operatorClass: 'probe', label: 'Probe', dataOutPorts: [{ name: 'v' }] },
      create: () => {
        calls.create++;
        return {
          output: (_p, ctx) => {
            calls.output++;
            return ctx.tick * 10;
          },
        };
      },
    };
    registry.register(probe);
    const h = harness({}, registry);
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'pr', operatorClass: 'probe' },
        { nodeId: 'add', operatorClass: 'math.add' },
        { nodeId: 's', operatorClass: 'sequence' },
        { nodeId: 'p1', operatorClass: 'print' },
        { nodeId: 'p2', operatorClass: 'print' },
      ],
      edges: [exec('t.out', 's.in'), exec('s.then0', 'p1.in'), exec('s.then1', 'p2.in'), data('pr.v', 'add.a'), data('pr.v', 'add.b'), data('add.value', 'p1.value'), data('pr.v', 'p2.value')],
      publishedOutputs: [{ nodeId: 'add', port: 'value' }],
    });
    h.engine.tick(0);
    expect(calls).toEqual({ create: 1, output: 1 });
    h.engine.tick(1);
    expect(calls).toEqual({ create: 1, output: 2 });
    expect(h.texts()).toEqual(['20', '10', '40', '20']);
    expect(h.outputs).toEqual([
      ['add', 'value', 20],
      ['add', 'value', 40],
    ]);
  });

  it('pure data nodes compute math, expression, select, merge, range_map, clamp', () => {
    const h = harness();
    applyOk(h.engine, {
      nodes: [
        { nodeId: 'k3', operatorClass: 'constant', state: { value: 3 } },
        { nodeId: 'k4', operatorClass: 'constant', state: { value: 4 } },
        { nodeId: 'k0', operatorClass: 'constant', state: { value: 0 } },
        { nodeId: 'sub', operatorClass: 'math.subtract' },
        { nodeId: 'mul', operatorClass: 'math.multiply' },
        { nodeId: 'div0', operatorClass: 'math.divide' },
        { nodeId: 'ex', operatorClass: 'expression', state: { expr: 'sqrt(a^2 + b^2) + t' } },
        { nodeId: 'sel', operatorClass: 'select' },
        { nodeId: 'kt', operatorClass: 'constant', state: { value: true } },
        { nodeId: 'mg', operatorClass: 'merge' },
        { nodeId: 'rm', operatorClass: 'range_map', state: { inMin: 0, inMax: 10, outMin: 0, outMax: 1, clamp: true } },
        { nodeId: 'cl', operatorClass: 'clamp', state: { min: 0, max: 3.5 } },
      ],
      edges: [
        data('k3.value', 'sub.a'),
        data('k4.value', 'sub.b'),
        data('k3.value', 'mul.a'),
        data('k3.value', 'div0.a'),
        data('k0.value', 'div0.b'),
        data('k3.value', 'ex.a'),
        data('k4.value', 'ex.b'),
        data('k3.value', 'sel.a'),
        data('k4.value', 'sel.b'),
        data('kt.value', 'sel.sel'),
        data('k4.value', 'mg.b'),
        data('mul.value', 'rm.value'),
        data('k4.value', 'cl.value'),
      ],
      publishedOutputs: ['sub', 'mul', 'div0', 'ex', 'sel', 'mg', 'rm', 'cl'].map((nodeId) => ({ nodeId, port: 'value' })),
    });
    h.engine.tick(2000);
    expect(Object.fromEntries(h.outputs.map(([n, , v]) => [n, v]))).toEqual({ sub: -1, mul: 3, div0: null, ex: 7, sel: 4, mg: 4, rm: 0.3, cl: 3.5 });
  });

  it('random uses the injected source and rate_limiter limits change by dt', () => {
    const h = harness({ random: () => 0.5, readExternal: () => 10 });
    applyOk(h.engine, {
      nodes: [
        { nodeId: 'r', operatorClass: 'random', state: { min: 10, max: 20 } },
        { nodeId: 'rl', operatorClass: 'rate_limiter', state: { maxRatePerSec: 2 } },
        { nodeId: 'k', operatorClass: 'constant', state: { value: 0 } },
      ],
      edges: [data('k.value', 'rl.value')],
      publishedOutputs: [
        { nodeId: 'r', port: 'value' },
        { nodeId: 'rl', port: 'value' },
      ],
    });
    h.engine.tick(0);
    h.engine.setState('k', 'value', 10);
    h.engine.tick(500);
    h.engine.tick(1000);
    expect(h.outputs.filter(([n]) => n === 'r').map(([, , v]) => v)).toEqual([15, 15, 15]);
    expect(h.outputs.filter(([n]) => n === 'rl').map(([, , v]) => v)).toEqual([0, 1, 2]);
  });

  it('propagates intra-engine state edges after the tick', () => {
    const h = harness();
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'c', operatorClass: 'counter' },
        { nodeId: 'k', operatorClass: 'constant' },
      ],
      edges: [exec('t.out', 'c.in'), { edgeId: 'st', kind: 'state', from: { nodeId: 'c', port: 'count' }, to: { nodeId: 'k', port: 'value' } }],
    });
    h.engine.tick(0);
    expect(h.engine.snapshot().state.k).toEqual({ value: 1 });
    expect(h.states).toEqual([
      ['c', 'count', 1],
      ['k', 'value', 1],
    ]);
  });
});

describe('apply diff', () => {
  const base = (alpha: number): EngineGraph => ({
    nodes: [
      { nodeId: 't', operatorClass: 'tick' },
      { nodeId: 'k', operatorClass: 'constant', state: { value: 10 } },
      { nodeId: 'ema', operatorClass: 'smooth', state: { alpha } },
      { nodeId: 'c', operatorClass: 'counter', state: { count: 0 } },
      { nodeId: 'p', operatorClass: 'print' },
    ],
    edges: [exec('t.out', 'c.in', 'e1'), exec('c.out', 'p.in', 'e2'), data('k.value', 'ema.value', 'e3'), data('ema.value', 'p.value', 'e4')],
  });

  it('keeps instances (EMA memory, counter count) and passes changed state to setState', () => {
    const created: string[] = [];
    const registry = createDefaultRegistry();
    const smoothDef = registry.get('smooth') as OperatorDefinition;
    const spy = new OperatorRegistry();
    for (const spec of registry.specs()) {
      const def = registry.get(spec.operatorClass) as OperatorDefinition;
      spy.register({
        spec: def.spec,
        create: (init) => {
          created.push(init.nodeId);
          return def === smoothDef ? def.create(init) : def.create(init);
        },
      });
    }
    const h = harness({}, spy);
    const c1 = applyOk(h.engine, base(0.5));
    expect(c1).toEqual({ added: ['t', 'k', 'ema', 'c', 'p'], removed: [], kept: [], updated: [] });
    h.engine.tick(0); // ema 10
    h.engine.setState('k', 'value', 20);
    h.engine.tick(50); // ema 15
    expect(h.texts()).toEqual(['10', '15']);

    // Same graph with a changed alpha and an extra node.
    const g2 = base(0.25);
    g2.nodes.push({ nodeId: 'extra', operatorClass: 'constant' });
    const c2 = applyOk(h.engine, g2);
    expect(c2).toEqual({ added: ['extra'], removed: [], kept: ['t', 'k', 'ema', 'c', 'p'], updated: ['ema'] });
    expect(created.filter((n) => n === 'ema')).toHaveLength(1);
    h.engine.tick(100); // ema memory 15, x 20 (k kept its runtime value 20: its given state did not change) -> 16.25
    expect(h.texts().at(-1)).toBe('16.25');
    // counter kept counting although the graph still says count: 0
    expect(h.engine.snapshot().state.c).toEqual({ count: 3, step: 1 });
    expect(h.states.filter(([n]) => n === 'c').map(([, , v]) => v)).toEqual([1, 2, 3]);
  });

  it('recreates a node whose class changes and disposes removed nodes, dropping their edges', () => {
    const disposed: string[] = [];
    const registry = createDefaultRegistry();
    registry.register({
      spec: { operatorClass: 'disposable', label: 'D', dataOutPorts: [{ name: 'value' }] },
      create: (init) => ({ output: () => 'd', dispose: () => disposed.push(init.nodeId) }),
    });
    const h = harness({}, registry);
    applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'src', operatorClass: 'disposable' },
        { nodeId: 'p', operatorClass: 'print' },
      ],
      edges: [exec('t.out', 'p.in'), data('src.value', 'p.value')],
    });
    h.engine.tick(0);
    const changes = applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'p', operatorClass: 'print' },
      ],
      edges: [exec('t.out', 'p.in')],
    });
    expect(changes.removed).toEqual(['src']);
    expect(disposed).toEqual(['src']);
    h.engine.tick(1);
    expect(h.texts()).toEqual(['d', 'undefined']);
    expect(h.engine.snapshot().graph.edges).toHaveLength(1);

    // A class change: same nodeId, new instance.
    const c = applyOk(h.engine, {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'p', operatorClass: 'constant', state: { value: 7 } },
      ],
      edges: [],
    });
    expect(c).toEqual({ added: ['p'], removed: ['p'], kept: ['t'], updated: [] });
    expect(h.engine.snapshot().state.p).toEqual({ value: 7 });
  });

  it('a failing create leaves the old graph running', () => {
    const registry = createDefaultRegistry();
    registry.register({
      spec: { operatorClass: 'broken', label: 'B' },
      create: () => {
        throw new Error('boom');
      },
    });
    const h = harness({}, registry);
    const g = {
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'p', operatorClass: 'print', state: { label: 'x' } },
      ],
      edges: [exec('t.out', 'p.in')],
    };
    applyOk(h.engine, g);
    const r = h.engine.apply({ nodes: [...g.nodes, { nodeId: 'b', operatorClass: 'broken' }], edges: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/"b".*boom/);
    h.engine.tick(0);
    expect(h.texts()).toEqual(['x: undefined']);
  });
});

describe('invalid graphs', () => {
  const good: EngineGraph = {
    nodes: [
      { nodeId: 't', operatorClass: 'tick' },
      { nodeId: 'k', operatorClass: 'constant', state: { value: 1 } },
      { nodeId: 'p', operatorClass: 'print' },
    ],
    edges: [exec('t.out', 'p.in', 'ex1'), data('k.value', 'p.value', 'dk')],
  };
  const cases: [string, EngineGraph, RegExp][] = [
    ['unknown class', { nodes: [...good.nodes, { nodeId: 'zz', operatorClass: 'nope.op' }], edges: good.edges }, /node "zz": unknown operatorClass "nope\.op"/],
    ['unknown data port', { nodes: good.nodes, edges: [...good.edges, data('k.bogus', 'p.value', 'bad')] }, /edge "bad": node "k" \(constant\) has no data output "bogus"/],
    ['exec edge on a data port', { nodes: good.nodes, edges: [exec('t.out', 'p.value', 'bad2')] }, /edge "bad2": node "p" \(print\) has no exec input "value"/],
    ['unknown node in edge', { nodes: good.nodes, edges: [data('ghost.value', 'p.value', 'g1')] }, /edge "g1": unknown node "ghost"/],
    [
      'two upstreams',
      { nodes: [...good.nodes, { nodeId: 'k2', operatorClass: 'constant' }], edges: [...good.edges, data('k2.value', 'p.value', 'dk2')] },
      /data input p\.value has 2 upstreams \(edge "dk", edge "dk2"\)/,
    ],
    ['two exec upstreams', { nodes: [...good.nodes, { nodeId: 't2', operatorClass: 'tick' }], edges: [...good.edges, exec('t2.out', 'p.in', 'ex2')] }, /exec input p\.in has 2 upstreams/],
    [
      'exec cycle',
      {
        nodes: [...good.nodes, { nodeId: 'c1', operatorClass: 'counter' }, { nodeId: 'c2', operatorClass: 'counter' }],
        edges: [...good.edges, exec('c1.out', 'c2.in', 'y1'), exec('c2.out', 'c1.in', 'y2')],
      },
      /exec cycle: c1 -> c2 -> c1/,
    ],
    [
      'data cycle',
      {
        nodes: [...good.nodes, { nodeId: 'a1', operatorClass: 'math.add' }, { nodeId: 'a2', operatorClass: 'math.add' }],
        edges: [...good.edges, data('a1.value', 'a2.a', 'z1'), data('a2.value', 'a1.a', 'z2')],
      },
      /data cycle: a1 -> a2 -> a1/,
    ],
    ['unknown state field', { nodes: [{ nodeId: 'k', operatorClass: 'constant', state: { nope: 1 } }], edges: [] }, /node "k": unknown state field "nope"/],
    ['bad state value', { nodes: [{ nodeId: 'o', operatorClass: 'oscillator', state: { waveform: 'zigzag' } }], edges: [] }, /node "o": state field "waveform" must be one of/],
    ['duplicate node', { nodes: [good.nodes[0]!, good.nodes[0]!], edges: [] }, /node "t": duplicate nodeId/],
    [
      'state edge into ro',
      {
        nodes: [
          { nodeId: 'k', operatorClass: 'constant' },
          { nodeId: 'k2', operatorClass: 'constant' },
        ],
        edges: [{ edgeId: 's1', kind: 'state', from: { nodeId: 'k', port: 'value' }, to: { nodeId: 'k2', port: 'nope' } }],
      },
      /edge "s1": node "k2" \(constant\) has no state field "nope"/,
    ],
    ['bad published output', { ...good, publishedOutputs: [{ nodeId: 'p', port: 'value' }] }, /publishedOutputs\[0\]: node "p" \(print\) has no data output "value"/],
    ['external input that is also wired', { ...good, externalInputs: [{ nodeId: 'p', port: 'value' }] }, /data input p\.value has 2 upstreams/],
  ];

  it.each(cases)('%s is rejected and the old graph keeps ticking', (_name, bad, pattern) => {
    const h = harness();
    applyOk(h.engine, good);
    h.engine.tick(0);
    expect(h.engine.validate(bad).some((e) => pattern.test(e))).toBe(true);
    const r = h.engine.apply(bad);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(
        r.errors.some((e) => pattern.test(e)),
        r.errors.join('\n'),
      ).toBe(true);
    h.engine.tick(1);
    expect(h.texts()).toEqual(['1', '1']);
  });

  it('rejects non-graphs without throwing', () => {
    const h = harness();
    for (const bad of [null, 1, 'x', {}, { nodes: 1 }, { nodes: [], edges: 'x' }, { nodes: [null], edges: [null] }]) {
      const r = h.engine.apply(bad);
      expect(r.ok).toBe(false);
    }
  });
});

describe('snapshot', () => {
  it('returns the graph with current state', () => {
    const h = harness();
    applyOk(h.engine, { nodes: [{ nodeId: 'o', operatorClass: 'oscillator', state: { frequency: 2 } }], edges: [] });
    const snap = h.engine.snapshot();
    expect(snap.state.o).toEqual({ frequency: 2, amplitude: 1, offset: 0, phase: 0, waveform: 'sine' });
    expect(snap.graph.nodes[0]?.state).toEqual(snap.state.o);
    snap.state.o!.frequency = 99;
    expect(h.engine.snapshot().state.o?.frequency).toBe(2);
  });
});
