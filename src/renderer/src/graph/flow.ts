// ServiceGraph -> React Flow nodes and edges (pure). Objects are reused from the previous call
// when nothing a node or edge shows has changed, so memoised node components re-render only
// when their own data changes.
import type { Edge, Node, NodeHandle } from '@xyflow/react';
import type { Diagnostic } from '../../../shared/compiler';
import { edgeIdOf } from '../../../shared/graph';
import type { GraphEdge, GraphNode, ServiceGraph } from '../../../shared/types';
import { handleId } from './handles';
import { canvasParent, containerSize, parentsFirst, positionOf } from './geometry';
import { nodeSpec, engineOf, type CatalogIndex, type NodeShape, type NodeSpec } from './spec';
import { BOX_IN, BOX_OUT, estimatedCard, simpleBox } from './simple';

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
  /** Drawn simplified (below the zoom threshold): a box, with a handle where an edge ends or starts. */
  simple?: boolean;
  boxIn?: boolean;
  boxOut?: boolean;
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
  /** Sizes React Flow measured (kept on the nodes, and used to size engines around their operators), and whether the node was drawn simplified then. */
  measured?: ReadonlyMap<string, Measured>;
  /** Below the zoom threshold: nodes draw simplified and edges end on their boxes. */
  simple?: boolean;
}

export interface Measured {
  width: number;
  height: number;
  simple?: boolean;
}

/** Per node, which sides edges touch and its state fields with an edge. */
interface Ends {
  into: boolean;
  outOf: boolean;
  fields: string[];
}

function endsOf(graph: ServiceGraph): Map<string, Ends> {
  const out = new Map<string, Ends>();
  const at = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { into: false, outOf: false, fields: [] }));
    return e;
  };
  for (const e of graph.edges) {
    at(e.from.nodeId).outOf = true;
    at(e.to.nodeId).into = true;
    if (e.kind === 'state') {
      at(e.from.nodeId).fields.push(e.from.port);
      at(e.to.nodeId).fields.push(e.to.port);
    }
  }
  return out;
}

/** A card's estimated geometry and what it was estimated from. */
interface CardGeometry {
  spec: NodeSpec;
  simple: boolean;
  into: boolean;
  outOf: boolean;
  fields: string;
  w: number | undefined;
  h: number | undefined;
  handles: NodeHandle[];
  measured: { width: number; height: number };
}

