// The canvas geometry known without measuring: below the zoom threshold cards are fixed boxes
// with a handle where an edge ends and edges end on them; above it, cards not measured at that
// zoom carry estimated port handles (so React Flow neither draws nor measures the off-screen
// ones to place a wire), and measured ones keep React Flow's own.
import { describe, expect, it } from 'vitest';
import type { CatalogEntry, Manifest, ServiceGraph } from '../../../shared/types';
import { catalogIndex } from './spec';
import { FlowMapper, type FlowInputs, type Measured } from './flow';
import { BOX_IN, BOX_OUT, SIMPLE_HEIGHT } from './simple';
import { flowInputs } from './testing';

const m = (serviceClass: string, extra: Partial<Manifest>): Manifest =>
  ({ schemaVersion: 'f8service/1', serviceClass, label: serviceClass, version: '1.0.0', launch: { command: 'x' }, ...extra }) as Manifest;
const entries: CatalogEntry[] = [
  m('f8.signal', { label: 'Signal generator', dataOutPorts: [{ name: 'value' }], stateFields: [{ name: 'rate', valueSchema: { type: 'number' }, access: 'rw', showOnNode: true }] }),
  m('f8.logger', { label: 'Logger', dataInPorts: [{ name: 'value' }] }),
].map((manifest) => ({ serviceClass: manifest.serviceClass, manifest, manifestHash: 'h', path: '/x', dir: '/' }));
const catalog = catalogIndex(entries);
const graph: ServiceGraph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g',
  nodes: [
    { nodeId: 'a', kind: 'service', serviceClass: 'f8.signal', position: { x: 0, y: 0 } },
    { nodeId: 'b', kind: 'service', serviceClass: 'f8.signal', position: { x: 300, y: 0 } },
    { nodeId: 'log', kind: 'service', serviceClass: 'f8.logger', position: { x: 600, y: 0 } },
  ],
  edges: [
    { kind: 'state', from: { nodeId: 'a', port: 'rate' }, to: { nodeId: 'b', port: 'rate' } },
    { kind: 'data', from: { nodeId: 'b', port: 'value' }, to: { nodeId: 'log', port: 'value' } },
  ],
};
const inputs = (extra: Partial<FlowInputs> = {}): FlowInputs => flowInputs(graph, catalog, extra);

describe('the simplified drawing and unmeasured cards', () => {
  it('below the threshold: fixed boxes, a handle only on the sides edges touch, edges end on the boxes', () => {
    const { nodes, edges } = new FlowMapper().map(inputs({ simple: true }));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get('a')?.data).toMatchObject({ simple: true, boxOut: true });
    expect(byId.get('a')?.data.boxIn).toBeUndefined();
    expect(byId.get('b')?.data).toMatchObject({ simple: true, boxIn: true, boxOut: true });
    expect(byId.get('a')?.measured).toEqual({ width: 220, height: SIMPLE_HEIGHT });
    expect(byId.get('a')?.handles?.map((h) => h.id)).toEqual([BOX_OUT]);
    expect(byId.get('log')?.handles?.map((h) => [h.id, h.type, h.y])).toEqual([[BOX_IN, 'target', SIMPLE_HEIGHT / 2 - 0.5]]);
    expect(edges.map((e) => [e.sourceHandle, e.targetHandle])).toEqual([
      [BOX_OUT, BOX_IN],
      [BOX_OUT, BOX_IN],
    ]);
  });

  it('above it: unmeasured cards carry estimated port handles; a card measured at this zoom keeps React Flow its own', () => {
    const measured = new Map<string, Measured>([
      ['a', { width: 220, height: 151, simple: false }],
      ['b', { width: 220, height: SIMPLE_HEIGHT, simple: true }],
    ]);
    const { nodes, edges } = new FlowMapper().map(inputs({ measured }));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get('a')?.handles).toBeUndefined();
    expect(byId.get('a')?.measured).toEqual({ width: 220, height: 151 });
    // measured in the other drawing: estimated again, never equal to a drawn size (so it is measured when drawn)
    const b = byId.get('b');
    expect(b?.handles?.map((h) => h.id).sort()).toEqual(['data:out:value', 'state:in:rate', 'state:out:rate']);
    expect((b?.measured?.height ?? 0) % 1).toBe(0.5);
    expect(byId.get('log')?.handles?.map((h) => [h.id, h.position])).toEqual([['data:in:value', 'left']]);
    expect(b?.data.simple).toBeUndefined();
    expect(edges.map((e) => [e.sourceHandle, e.targetHandle])).toEqual([
      ['state:out:rate', 'state:in:rate'],
      ['data:out:value', 'data:in:value'],
    ]);
  });

  it('crossing the threshold re-maps the cards; staying on one side keeps their objects', () => {
    const mapper = new FlowMapper();
    const full = mapper.map(inputs());
    const again = mapper.map(inputs());
    expect(again.nodes.every((n, i) => n === full.nodes[i])).toBe(true);
    const simple = mapper.map(inputs({ simple: true }));
    expect(simple.nodes.some((n, i) => n === full.nodes[i])).toBe(false);
    const simpleAgain = mapper.map(inputs({ simple: true }));
    expect(simpleAgain.nodes.every((n, i) => n === simple.nodes[i])).toBe(true);
    expect(simpleAgain.edges.every((e, i) => e === simple.edges[i])).toBe(true);
  });
});
