// Auto-layout through the real elkjs: nodes move, and operators stay inside their engine.
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { applyOp } from '../../../shared/graph';
import type { ServiceGraph } from '../../../shared/types';
import { fromElk, toElk, type ElkNode } from './layout';

const g: ServiceGraph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g',
  nodes: [
    { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', position: { x: 0, y: 0 } },
    { nodeId: 'eng', kind: 'service', serviceClass: 'f8.engine', position: { x: 0, y: 0 } },
    { nodeId: 'a', kind: 'operator', operatorClass: 'smooth', parentId: 'eng', position: { x: 0, y: 0 } },
    { nodeId: 'b', kind: 'operator', operatorClass: 'smooth', parentId: 'eng', position: { x: 0, y: 0 } },
    { nodeId: 'log', kind: 'service', serviceClass: 'f8.logger', position: { x: 0, y: 0 } },
  ],
  edges: [
    { kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'a', port: 'value' } },
    { kind: 'data', from: { nodeId: 'a', port: 'value' }, to: { nodeId: 'b', port: 'value' } },
    { kind: 'data', from: { nodeId: 'b', port: 'value' }, to: { nodeId: 'log', port: 'value' } },
  ],
};

describe('auto layout', () => {
  it('lays out left to right with operators inside their engine, which is sized to hold them', async () => {
    const elk = new ELK();
    const out = (await elk.layout(toElk(g, new Map(), (id) => id === 'eng') as never)) as unknown as ElkNode;
    const r = applyOp(g, fromElk(g, out));
    if ('error' in r) throw new Error(r.error);
    const at = (id: string) => r.graph.nodes.find((n) => n.nodeId === id) as ServiceGraph['nodes'][number];
    const eng = at('eng');
    const size = eng['x-size'] as { width: number; height: number };
    for (const id of ['a', 'b']) {
      const p = at(id).position!;
      expect(p.x).toBeGreaterThanOrEqual(eng.position!.x);
      expect(p.y).toBeGreaterThanOrEqual(eng.position!.y);
      expect(p.x + 220).toBeLessThanOrEqual(eng.position!.x + size.width);
    }
    expect(at('sig').position!.x).toBeLessThan(eng.position!.x);
    expect(at('log').position!.x).toBeGreaterThan(eng.position!.x + size.width - 1);
    expect(at('a').position!.x).toBeLessThan(at('b').position!.x);
  });
});
