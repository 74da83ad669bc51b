import { describe, expect, it } from 'vitest';
import { History, composeInverse, applyOp, type GraphOp } from './index.js';
import type { ServiceGraph } from '../types.js';
import { deepFreeze, sampleGraph } from './__fixtures__/graph.js';

const move = (nodeId: string, x: number): GraphOp => ({ type: 'moveNodes', moves: [{ nodeId, to: { x, y: x } }] });
const pos = (g: ServiceGraph, id: string) => g.nodes.find((n) => n.nodeId === id)?.position;

describe('History', () => {
  it('undoes and redoes recorded ops; nothing to do returns false', () => {
    const h = new History(deepFreeze(sampleGraph()));
    expect(h.canUndo).toBe(false);
    expect(h.undo()).toBe(false);
    expect(h.redo()).toBe(false);
    h.apply({ type: 'setNodeLabel', nodeId: 's2', label: 'A' });
    h.apply({ type: 'removeNode', nodeId: 's1' });
    const after = h.graph;
    expect(h.undo()).toBe(true);
    expect(h.undo()).toBe(true);
    expect(h.graph).toStrictEqual(sampleGraph());
    expect(h.canUndo).toBe(false);
    expect(h.canRedo).toBe(true);
    expect(h.redo()).toBe(true);
    expect(h.redo()).toBe(true);
    expect(h.graph).toStrictEqual(after);
    expect(h.canRedo).toBe(false);
  });

  it('removeNode undo restores its edges and child operators in place', () => {
    const h = new History(sampleGraph());
    h.apply({ type: 'removeNode', nodeId: 's1' });
    expect(h.graph.nodes).toHaveLength(2);
    h.undo();
    expect(h.graph).toStrictEqual(sampleGraph());
  });

  it('an error changes nothing and records nothing', () => {
    const h = new History(sampleGraph());
    const g = h.graph;
    expect(h.apply({ type: 'removeNode', nodeId: 'nope' })).toEqual({ error: expect.stringContaining('nope') });
    expect(h.graph).toBe(g);
    expect(h.canUndo).toBe(false);
  });

  it('coalesces consecutive ops with the same key into one step', () => {
    const h = new History(sampleGraph());
    for (let x = 1; x <= 50; x++) h.apply({ type: 'moveNodes', moves: [{ nodeId: 's1', to: { x, y: x } }, ...(x > 25 ? [{ nodeId: 's2', to: { x, y: 0 } }] : [])] }, { coalesceKey: 'drag1' });
    expect(h.undoDepth).toBe(1);
    h.apply(move('o2', 7), { coalesceKey: 'drag2' });
    expect(h.undoDepth).toBe(2);
    h.undo();
    expect(pos(h.graph, 's1')).toEqual({ x: 50, y: 50 });
    h.undo();
    expect(h.graph).toStrictEqual(sampleGraph());
    h.redo();
    expect(pos(h.graph, 's1')).toEqual({ x: 50, y: 50 });
    expect(pos(h.graph, 's2')).toEqual({ x: 50, y: 0 });
  });

  it('does not coalesce across an undo or an uncoalesced op', () => {
    const h = new History(sampleGraph());
    h.apply(move('s1', 1), { coalesceKey: 'k' });
    h.apply(move('s1', 2));
    h.apply(move('s1', 3), { coalesceKey: 'k' });
    expect(h.undoDepth).toBe(3);
    h.undo();
    h.apply(move('s1', 4), { coalesceKey: 'k' });
    expect(h.undoDepth).toBe(3);
  });

  it('coalesces other edits (state typing) and keeps them exact', () => {
    const h = new History(sampleGraph());
    for (const v of [1, 2, 3]) h.apply({ type: 'setNodeState', nodeId: 's2', field: 'level', value: v }, { coalesceKey: 'typing' });
    h.apply({ type: 'setNodeLabel', nodeId: 's2', label: 'x' }, { coalesceKey: 'typing' });
    expect(h.undoDepth).toBe(1);
    h.undo();
    expect(h.graph).toStrictEqual(sampleGraph());
  });

  it('does not undo unrecorded ops', () => {
    const h = new History(sampleGraph());
    h.apply(move('s1', 9));
    h.apply({ type: 'setNodeState', nodeId: 's2', field: 'live', value: 42 }, { record: false });
    expect(h.undoDepth).toBe(1);
    h.undo();
    expect(h.canUndo).toBe(false);
    expect(pos(h.graph, 's1')).toEqual({ x: 0, y: 0 });
    expect(h.graph.nodes.find((n) => n.nodeId === 's2')?.state).toEqual({ live: 42 });
  });

  it('drops a step that a remote op made inapplicable instead of throwing', () => {
    const h = new History(sampleGraph());
    h.apply({ type: 'setNodeLabel', nodeId: 'ed1', label: 'mine' });
    h.apply(move('s1', 5));
    h.apply({ type: 'removeNode', nodeId: 's1' }, { record: false });
    expect(h.undo()).toBe(false);
    expect(h.undoDepth).toBe(1);
    expect(h.undo()).toBe(true);
    expect(h.graph.nodes.find((n) => n.nodeId === 'ed1')?.label).toBe('Scope');
    // and likewise for redo
    h.apply({ type: 'removeNode', nodeId: 'ed1' }, { record: false });
    expect(h.redo()).toBe(false);
    expect(h.canRedo).toBe(false);
  });

  it('a new recorded op clears redo; an unrecorded one does not', () => {
    const h = new History(sampleGraph());
    h.apply(move('s1', 1));
    h.undo();
    h.apply({ type: 'setNodeState', nodeId: 's2', field: 'live', value: 1 }, { record: false });
    expect(h.canRedo).toBe(true);
    h.apply(move('s2', 1));
    expect(h.canRedo).toBe(false);
  });

  it('keeps a bounded stack', () => {
    const h = new History(sampleGraph(), { limit: 3 });
    for (let x = 1; x <= 10; x++) h.apply(move('s1', x));
    expect(h.undoDepth).toBe(3);
    while (h.undo());
    expect(pos(h.graph, 's1')).toEqual({ x: 7, y: 7 });
    const d = new History(sampleGraph());
    for (let x = 1; x <= 250; x++) d.apply(move('s1', x));
    expect(d.undoDepth).toBe(200);
  });
});

describe('composeInverse', () => {
  it('is equivalent to applying newer then older', () => {
    const g = sampleGraph();
    const older: GraphOp = { type: 'setEdgeOptions', edgeId: 'e1', options: { strategy: 'hold' } };
    const newer: GraphOp = { type: 'setEdgeOptions', edgeId: 'e1', options: { strategy: 'latest', dropOld: undefined } };
    const seq = applyOp(g, { type: 'batch', ops: [newer, older] });
    const merged = applyOp(g, composeInverse(newer, older));
    expect('graph' in merged && merged.graph).toStrictEqual('graph' in seq && seq.graph);
  });
});
