import { describe, expect, it } from 'vitest';
import { applyOp, edgeIdOf, type GraphOp } from './index.js';
import { deriveEdgeId } from '../naming.js';
import type { GraphNode, ServiceGraph } from '../types.js';
import { deepFreeze, sampleGraph } from './__fixtures__/graph.js';

function ok(graph: ServiceGraph, op: GraphOp) {
  const r = applyOp(graph, op);
  if ('error' in r) throw new Error(`unexpected error: ${r.error}`);
  return r;
}

/** Applies op to a frozen graph, checks inverse and inverse-of-inverse, returns the result. */
function roundTrip(op: GraphOp, graph: ServiceGraph = sampleGraph()): ServiceGraph {
  const before = deepFreeze(graph);
  const snapshot = structuredClone(before);
  const r = ok(before, deepFreeze(op));
  const back = ok(r.graph, r.inverse);
  expect(back.graph).toStrictEqual(snapshot);
  expect(ok(back.graph, back.inverse).graph).toStrictEqual(r.graph);
  return r.graph;
}

function node(g: ServiceGraph, id: string): GraphNode | undefined {
  return g.nodes.find((n) => n.nodeId === id);
}

describe('applyOp', () => {
  it('addNode appends and its inverse removes it', () => {
    const g = roundTrip({ type: 'addNode', node: { nodeId: 'o3', kind: 'operator', operatorClass: 't.tick', parentId: 'o1' } });
    expect(g.nodes.map((n) => n.nodeId)).toEqual(['o2', 's1', 's2', 'o1', 'ed1', 'o3']);
  });

  it('removeNode removes descendants and touching edges; the inverse restores them in place', () => {
    const g = roundTrip({ type: 'removeNode', nodeId: 's1' });
    expect(g.nodes.map((n) => n.nodeId)).toEqual(['s2', 'ed1']);
    expect(g.edges.map(edgeIdOf)).toEqual([deriveEdgeId({ nodeId: 's2', port: 'out' }, { nodeId: 'ed1', port: 'in' }, 'data')]);
    const leaf = roundTrip({ type: 'removeNode', nodeId: 'ed1' });
    expect(leaf.nodes).toHaveLength(4);
    expect(leaf.edges).toHaveLength(3);
  });

  it('moveNodes sets positions; the inverse restores old ones, including none', () => {
    const g = roundTrip({
      type: 'moveNodes',
      moves: [
        { nodeId: 's1', from: { x: 0, y: 0 }, to: { x: 10, y: 20 } },
        { nodeId: 's2', to: { x: 1, y: 2 } },
        { nodeId: 's1', to: { x: 11, y: 21 } },
      ],
    });
    expect(node(g, 's1')?.position).toEqual({ x: 11, y: 21 });
    expect(node(g, 's2')?.position).toEqual({ x: 1, y: 2 });
    const cleared = roundTrip({ type: 'moveNodes', moves: [{ nodeId: 'o2', to: null }] });
    expect(node(cleared, 'o2')).not.toHaveProperty('position');
  });

  it('setNodeLabel sets and removes labels', () => {
    expect(node(roundTrip({ type: 'setNodeLabel', nodeId: 's2', label: 'Sink' }), 's2')?.label).toBe('Sink');
    expect(node(roundTrip({ type: 'setNodeLabel', nodeId: 's1', label: 'Other' }), 's1')?.label).toBe('Other');
    expect(node(roundTrip({ type: 'setNodeLabel', nodeId: 's1' }), 's1')).not.toHaveProperty('label');
  });

  it('setNodeState sets and removes fields, keeping absent vs empty state exact', () => {
    expect(node(roundTrip({ type: 'setNodeState', nodeId: 's1', field: 'gain', value: 3 }), 's1')?.state).toEqual({ gain: 3 });
    expect(node(roundTrip({ type: 'setNodeState', nodeId: 's1', field: 'bias', value: { a: [1] } }), 's1')?.state).toEqual({ gain: 2, bias: { a: [1] } });
    expect(node(roundTrip({ type: 'setNodeState', nodeId: 's1', field: 'gain' }), 's1')).not.toHaveProperty('state');
    expect(node(roundTrip({ type: 'setNodeState', nodeId: 's2', field: 'level', value: 1 }), 's2')?.state).toEqual({ level: 1 });
    expect(node(roundTrip({ type: 'setNodeState', nodeId: 'ed1', field: 'zoom', value: 1 }), 'ed1')?.state).toEqual({ zoom: 1 });
    expect(node(roundTrip({ type: 'setNodeState', nodeId: 's2', field: 'nothing' }), 's2')?.state).toEqual({});
    const proto = roundTrip({ type: 'setNodeState', nodeId: 's1', field: '__proto__', value: { polluted: true } });
    expect(Object.hasOwn(node(proto, 's1')?.state ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('addEdge fills a derived edgeId and refuses duplicates', () => {
    const edge = { kind: 'data', from: { nodeId: 'ed1', port: 'out' }, to: { nodeId: 's1', port: 'in' } } as const;
    const g = roundTrip({ type: 'addEdge', edge });
    expect(g.edges.at(-1)?.edgeId).toBe(deriveEdgeId(edge.from, edge.to, edge.kind));
    expect(applyOp(g, { type: 'addEdge', edge })).toEqual({ error: expect.stringContaining(deriveEdgeId(edge.from, edge.to, edge.kind)) });
    expect(applyOp(g, { type: 'addEdge', edge: { ...edge, edgeId: 'e1' } })).toEqual({ error: expect.stringContaining("'e1'") });
    roundTrip({ type: 'addEdge', edge: { ...edge, edgeId: 'mine' } });
  });

  it('removeEdge by edgeId or derived id', () => {
    expect(roundTrip({ type: 'removeEdge', edgeId: 'e3' }).edges.map((e) => e.edgeId)).not.toContain('e3');
    const derived = edgeIdOf(sampleGraph().edges[1]!);
    expect(roundTrip({ type: 'removeEdge', edgeId: derived }).edges).toHaveLength(3);
  });

  it('setEdgeOptions sets, replaces and removes options', () => {
    const g = roundTrip({ type: 'setEdgeOptions', edgeId: 'e1', options: { strategy: 'latest', queueSize: undefined, dropOld: true, timeoutMs: 50 } });
    expect(g.edges[0]).toStrictEqual({ edgeId: 'e1', kind: 'data', from: { nodeId: 's1', port: 'out' }, to: { nodeId: 's2', port: 'in' }, strategy: 'latest', dropOld: true, timeoutMs: 50 });
    roundTrip({ type: 'setEdgeOptions', edgeId: edgeIdOf(sampleGraph().edges[1]!), options: { queueSize: 3 } });
  });

  it('batch applies in order and undoes in reverse', () => {
    const g = roundTrip({
      type: 'batch',
      ops: [
        { type: 'addNode', node: { nodeId: 'n9', kind: 'service', serviceClass: 't.source' } },
        { type: 'addEdge', edge: { edgeId: 'e9', kind: 'data', from: { nodeId: 'n9', port: 'out' }, to: { nodeId: 's2', port: 'in' } } },
        { type: 'removeNode', nodeId: 's1' },
        { type: 'batch', ops: [{ type: 'setNodeLabel', nodeId: 'n9', label: 'N' }] },
      ],
    });
    expect(g.nodes.map((n) => n.nodeId)).toEqual(['s2', 'ed1', 'n9']);
  });

  const bad: [string, GraphOp, string][] = [
    ['addNode duplicate', { type: 'addNode', node: { nodeId: 's1', kind: 'service', serviceClass: 'x' } }, "'s1'"],
    ['addNode bad id', { type: 'addNode', node: { nodeId: 'Bad.Id', kind: 'service', serviceClass: 'x' } }, "'Bad.Id'"],
    ['addNode missing parent', { type: 'addNode', node: { nodeId: 'o9', kind: 'operator', operatorClass: 'x', parentId: 'nope' } }, "'nope'"],
    ['removeNode unknown', { type: 'removeNode', nodeId: 'nope' }, "'nope'"],
    [
      'moveNodes unknown',
      {
        type: 'moveNodes',
        moves: [
          { nodeId: 's1', to: { x: 1, y: 1 } },
          { nodeId: 'nope', to: { x: 1, y: 1 } },
        ],
      },
      "'nope'",
    ],
    ['moveNodes NaN', { type: 'moveNodes', moves: [{ nodeId: 's1', to: { x: Number.NaN, y: 1 } }] }, "'s1'"],
    ['setNodeLabel unknown', { type: 'setNodeLabel', nodeId: 'nope', label: 'x' }, "'nope'"],
    ['setNodeState unknown', { type: 'setNodeState', nodeId: 'nope', field: 'f', value: 1 }, "'nope'"],
    ['setNodeState bad field', { type: 'setNodeState', nodeId: 's1', field: 'a.b', value: 1 }, "'a.b'"],
    ['addEdge unknown end', { type: 'addEdge', edge: { kind: 'data', from: { nodeId: 's1', port: 'out' }, to: { nodeId: 'nope', port: 'in' } } }, "'nope'"],
    ['removeEdge unknown', { type: 'removeEdge', edgeId: 'nope' }, "'nope'"],
    ['setEdgeOptions unknown', { type: 'setEdgeOptions', edgeId: 'nope', options: {} }, "'nope'"],
    ['setEdgeOptions bad value', { type: 'setEdgeOptions', edgeId: 'e1', options: { queueSize: 0 } }, "'e1'"],
    [
      'batch is all or nothing',
      {
        type: 'batch',
        ops: [
          { type: 'removeNode', nodeId: 's1' },
          { type: 'removeNode', nodeId: 'o1' },
        ],
      },
      "'o1'",
    ],
    ['restoreItems collision', { type: 'restoreItems', nodes: [{ index: 0, node: { nodeId: 's1', kind: 'editor', editorClass: 'x' } }], edges: [] }, "'s1'"],
    ['deleteItems unknown', { type: 'deleteItems', nodeIds: [], edgeIds: ['nope'] }, "'nope'"],
  ];
  it.each(bad)('%s: returns an error naming the id and changes nothing', (_name, op, mention) => {
    const g = deepFreeze(sampleGraph());
    const r = applyOp(g, deepFreeze(op));
    expect(r).toEqual({ error: expect.stringContaining(mention) });
    expect(g).toStrictEqual(sampleGraph());
  });

  it('never throws on malformed input', () => {
    const g = deepFreeze(sampleGraph());
    for (const op of [null, {}, { type: 'nope' }, { type: 'batch' }, { type: 'moveNodes', moves: [null] }, { type: 'addEdge', edge: { kind: 'data' } }]) {
      expect(applyOp(g, op as unknown as GraphOp)).toHaveProperty('error');
    }
  });
});
