import { describe, expect, it } from 'vitest';
import { applyOp, type GraphOp } from './index.js';
import type { ServiceGraph } from '../types.js';

const g: ServiceGraph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g',
  name: 'first',
  nodes: [
    { nodeId: 'eng', kind: 'service', serviceClass: 'f8.engine' },
    { nodeId: 'box', kind: 'operator', operatorClass: 'f8.container', parentId: 'eng' },
    { nodeId: 'op', kind: 'operator', operatorClass: 'tick', parentId: 'eng' },
    { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal' },
  ],
  edges: [],
};

function roundTrip(op: GraphOp): ServiceGraph {
  const r = applyOp(g, op);
  if ('error' in r) throw new Error(r.error);
  const back = applyOp(r.graph, r.inverse);
  if ('error' in back) throw new Error(back.error);
  expect(back.graph).toEqual(g);
  return r.graph;
}

describe('setNodeProps and setGraphName', () => {
  it('sets and removes restartPolicy, x-* fields and parentId, each undone by its inverse', () => {
    expect(roundTrip({ type: 'setNodeProps', nodeId: 'sig', props: { restartPolicy: 'always' } }).nodes[3]).toMatchObject({ restartPolicy: 'always' });
    expect(roundTrip({ type: 'setNodeProps', nodeId: 'eng', props: { 'x-size': { width: 400, height: 300 } } }).nodes[0]).toMatchObject({ 'x-size': { width: 400, height: 300 } });
    expect(roundTrip({ type: 'setNodeProps', nodeId: 'op', props: { parentId: 'box' } }).nodes[2]).toMatchObject({ parentId: 'box' });
    expect(roundTrip({ type: 'setGraphName', name: 'second' }).name).toBe('second');
    expect(roundTrip({ type: 'setGraphName' }).name).toBeUndefined();
  });

  it('refuses what a node cannot have, and changes nothing', () => {
    const bad: [GraphOp, RegExp][] = [
      [{ type: 'setNodeProps', nodeId: 'op', props: { restartPolicy: 'always' } }, /only service nodes/],
      [{ type: 'setNodeProps', nodeId: 'sig', props: { restartPolicy: 'sometimes' } }, /must be one of/],
      [{ type: 'setNodeProps', nodeId: 'sig', props: { serviceClass: 'x' } }, /not a node property/],
      [{ type: 'setNodeProps', nodeId: 'box', props: { parentId: 'box' } }, /into itself/],
      [{ type: 'setNodeProps', nodeId: 'op', props: { parentId: 'ghost' } }, /is not a node/],
      [{ type: 'setNodeProps', nodeId: 'op', props: { parentId: undefined } }, /cannot be removed/],
      [{ type: 'setNodeProps', nodeId: 'ghost', props: {} }, /unknown nodeId/],
    ];
    for (const [op, re] of bad) {
      const r = applyOp(g, op);
      expect('error' in r && r.error).toMatch(re);
    }
  });
});