const NO_ENDS: Ends = { into: false, outOf: false, fields: [] };
const isCard = (shape: NodeShape) => shape !== 'engine' && shape !== 'container';

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
  private specs = new Map<string, { key: string; spec: NodeSpec; node: GraphNode }>();
  private edgeList: F8Edge[] = [];
  /** Each edge object's id (derived ids hash the ends: once per edge, not on every re-map). */
  private edgeIds = new WeakMap<GraphEdge, string>();
  private handles = new Map<string, CardGeometry>();
  private catalog: CatalogIndex | null = null;

  private specFor(n: GraphNode, graph: ServiceGraph, byId: ReadonlyMap<string, GraphNode>, catalog: CatalogIndex): NodeSpec {
    if (catalog !== this.catalog) {
      this.specs.clear();
      this.catalog = catalog;
    }
    // the same node object outside an engine has the same spec (no key to build: this runs for every node on every re-map)
    const known = this.specs.get(n.nodeId);
    if (known && known.node === n && n.kind !== 'operator') return known.spec;
    const engine = n.kind === 'operator' ? engineOf(graph, n, byId) : undefined;
    const key = JSON.stringify([
      n.kind,
      n.kind === 'service' ? n.serviceClass : n.kind === 'operator' ? n.operatorClass : n.editorClass,
      n.kind === 'editor' ? null : (n.ports ?? null),
      engine?.nodeId ?? null,
      engine && engine.kind === 'service' ? engine.serviceClass : null,
    ]);
    if (known && known.key === key) {
      known.node = n;
      return known.spec;
    }
    const spec = nodeSpec(n, graph, byId, catalog);
    this.specs.set(n.nodeId, { key, spec, node: n });
    return spec;
  }

  /** A card's size and handles when React Flow has not measured it at this zoom (none when it has). */
  private geometry(n: GraphNode, spec: NodeSpec, ends: Ends, simple: boolean, m: Measured | undefined): { measured: { width: number; height: number } | undefined; handles: NodeHandle[] | undefined } {
    const sameMode = !!m && !!m.simple === simple;
    if (!simple && sameMode && m) return { measured: { width: m.width, height: m.height }, handles: undefined };
    const drawn = simple && sameMode && m ? m : undefined;
    // compared field by field (a JSON key of the spec cost more than the rest of the mapping at 2000 nodes)
    const fields = simple ? '' : ends.fields.join('\u0000');
    let hit = this.handles.get(n.nodeId);
    if (!hit || hit.spec !== spec || hit.simple !== simple || hit.into !== ends.into || hit.outOf !== ends.outOf || hit.fields !== fields || hit.w !== drawn?.width || hit.h !== drawn?.height) {
      const est = simple ? simpleBox(spec.shape, ends.into, ends.outOf, drawn) : estimatedCard(spec, ends.fields);
      // a card's estimate is never its drawn size, so React Flow measures it once it is drawn
      hit = {
        spec,
        simple,
        into: ends.into,
        outOf: ends.outOf,
        fields,
        w: drawn?.width,
        h: drawn?.height,
        handles: est.handles,
        measured: { width: est.width, height: simple ? est.height : est.height + 0.5 },
      };
      this.handles.set(n.nodeId, hit);
    }
    return { measured: hit.measured, handles: hit.handles };
  }

  map(i: FlowInputs): { nodes: F8Node[]; edges: F8Edge[] } {
    const byId = new Map(i.graph.nodes.map((n) => [n.nodeId, n] as const));
    const nodes = this.mapNodes(i, byId);
    return { nodes, edges: this.mapEdges(i, byId) };
  }

  /** React Flow nodes, parents first; an unchanged node keeps its object. */
  private mapNodes(i: FlowInputs, byId: ReadonlyMap<string, GraphNode>): F8Node[] {
    const { graph } = i;
    const simple = !!i.simple;
    const ends = endsOf(graph);
    const nextNodes = new Map<string, F8Node>();
    const out: F8Node[] = [];
    for (const n of parentsFirst(graph)) {
      const spec = this.specFor(n, graph, byId, i.catalog);
      const parentId = canvasParent(n);
      const parent = parentId === undefined ? undefined : byId.get(parentId);
      const abs = positionOf(n);
      const origin = parent ? positionOf(parent) : { x: 0, y: 0 };
      const position = { x: abs.x - origin.x, y: abs.y - origin.y };
      const card = isCard(spec.shape);
      const size = card ? undefined : containerSize(graph, n, i.measured);
      const e = ends.get(n.nodeId) ?? NO_ENDS;
      const geo = card ? this.geometry(n, spec, e, simple, i.measured?.get(n.nodeId)) : { measured: undefined, handles: undefined };
      const measured = geo.measured;
      const boxIn = card && simple && e.into;
      const boxOut = card && simple && e.outOf;
      const issues = i.nodeIssues.get(n.nodeId);
      const mark = i.marks.get(n.nodeId);
      const selected = i.selectedNodes.has(n.nodeId);
      const prev = this.nodes.get(n.nodeId);
      const reuse =
        prev &&
        prev.data.node === n &&
        prev.data.spec === spec &&
        !!prev.data.simple === simple &&
        !!prev.data.boxIn === boxIn &&
        !!prev.data.boxOut === boxOut &&
        prev.handles === geo.handles &&
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
      if (simple) data.simple = true;
      if (boxIn) data.boxIn = true;
      if (boxOut) data.boxOut = true;
      const rf: F8Node = { id: n.nodeId, type: spec.shape, position, data, selected };
      if (parent) {
        rf.parentId = parent.nodeId;
        rf.extent = 'parent';
      }
      if (measured) rf.measured = { width: measured.width, height: measured.height };
      if (geo.handles) rf.handles = geo.handles;
      if (size) {
        rf.width = size.width;
        rf.height = size.height;
        rf.style = { width: size.width, height: size.height };
      }
      nextNodes.set(n.nodeId, rf);
      out.push(rf);
    }
    this.nodes = nextNodes;
    return out;
  }

  /** React Flow edges; the same edges keep the same array. */
  private mapEdges(i: FlowInputs, byId: ReadonlyMap<string, GraphNode>): F8Edge[] {
    const { graph } = i;
    const simple = !!i.simple;
    const nextEdges = new Map<string, F8Edge>();
    const edges: F8Edge[] = [];
    for (const e of graph.edges) {
      let id = this.edgeIds.get(e);
      if (id === undefined) this.edgeIds.set(e, (id = edgeIdOf(e)));
      const from = byId.get(e.from.nodeId);
      const to = byId.get(e.to.nodeId);
      const cross = !!from && !!to && hostOf(from, byId, graph) !== hostOf(to, byId, graph);
      // below the threshold a wire ends on a card's box, not on its port
      const sourceHandle = simple && from && isCard(this.nodes.get(from.nodeId)?.type ?? 'engine') ? BOX_OUT : handleId(e.kind, 'out', e.from.port);
      const targetHandle = simple && to && isCard(this.nodes.get(to.nodeId)?.type ?? 'engine') ? BOX_IN : handleId(e.kind, 'in', e.to.port);
      const issues = i.edgeIssues.get(id);
      const selected = i.selectedEdges.has(id);
      const prev = this.edges.get(id);
      if (
        prev &&
        prev.data?.edge === e &&
        prev.data.cross === cross &&
        prev.sourceHandle === sourceHandle &&
        prev.targetHandle === targetHandle &&
        same(prev.data.issues, issues) &&
        !!prev.selected === selected
      ) {
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
        sourceHandle,
        targetHandle,
        data,
        selected,
      };
      nextEdges.set(id, rf);
      edges.push(rf);
    }
    this.edges = nextEdges;
    // the same edges keep the same array: React Flow then neither re-reads them nor rebuilds its connection lookup
    if (edges.length === this.edgeList.length && edges.every((e, i) => e === this.edgeList[i])) return this.edgeList;
    this.edgeList = edges;
    return edges;
  }
}
