// Test helpers: a tiny graph builder and a synthetic catalog (not shipped: __fixtures__).
import type { EditorNode, GraphEdge, GraphNode, Manifest, OperatorNode, ServiceGraph, ServiceNode } from '../../types.js';
import type { CompileCatalog } from '../types.js';

type Extra<T> = Partial<Omit<T, 'nodeId' | 'kind'>>;

export function svc(nodeId: string, serviceClass: string, extra: Extra<ServiceNode> = {}): ServiceNode {
  return { nodeId, kind: 'service', serviceClass, ...extra };
}
export function op(nodeId: string, operatorClass: string, parentId: string, extra: Extra<OperatorNode> = {}): OperatorNode {
  return { nodeId, kind: 'operator', operatorClass, parentId, ...extra };
}
export function container(nodeId: string, parentId: string, extra: Extra<OperatorNode> = {}): OperatorNode {
  return op(nodeId, 'f8.container', parentId, extra);
}
export function ed(nodeId: string, editorClass = 'plot', extra: Extra<EditorNode> = {}): EditorNode {
  return { nodeId, kind: 'editor', editorClass, ...extra };
}

function end(ref: string): { nodeId: string; port: string } {
  const dot = ref.indexOf('.');
  return { nodeId: ref.slice(0, dot), port: ref.slice(dot + 1) };
}
export function data(from: string, to: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return { kind: 'data', from: end(from), to: end(to), ...extra };
}
export function state(from: string, to: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return { kind: 'state', from: end(from), to: end(to), ...extra };
}
export function exec(from: string, to: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return { kind: 'exec', from: end(from), to: end(to), ...extra };
}

export function graph(nodes: GraphNode[], edges: GraphEdge[] = []): ServiceGraph {
  return { schemaVersion: 'f8studio-graph/1', graphId: 'g1', nodes, edges };
}

const launch = { command: '${node}', args: ['main.js'] };
const num = { type: 'number' };

/** A synthetic catalog: t.source, t.sink, t.engine (operators t.add, t.tick, t.const). */
export const testCatalog: CompileCatalog = {
  services: {
    't.source': {
      schemaVersion: 'f8service/1',
      serviceClass: 't.source',
      label: 'Source',
      version: '1.0.0',
      launch,
      dataOutPorts: [
        { name: 'out', valueSchema: num },
        { name: 'int', valueSchema: { type: 'integer' } },
        { name: 'label', valueSchema: { type: 'string' } },
        { name: 'obj', valueSchema: { type: 'object', properties: { x: num }, required: ['x'] } },
        { name: 'anyOut' },
      ],
      stateFields: [
        { name: 'level', valueSchema: num, access: 'rw', description: 'source level' },
        { name: 'secret', valueSchema: num, access: 'wo' },
        { name: 'mode', valueSchema: { type: 'string', enum: ['a', 'b'] }, access: 'rw' },
      ],
    },
    't.sink': {
      schemaVersion: 'f8service/1',
      serviceClass: 't.sink',
      label: 'Sink',
      version: '1.0.0',
      launch,
      dataInPorts: [
        { name: 'in', valueSchema: num },
        { name: 'intIn', valueSchema: { type: 'integer' } },
        { name: 'any' },
        { name: 'obj', valueSchema: { type: 'object', properties: { x: num, y: num }, required: ['x', 'y'] } },
      ],
      editableDataInPorts: true,
      stateFields: [
        { name: 'level', valueSchema: { ...num, title: 'Level' }, access: 'rw' },
        { name: 'ro', valueSchema: num, access: 'ro' },
        { name: 'label', valueSchema: { type: 'string' }, access: 'rw' },
      ],
    },
    't.engine': {
      schemaVersion: 'f8service/1',
      serviceClass: 't.engine',
      label: 'Engine',
      version: '1.0.0',
      launch,
      engine: true,
      stateFields: [{ name: 'tickMs', valueSchema: { type: 'number', minimum: 1 }, access: 'rw' }],
      operators: [
        {
          operatorClass: 't.add',
          label: 'Add',
          dataInPorts: [
            { name: 'a', valueSchema: num },
            { name: 'b', valueSchema: num },
          ],
          dataOutPorts: [{ name: 'value', valueSchema: num }],
          execInPorts: [{ name: 'in' }],
          execOutPorts: [{ name: 'out' }],
          stateFields: [{ name: 'gain', valueSchema: num, access: 'rw' }],
        },
        { operatorClass: 't.tick', label: 'Tick', execOutPorts: [{ name: 'out' }], dataOutPorts: [{ name: 'time', valueSchema: num }] },
      ],
    },
  } satisfies Record<string, Manifest>,
};
