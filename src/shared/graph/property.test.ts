import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyOp, edgeIdOf, History, type GraphOp } from './index.js';
import type { GraphEdge, GraphNode, ServiceGraph } from '../types.js';
import { deepFreeze } from './__fixtures__/graph.js';

const NODE_IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const idArb = fc.constantFrom(...NODE_IDS, 'Bad.Id');
const portArb = fc.constantFrom('out', 'in', 'x', '9bad');
const fieldArb = fc.constantFrom('gain', 'level', 'mode', 'bad.field', '__proto__');
const pointArb = fc.record({ x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }) });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A deep copy made of plain objects (fast-check may build null-prototype ones; graphs come from JSON). */
function plain<T>(v: T): T {
  if (Array.isArray(v)) return v.map(plain) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) as T;
  return v;
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const nodeArb = (nodeId: fc.Arbitrary<string>): fc.Arbitrary<GraphNode> =>
  fc
    .record({
      nodeId,
      kind: fc.constantFrom('service', 'operator', 'editor'),
      parentId: fc.constantFrom(...NODE_IDS),
      label: maybe(fc.string({ maxLength: 4 })),
      position: maybe(pointArb),
      state: maybe(fc.dictionary(fc.constantFrom('gain', 'level', 'mode'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2, noNullPrototype: true })),
    })
    .map(({ kind, parentId, ...rest }) =>
      clean(kind === 'service' ? { ...rest, kind, serviceClass: 't.s' } : kind === 'operator' ? { ...rest, kind, operatorClass: 't.o', parentId } : { ...rest, kind, editorClass: 't.e' }),
    );

const edgeArb = (withId: boolean): fc.Arbitrary<GraphEdge> =>
  fc
    .record({
      edgeId: withId ? maybe(fc.constantFrom('e1', 'e2', 'e3', 'e4')) : fc.constant(undefined),
      kind: fc.constantFrom('data', 'state', 'exec'),
      from: fc.record({ nodeId: idArb, port: portArb }),
      to: fc.record({ nodeId: idArb, port: portArb }),
      strategy: maybe(fc.constantFrom('latest', 'queue')),
      queueSize: maybe(fc.integer({ min: 1, max: 10 })),
    })
    .map((e) => clean(e) as GraphEdge);

/** Unique node ids and edge ids; dangling references allowed. */
const graphArb: fc.Arbitrary<ServiceGraph> = fc
  .record({
    nodes: fc.uniqueArray(nodeArb(fc.constantFrom(...NODE_IDS)), { selector: (n) => n.nodeId, maxLength: 6 }),
    edges: fc.uniqueArray(edgeArb(true), { selector: edgeIdOf, maxLength: 6 }),
  })
  .map(({ nodes, edges }) => plain({ schemaVersion: 'f8studio-graph/1' as const, graphId: 'g', nodes, edges }));

/** An op spec; `pick` selects an existing edge at apply time, so removals often hit. */
type Spec = { op: GraphOp } | { edge: 'remove' | 'options'; pick: number; options: Record<string, unknown> };

