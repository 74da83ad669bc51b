// The null rule at run time (docs/ports-and-types.md): null means "no value"; the engine never
// hands a null to an input whose valueSchema excludes null, and that input keeps the last value
// it was given. This is what lets `number | null` outputs (smooth, math, clamp, ...) feed
// `number` inputs, which the connection checker allows for the same reason.
import { describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from './engine.js';
import { createDefaultRegistry } from './operators/index.js';
import type { EngineEdge, EngineGraph, OperatorDefinition } from './types.js';

const data = (from: string, to: string): EngineEdge => {
  const [fn = '', fp = ''] = from.split('.');
  const [tn = '', tp = ''] = to.split('.');
  return { edgeId: `${from}->${to}`, kind: 'data', from: { nodeId: fn, port: fp }, to: { nodeId: tn, port: tp } };
};

/** An operator that records what its inputs receive: `x` is a number input, `any` takes anything. */
function probeRegistry(seen: [unknown, unknown][]) {
  const registry = createDefaultRegistry();
  const probe: OperatorDefinition = {
    spec: { operatorClass: 'probe', label: 'Probe', dataInPorts: [{ name: 'x', valueSchema: { type: 'number' } }, { name: 'any' }], dataOutPorts: [{ name: 'seen' }] },
    create: () => ({
      output: (_p, ctx) => {
        seen.push([ctx.input('x'), ctx.input('any')]);
        return seen.length;
      },
    }),
  };
  registry.register(probe);
  return registry;
}

function harness(registry = createDefaultRegistry(), extra: Partial<EngineOptions> = {}) {
  const outputs: [string, string, unknown][] = [];
  const errors: string[] = [];
  const engine = new Engine({ registry, onOutput: (n, p, v) => outputs.push([n, p, v]), onError: (_n, m) => errors.push(m), ...extra });
  const apply = (g: EngineGraph) => {
    const r = engine.apply(g);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    return r.changes;
  };
  /** The values one output published, tick by tick. */
  const of = (nodeId: string, port = 'value') => outputs.filter(([n, p]) => n === nodeId && p === port).map(([, , v]) => v);
  return { engine, outputs, errors, apply, of };
}

describe('Smooth -> Add -> Multiply', () => {
  it('yields numbers at Multiply on every tick, and the null Smooth sends before its first value never reaches Add', () => {
    const seen: [unknown, unknown][] = [];
    const h = harness(probeRegistry(seen));
    h.apply({
      nodes: [
        { nodeId: 'src', operatorClass: 'constant', state: { value: null } },
        { nodeId: 'sm', operatorClass: 'smooth', state: { alpha: 0.5 } },
        { nodeId: 'one', operatorClass: 'constant', state: { value: 1 } },
        { nodeId: 'add', operatorClass: 'math.add' },
        { nodeId: 'three', operatorClass: 'constant', state: { value: 3 } },
        { nodeId: 'mul', operatorClass: 'math.multiply' },
        { nodeId: 'pr', operatorClass: 'probe' },
      ],
      edges: [
        data('src.value', 'sm.value'),
        data('sm.value', 'add.a'),
        data('one.value', 'add.b'),
        data('add.value', 'mul.a'),
        data('three.value', 'mul.b'),
        data('sm.value', 'pr.x'),
        data('sm.value', 'pr.any'),
      ],
      publishedOutputs: ['sm', 'add', 'mul'].map((nodeId) => ({ nodeId, port: 'value' })).concat([{ nodeId: 'pr', port: 'seen' }]),
    });

    // Smooth has had no input yet: it says null ("no value"), which Add's number input never sees
    h.engine.tick(0);
    expect(h.of('sm')).toEqual([null]);
    expect(seen).toEqual([[undefined, null]]); // the number input got nothing; the untyped one got the null
    expect(h.of('add')).toEqual([1]); // a has no value yet: counts as unconnected (0), so 0 + 1
    expect(h.of('mul')).toEqual([3]);

    // a value arrives and flows through
    h.engine.setState('src', 'value', 10);
    h.engine.tick(100);
    h.engine.setState('src', 'value', 20);
    h.engine.tick(200);
    h.engine.tick(300);
    expect(h.of('sm')).toEqual([null, 10, 15, 17.5]);
    expect(h.of('add')).toEqual([1, 11, 16, 18.5]);
    expect(h.of('mul')).toEqual([3, 33, 48, 55.5]);
    expect(h.of('mul').every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
    expect(seen.slice(1)).toEqual([
      [10, 10],
      [15, 15],
      [17.5, 17.5],
    ]);
    expect(h.errors).toEqual([]);
  });
});

describe('a null is not delivered to an input that excludes null', () => {
  it('the input keeps the last value it was given (intra-engine edge)', () => {
    const h = harness();
    h.apply({
      nodes: [
        { nodeId: 'k', operatorClass: 'constant', state: { value: 5 } },
        { nodeId: 'add', operatorClass: 'math.add' },
        { nodeId: 'p', operatorClass: 'print' },
      ],
      edges: [data('k.value', 'add.a')],
      publishedOutputs: [{ nodeId: 'add', port: 'value' }],
    });
    h.engine.tick(0);
    h.engine.setState('k', 'value', null);
    h.engine.tick(1);
    h.engine.setState('k', 'value', 7);
    h.engine.tick(2);
    // without the rule add would see null, which is not a number, and say null itself
    expect(h.of('add')).toEqual([5, 5, 7]);
  });

  it('the same for a value from outside the engine (a cross-instance input)', () => {
    const feed: unknown[] = [4, null, null, 6];
    let i = 0;
    const h = harness(createDefaultRegistry(), { readExternal: () => feed[i] });
    h.apply({
      nodes: [{ nodeId: 'cl', operatorClass: 'clamp', state: { min: 0, max: 100 } }],
      edges: [],
      externalInputs: [{ nodeId: 'cl', port: 'value' }],
      publishedOutputs: [{ nodeId: 'cl', port: 'value' }],
    });
    for (; i < feed.length; i++) h.engine.tick(i * 10);
    expect(h.of('cl')).toEqual([4, 4, 4, 6]);
  });

  it('inputs that accept null still get it: print shows it, merge treats it as no value', () => {
    const lines: string[] = [];
    const h = harness(createDefaultRegistry(), { onPrint: (_n, t) => lines.push(t) });
    h.apply({
      nodes: [
        { nodeId: 't', operatorClass: 'tick' },
        { nodeId: 'k', operatorClass: 'constant', state: { value: null } },
        { nodeId: 'fallback', operatorClass: 'constant', state: { value: 9 } },
        { nodeId: 'p', operatorClass: 'print' },
        { nodeId: 'mg', operatorClass: 'merge' },
      ],
      edges: [{ edgeId: 'x', kind: 'exec', from: { nodeId: 't', port: 'out' }, to: { nodeId: 'p', port: 'in' } }, data('k.value', 'p.value'), data('k.value', 'mg.a'), data('fallback.value', 'mg.b')],
      publishedOutputs: [{ nodeId: 'mg', port: 'value' }],
    });
    h.engine.tick(0);
    expect(lines).toEqual(['null']);
    expect(h.of('mg')).toEqual([9]);
  });

  it('a node created anew (class changed) starts with nothing held', () => {
    const h = harness();
    const nodes = (cls: string) => [
      { nodeId: 'k', operatorClass: 'constant', state: { value: 5 } },
      { nodeId: 'op', operatorClass: cls },
    ];
    h.apply({ nodes: nodes('math.add'), edges: [data('k.value', 'op.a')], publishedOutputs: [{ nodeId: 'op', port: 'value' }] });
    h.engine.tick(0);
    h.engine.setState('k', 'value', null);
    h.apply({ nodes: nodes('math.subtract'), edges: [data('k.value', 'op.a')], publishedOutputs: [{ nodeId: 'op', port: 'value' }] });
    h.engine.tick(1);
    expect(h.of('op')).toEqual([5, 0]);
  });
});

describe('expression is the numeric adapter', () => {
  it('reads booleans as 1/0 and outputs comparisons as 1/0, so it feeds number inputs', () => {
    const h = harness();
    h.apply({
      nodes: [
        { nodeId: 'yes', operatorClass: 'constant', state: { value: true } },
        { nodeId: 'ex', operatorClass: 'expression', state: { expr: 'a + 1' } },
        { nodeId: 'cmp', operatorClass: 'expression', state: { expr: 'a > 0.5' } },
        { nodeId: 'mul', operatorClass: 'math.multiply' },
      ],
      edges: [data('yes.value', 'ex.a'), data('ex.value', 'cmp.a'), data('cmp.value', 'mul.a'), data('ex.value', 'mul.b')],
      publishedOutputs: ['ex', 'cmp', 'mul'].map((nodeId) => ({ nodeId, port: 'value' })),
    });
    h.engine.tick(0);
    expect(Object.fromEntries(h.outputs.map(([n, , v]) => [n, v]))).toEqual({ ex: 2, cmp: 1, mul: 2 });
  });
});
