// The editor's pure graph layer without a DOM: spec lookup, graph -> React Flow mapping (with
// identity reuse), React Flow changes -> graph ops, handles, clipboard, analysis marks.
import { describe, expect, it } from 'vitest';
import type { NodeChange } from '@xyflow/react';
import { applyOp, type GraphOp } from '../../../shared/graph';
import { compile, compileCatalogFrom } from '../../../shared/compiler';
import type { CatalogEntry, Manifest, ServiceGraph } from '../../../shared/types';
import { catalogIndex, nodeSpecs } from './spec';
import { FlowMapper, type FlowInputs } from './flow';
import { flowInputs } from './testing';
import { opsFromChanges } from './changes';
import { connectionOf, handleId, kindMismatch, parseHandle } from './handles';
import { copySelection, deleteOp, pasteOp } from './clipboard';
import { newInstanceId } from './ids';
import { analyse } from './analysis';

const m = (serviceClass: string, extra: Partial<Manifest>): Manifest =>
  ({ schemaVersion: 'f8service/1', serviceClass, label: serviceClass, version: '1.0.0', launch: { command: 'x' }, ...extra }) as Manifest;
const entries: CatalogEntry[] = [
  m('f8.signal', {
    label: 'Signal generator',
    dataOutPorts: [{ name: 'value', valueSchema: { type: 'number' } }],
    stateFields: [{ name: 'rate', valueSchema: { type: 'number' }, access: 'rw', showOnNode: true }],
  }),
  m('f8.logger', { label: 'Logger', dataInPorts: [{ name: 'value' }], editableDataInPorts: true }),
  m('f8.engine', {
    label: 'Engine',
    engine: true,
    operators: [
      {
        operatorClass: 'smooth',
        label: 'Smooth',
        dataInPorts: [{ name: 'value', valueSchema: { type: 'number' } }],
        dataOutPorts: [{ name: 'value', valueSchema: { type: 'number' } }],
        stateFields: [{ name: 'alpha', valueSchema: { type: 'number' }, access: 'rw' }],
      },
    ],
  }),
].map((manifest) => ({ serviceClass: manifest.serviceClass, manifest, manifestHash: 'h', path: '/x', dir: '/' }));
const catalog = catalogIndex(entries);

const graph: ServiceGraph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g',
  nodes: [
    { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', position: { x: 0, y: 0 } },
    { nodeId: 'eng', kind: 'service', serviceClass: 'f8.engine', position: { x: 300, y: 0 } },
    { nodeId: 'sm', kind: 'operator', operatorClass: 'smooth', parentId: 'eng', position: { x: 340, y: 80 } },
    { nodeId: 'log', kind: 'service', serviceClass: 'f8.logger', position: { x: 800, y: 0 }, ports: { dataIn: [{ name: 'extra' }] } },
  ],
  edges: [
    { kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'sm', port: 'value' } },
    { kind: 'data', from: { nodeId: 'sm', port: 'value' }, to: { nodeId: 'log', port: 'value' } },
  ],
};
const inputs = (g: ServiceGraph, extra: Partial<FlowInputs> = {}): FlowInputs => flowInputs(g, catalog, extra);
const apply = (g: ServiceGraph, op: GraphOp): ServiceGraph => {
  const r = applyOp(g, op);
  if ('error' in r) throw new Error(r.error);
  return r.graph;
};

describe('node specs', () => {
  it('services, engines, operators (through their engine), extras and unknown classes', () => {
    const specs = nodeSpecs({ ...graph, nodes: [...graph.nodes, { nodeId: 'ghost', kind: 'service', serviceClass: 'f8.nope' }] }, catalog);
    expect(specs.get('sig')).toMatchObject({ shape: 'service', classLabel: 'Signal generator', known: true });
    expect(specs.get('eng')?.shape).toBe('engine');
    expect(specs.get('sm')).toMatchObject({ shape: 'operator', engineId: 'eng', classLabel: 'Smooth' });
    expect(specs.get('log')?.dataIn.map((p) => [p.name, !!p.extra])).toEqual([
      ['value', false],
      ['extra', true],
    ]);
    expect(specs.get('ghost')).toMatchObject({ known: false, problem: expect.stringContaining('not in the catalog') });
  });
});

