// ServiceGraph -> React Flow nodes and edges (pure). Objects are reused from the previous call
// when nothing a node or edge shows has changed, so memoised node components re-render only
// when their own data changes.
import type { Edge, Node } from '@xyflow/react';
import type { Diagnostic } from '../../../shared/compiler';
import { edgeIdOf } from '../../../shared/graph';
import type { GraphEdge, GraphNode, ServiceGraph } from '../../../shared/types';
import { handleId } from './handles';
import { canvasParent, containerSize, parentsFirst, positionOf } from './geometry';
import { nodeSpec, engineOf, type CatalogIndex, type NodeShape, type NodeSpec } from './spec';

/** What a deploy would do to a node: start `+`, reconfigure `~`, restart `↻`, stop `−`. */
export interface PlanMark {
  action: 'start' | 'reconfigure' | 'restart' | 'stop';
  reasons: string[];
}

export interface F8NodeData extends Record<string, unknown> {
  node: GraphNode;
  spec: NodeSpec;
  issues?: Diagnostic[];
  mark?: PlanMark;
}
export type F8Node = Node<F8NodeData, NodeShape>;

export interface F8EdgeData extends Record<string, unknown> {
  edge: GraphEdge;
  /** Joins two instances (a data edge then travels on the bus with a strategy). */
  cross: boolean;
  issues?: Diagnostic[];
}
export type F8Edge = Edge<F8EdgeData>;

export interface FlowInputs {
  graph: ServiceGraph;
  catalog: CatalogIndex;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  nodeIssues: ReadonlyMap<string, Diagnostic[]>;
  edgeIssues: ReadonlyMap<string, Diagnostic[]>;
  marks: ReadonlyMap<string, PlanMark>;
  /** Sizes React Flow measured (kept on the nodes, and used to size engines around their operators). */
  measured?: ReadonlyMap<string, { width: number; height: number }>;
}

export function hostOf(n: GraphNode, byId: ReadonlyMap<string, GraphNode>, graph: ServiceGraph): string | undefined {
  if (n.kind === 'service') return n.nodeId;
  if (n.kind === 'editor') return 'editor';
  return engineOf(graph, n, byId)?.nodeId;
}

function same<T>(a: T | undefined, b: T | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keeps the last output so unchanged nodes and edges keep their identity. */
export class FlowMapper {
  private nodes = new Map<string, F8Node>();
  private edges = new Map<string, F8Edge>();
  private specs = new Map<string, { key: string; spec: NodeSpec }>();
  private catalog: CatalogIndex | null = null;

  private specFor(n: GraphNode, graph: ServiceGraph, byId: ReadonlyMap<string, GraphNode>, catalog: CatalogIndex): NodeSpec {
    if (catalog !== this.catalog) {
      this.specs.clear();
      this.catalog = catalog;
    }
    const engine = n.kind === 'operator' ? engineOf(graph, n, byId) : undefined;
    const key = JSON.stringify([n.kind, n.kind === 'service' ? n.serviceClass : n.kind === 'operator' ? n.operatorClass : n.editorClass, n.kind === 'editor' ? null : (n.ports ?? null), engine?.nodeId ?? null, engine && engine.kind === 'service' ? engine.serviceClass : null]);
    const hit = this.specs.get(n.nodeId);
    if (hit && hit.key === key) return hit.spec;
    const spec = nodeSpec(n, graph, byId, catalog);
    this.specs.set(n.nodeId, { key, spec });
    return spec;
  }

  map(i: FlowInputs): { nodes: F8Node[]; edges: F8Edge[] } {
    const { graph } = i;
    const byId = new Map(graph.nodes.map((n) => [n.nodeId, n] as const));
    const nextNodes = new Map<string, F8Node>();
    const out: F8Node[] = [];
    for (const n of parentsFirst(graph)) {
      const spec = this.specFor(n, graph, byId, i.catalog);
      const parentId = canvasParent(n);
      const parent = parentId === undefined ? undefined : byId.get(parentId);
      const abs = positionOf(n);
      const origin = parent ? positionOf(parent) : { x: 0, y: 0 };
      const position = { x: abs.x - origin.x, y: abs.y - origin.y };
      const isBox = spec.shape === 'engine' || spec.shape === 'container';
      const size = isBox ? containerSize(graph, n, i.measured) : undefined;
      const measured = isBox ? undefined : i.measured?.get(n.nodeId);
      const issues = i.nodeIssues.get(n.nodeId);
      const mark = i.marks.get(n.nodeId);
      const selected = i.selectedNodes.has(n.nodeId);
      const prev = this.nodes.get(n.nodeId);
      const reuse =
        prev &&
        prev.data.node === n &&
        prev.data.spec === spec &&
        same(prev.data.issues, issues) &&
        same(prev.data.mark, mark) &&
        !!prev.selected === selected &&
        prev.parentId === (parent ? parentId : undefined) &&
        prev.position.x === position.x &&
        prev.position.y === position.y &&
        prev.width === size?.width &&
        prev.height === size?.height &&
        prev.measured?.width === measured?.width &&
        prev.measured?.height === measured?.height;
      if (reuse && prev) {
        nextNodes.set(n.nodeId, prev);
        out.push(prev);
        continue;
      }
      const data: F8NodeData = { node: n, spec };
      if (issues) data.issues = prev && same(prev.data.issues, issues) ? (prev.data.issues as Diagnostic[]) : issues;
      if (mark) data.mark = prev && same(prev.data.mark, mark) ? (prev.data.mark as PlanMark) : mark;
      const rf: F8Node = { id: n.nodeId, type: spec.shape, position, data, selected };
      if (parent) {
        rf.parentId = parent.nodeId;
        rf.extent = 'parent';
      }
      if (measured) rf.measured = { width: measured.width, height: measured.height };
      if (size) {
        rf.width = size.width;
        rf.height = size.height;
        rf.style = { width: size.width, height: size.height };
      }
      nextNodes.set(n.nodeId, rf);
      out.push(rf);
    }
    this.nodes = nextNodes;

    const nextEdges = new Map<string, F8Edge>();
    const edges: F8Edge[] = [];
    for (const e of graph.edges) {
      const id = edgeIdOf(e);
      const from = byId.get(e.from.nodeId);
      const to = byId.get(e.to.nodeId);
      const cross = !!from && !!to && hostOf(from, byId, graph) !== hostOf(to, byId, graph);
      const issues = i.edgeIssues.get(id);
      const selected = i.selectedEdges.has(id);
      const prev = this.edges.get(id);
      if (prev && prev.data?.edge === e && prev.data.cross === cross && same(prev.data.issues, issues) && !!prev.selected === selected) {
        nextEdges.set(id, prev);
        edges.push(prev);
        continue;
      }
      const data: F8EdgeData = { edge: e, cross };
      if (issues) data.issues = issues;
      const rf: F8Edge = {
        id,
        type: e.kind,
        source: e.from.nodeId,
        target: e.to.nodeId,
        sourceHandle: handleId(e.kind, 'out', e.from.port),
        targetHandle: handleId(e.kind, 'in', e.to.port),
        data,
        selected,
      };
      nextEdges.set(id, rf);
      edges.push(rf);
    }
    this.edges = nextEdges;
    return { nodes: out, edges };
  }
}