const simpleOpArb: fc.Arbitrary<GraphOp> = fc.oneof(
  nodeArb(fc.constantFrom(...NODE_IDS, 'h', 'i', 'Bad.Id')).map((node): GraphOp => ({ type: 'addNode', node })),
  idArb.map((nodeId): GraphOp => ({ type: 'removeNode', nodeId })),
  fc.array(fc.record({ nodeId: idArb, to: fc.oneof(pointArb, fc.constant(null), fc.constant({ x: Number.NaN, y: 0 })) }), { maxLength: 3 }).map((moves): GraphOp => ({ type: 'moveNodes', moves })),
  fc.record({ nodeId: idArb, label: maybe(fc.string({ maxLength: 3 })) }).map((r): GraphOp => ({ type: 'setNodeLabel', ...clean(r) })),
  fc.record({ nodeId: idArb, field: fieldArb, value: maybe(fc.jsonValue({ maxDepth: 1 })), keepEmpty: maybe(fc.boolean()) }).map((r): GraphOp => ({ type: 'setNodeState', ...clean(r) })),
  fc
    .record({
      edge: edgeArb(true),
      edgeId: fc.constantFrom(undefined, 'e1', 'e5', 'e6'),
      from: fc.constantFrom(...NODE_IDS),
      to: fc.constantFrom(...NODE_IDS),
      sane: fc.boolean(),
    })
    .map(({ edge, edgeId, from, to, sane }): GraphOp => ({
      type: 'addEdge',
      edge: sane ? clean({ ...edge, edgeId, from: { nodeId: from, port: 'out' }, to: { nodeId: to, port: 'in' } }) : edge,
    })),
  fc.constantFrom('e1', 'e9').map((edgeId): GraphOp => ({ type: 'removeEdge', edgeId })),
);
const opArb: fc.Arbitrary<GraphOp> = fc.oneof({ weight: 8, arbitrary: simpleOpArb }, { weight: 1, arbitrary: fc.array(simpleOpArb, { maxLength: 4 }).map((ops): GraphOp => ({ type: 'batch', ops })) });
const specArb: fc.Arbitrary<Spec> = fc
  .oneof(
    { weight: 6, arbitrary: opArb.map((op) => ({ op })) },
    {
      weight: 2,
      arbitrary: fc.record({
        edge: fc.constantFrom('remove' as const, 'options' as const),
        pick: fc.nat(),
        options: fc.record({ strategy: fc.constantFrom('hold', 'bogus', undefined), queueSize: fc.constantFrom(1, 0, undefined), dropOld: fc.boolean() }, { requiredKeys: [] }),
      }),
    },
  )
  .map(plain);

function resolve(spec: Spec, g: ServiceGraph): GraphOp {
  if ('op' in spec) return spec.op;
  const e = g.edges[spec.pick % Math.max(1, g.edges.length)];
  const edgeId = e ? edgeIdOf(e) : 'none';
  return spec.edge === 'remove' ? { type: 'removeEdge', edgeId } : { type: 'setEdgeOptions', edgeId, options: spec.options };
}

describe('graph ops property', () => {
  it('any sequence of ops, applied then undone in reverse, restores the original exactly', () => {
    fc.assert(
      fc.property(graphArb, fc.array(specArb, { maxLength: 25 }), (original, specs) => {
        const expected = structuredClone(original);
        let g = deepFreeze(original);
        const inverses: GraphOp[] = [];
        for (const spec of specs) {
          const op = deepFreeze(resolve(spec, g));
          const before = structuredClone(g);
          const r = applyOp(g, op);
          if ('error' in r) {
            expect(g).toStrictEqual(before);
            continue;
          }
          // the inverse of the inverse redoes the op
          const back = applyOp(r.graph, r.inverse);
          if ('error' in back) throw new Error(back.error);
          expect(back.graph).toStrictEqual(before);
          g = deepFreeze(r.graph);
          inverses.push(r.inverse);
        }
        for (const inv of inverses.reverse()) {
          const r = applyOp(g, inv);
          if ('error' in r) throw new Error(r.error);
          g = r.graph;
        }
        expect(g).toStrictEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('History: undo all restores the original; redo all restores the final graph', () => {
    fc.assert(
      fc.property(graphArb, fc.array(fc.tuple(specArb, fc.constantFrom(undefined, 'k1', 'k2')), { maxLength: 25 }), (original, steps) => {
        const h = new History(deepFreeze(original));
        for (const [spec, coalesceKey] of steps) h.apply(resolve(spec, h.graph), coalesceKey === undefined ? {} : { coalesceKey });
        const final = h.graph;
        while (h.canUndo) expect(h.undo()).toBe(true);
        expect(h.graph).toStrictEqual(original);
        while (h.canRedo) expect(h.redo()).toBe(true);
        expect(h.graph).toStrictEqual(final);
      }),
      { numRuns: 300 },
    );
  });
});