describe('graph -> React Flow', () => {
  it('children are placed relative to their engine; engines are sized to hold them; edges carry handles and the cross flag', () => {
    const { nodes, edges } = new FlowMapper().map(inputs(graph));
    expect(nodes.map((n) => n.id)).toEqual(['sig', 'eng', 'log', 'sm']);
    const sm = nodes.find((n) => n.id === 'sm');
    expect(sm).toMatchObject({ parentId: 'eng', position: { x: 40, y: 80 }, extent: 'parent', type: 'operator' });
    const eng = nodes.find((n) => n.id === 'eng');
    expect(eng?.width).toBeGreaterThanOrEqual(40 + 220);
    expect(edges[0]).toMatchObject({ source: 'sig', target: 'sm', sourceHandle: handleId('data', 'out', 'value'), targetHandle: handleId('data', 'in', 'value'), type: 'data' });
    expect(edges.map((e) => e.data?.cross)).toEqual([true, true]);
  });

  it('reuses the objects of nodes and edges that did not change', () => {
    const mapper = new FlowMapper();
    const a = mapper.map(inputs(graph));
    const moved = apply(graph, { type: 'moveNodes', moves: [{ nodeId: 'log', to: { x: 900, y: 10 } }] });
    const b = mapper.map(inputs(moved));
    expect(b.nodes.find((n) => n.id === 'sig')).toBe(a.nodes.find((n) => n.id === 'sig'));
    expect(b.nodes.find((n) => n.id === 'log')).not.toBe(a.nodes.find((n) => n.id === 'log'));
    expect(b.edges[0]).toBe(a.edges[0]);
    const c = mapper.map(inputs(moved, { selectedNodes: new Set(['sig']) }));
    expect(c.nodes.find((n) => n.id === 'sig')).not.toBe(b.nodes.find((n) => n.id === 'sig'));
    expect(c.nodes.find((n) => n.id === 'sig')?.selected).toBe(true);
  });
});

describe('React Flow changes -> graph ops', () => {
  it('a moved engine carries its operators; a moved operator converts back to absolute', () => {
    const moveEngine = opsFromChanges(graph, [{ type: 'position', id: 'eng', position: { x: 310, y: 20 }, dragging: true } as NodeChange]);
    expect(moveEngine.ongoing).toBe(true);
    const g1 = apply(graph, moveEngine.op as GraphOp);
    expect(g1.nodes.find((n) => n.nodeId === 'sm')?.position).toEqual({ x: 350, y: 100 });
    const moveOp = opsFromChanges(g1, [{ type: 'position', id: 'sm', position: { x: 50, y: 50 }, dragging: false } as NodeChange]);
    expect(moveOp.ongoing).toBe(false);
    expect(apply(g1, moveOp.op as GraphOp).nodes.find((n) => n.nodeId === 'sm')?.position).toEqual({ x: 360, y: 70 });
  });

  it('a resize stores x-size; changes that move nothing give no op', () => {
    const r = opsFromChanges(graph, [{ type: 'dimensions', id: 'eng', dimensions: { width: 500.4, height: 320 }, resizing: false } as NodeChange]);
    expect(apply(graph, r.op as GraphOp).nodes.find((n) => n.nodeId === 'eng')?.['x-size']).toEqual({ width: 500, height: 320 });
    expect(opsFromChanges(graph, [{ type: 'position', id: 'sig', position: { x: 0, y: 0 } } as NodeChange]).op).toBeNull();
    expect(opsFromChanges(graph, [{ type: 'select', id: 'sig', selected: true }]).op).toBeNull();
  });
});

describe('handles', () => {
  it('encode kind, direction and port; a connection becomes an edge candidate either way round', () => {
    expect(parseHandle(handleId('state', 'in', 'gain'))).toEqual({ kind: 'state', dir: 'in', port: 'gain' });
    expect(parseHandle('junk')).toBeNull();
    const fwd = connectionOf({ source: 'a', sourceHandle: 'data:out:v', target: 'b', targetHandle: 'data:in:w' });
    const back = connectionOf({ source: 'b', sourceHandle: 'data:in:w', target: 'a', targetHandle: 'data:out:v' });
    expect(fwd).toEqual({ kind: 'data', from: { nodeId: 'a', port: 'v' }, to: { nodeId: 'b', port: 'w' } });
    expect(back).toEqual(fwd);
    expect(connectionOf({ source: 'a', sourceHandle: 'data:out:v', target: 'b', targetHandle: 'exec:in:w' })).toBeNull();
    expect(kindMismatch('data:out:v', 'exec:in:w')).toMatch(/data port joins only data ports/);
  });
});

describe('clipboard', () => {
  it('copy takes operators inside a copied engine and the edges among the copied nodes; paste gives new ids and keeps internal edges', () => {
    const c = copySelection(graph, ['eng', 'log']);
    expect(c.nodes.map((n) => n.nodeId).sort()).toEqual(['eng', 'log', 'sm']);
    expect(c.edges).toHaveLength(1);
    let i = 0;
    const pasted = pasteOp(graph, c, { offset: { x: 40, y: 40 }, random: () => `00000000-0000-4000-8000-00000000000${i++}` });
    expect(pasted).not.toBeNull();
    const g2 = apply(graph, pasted!.op);
    expect(g2.nodes).toHaveLength(7);
    expect(pasted!.ids).toContain('engine');
    expect(pasted!.ids).toContain('logger');
    const newOp = g2.nodes.find((n) => n.kind === 'operator' && n.parentId === 'engine');
    expect(newOp?.position).toEqual({ x: 380, y: 120 });
    expect(g2.edges).toHaveLength(3);
    expect(g2.edges[2]).toMatchObject({ from: { nodeId: newOp?.nodeId }, to: { nodeId: 'logger' } });
  });

  it('delete removes nodes with their operators and edges, in one op that undoes', () => {
    const op = deleteOp(graph, ['eng'], ['ignored']);
    const r = applyOp(graph, op as GraphOp);
    if ('error' in r) throw new Error(r.error);
    expect(r.graph.nodes.map((n) => n.nodeId)).toEqual(['sig', 'log']);
    expect(r.graph.edges).toEqual([]);
    const back = applyOp(r.graph, r.inverse);
    expect('graph' in back && back.graph).toEqual(graph);
  });

  it('instance ids are readable and free', () => {
    expect(newInstanceId('f8.signal', graph)).toBe('signal');
    expect(newInstanceId('f8.signal', { ...graph, nodes: [...graph.nodes, { nodeId: 'signal', kind: 'service', serviceClass: 'f8.signal' }] })).toBe('signal-2');
    expect(newInstanceId('x.master', graph)).toBe('master-svc');
  });
});

describe('analysis', () => {
  it('marks every node "start" before the first deploy; a changed operator is "reconfigure" afterwards; diagnostics land on their edge', () => {
    const cat = compileCatalogFrom(entries);
    const first = analyse(graph, cat, null);
    expect(first.errors).toBe(0);
    expect(first.marks.get('sig')?.action).toBe('start');
    expect(first.marks.get('sm')?.action).toBe('start');
    expect(first.pending).toBe(3);
    // pretend it was deployed
    const deployed = compile(graph, cat, null);
    const changed = apply(graph, { type: 'setNodeState', nodeId: 'sm', field: 'alpha', value: 0.5 });
    const after = analyse(changed, cat, deployed);
    expect(after.marks.get('eng')?.action).toBe('reconfigure');
    expect(after.marks.get('sm')?.action).toBe('reconfigure');
    expect(after.marks.has('sig')).toBe(false);
    expect(after.pending).toBe(1);
    // with the live instances: one that is not running starts again ("not running"), not a restart
    const stopped = analyse(graph, cat, deployed, new Set(['eng', 'log']));
    expect(stopped.marks.get('sig')).toMatchObject({ action: 'start', reasons: ['not running'] });
    expect(stopped.pending).toBe(1);
    const broken = apply(graph, { type: 'addEdge', edge: { kind: 'data', from: { nodeId: 'sig', port: 'nope' }, to: { nodeId: 'log', port: 'extra' } } });
    const bad = analyse(broken, cat, null);
    expect(bad.pending).toBeNull();
    expect([...bad.edgeIssues.values()].flat()[0]?.code).toBe('missing-port');
  });
});

describe('humanize', () => {
  it('names generated ids by their label', async () => {
    const { humanize } = await import('./humanize');
    const id = '0123456789abcdef0123456789abcdef';
    const g: ServiceGraph = { ...graph, nodes: [...graph.nodes, { nodeId: id, kind: 'operator', operatorClass: 'smooth', parentId: 'eng' }] };
    expect(humanize(`${id}.value does not fit sig.value`, g, catalog)).toBe('Smooth.value does not fit sig.value');
  });
});
