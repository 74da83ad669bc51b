// Whether an edge may be drawn between two ports, by the compiler's own rules (pure), so the
// editor and the master never disagree: ends of the right kind, data that fits (with the null
// rule: a `number | null` output feeds a `number` input, because null means "no value" and is
// never delivered there; see schema-compat.ts), state fields that agree, exec inside one
// engine, no cycle. An input that already has its one upstream is not refused: the new edge
// replaces it (`replaces`), as node editors do. Every refusal's reason ends with
// `; fix: <what to do>`, and `fix` repeats that part on its own.
import { deriveEdgeId, EDITOR_INSTANCE_ID } from '../naming.js';
import type { EdgeKindName, GraphEdge, GraphNode, PortRef } from '../types.js';
import { findCycles, type Arc } from './cycles.js';
import { Diagnostics } from './diagnostics.js';
import { checkEdge, type EdgeContext } from './edges.js';
import { adaptersOf, type Adapter } from './fixes.js';
import { resolveNodes, type NodeInfo } from './resolve.js';
import type { CompileCatalog } from './types.js';
import { ref } from './util.js';

export interface ConnectionCandidate {
  kind: EdgeKindName;
  from: PortRef;
  to: PortRef;
}

export type ConnectionVerdict =
  | { ok: true; edgeId: string; /** the edge now feeding that input, which the new one replaces */ replaces?: string }
  | { ok: false; code: string; reason: string; /** what to do about it (also the end of `reason`) */ fix: string };

function refuse(code: string, reason: string): ConnectionVerdict {
  const at = reason.lastIndexOf('; fix: ');
  return { ok: false, code, reason, fix: at >= 0 ? reason.slice(at + '; fix: '.length) : '' };
}

/** The message without the `edge '<id>': ` prefix (the editor shows it next to the cursor). */
function plain(message: string): string {
  // the schema check names its root 'value'; next to two port names that reads as a port
  return message.replace(/^(exec |state |data )?edge '[^']*':? /, '').replace(/: value: /, ': ');
}

/**
 * Answers connection questions about one graph. Building it resolves every node once, so a
 * drag can ask about many ports cheaply; build a new one when the graph or catalog changes.
 */
export class ConnectionChecker {
  private readonly infos: Map<string, NodeInfo>;
  private readonly edges: { edge: GraphEdge; edgeId: string }[];
  private readonly ctx: EdgeContext;

  constructor(graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }, catalog: CompileCatalog, editorId = EDITOR_INSTANCE_ID) {
    const nodes = new Map<string, GraphNode>();
    for (const n of graph.nodes) if (!nodes.has(n.nodeId)) nodes.set(n.nodeId, n);
    // Node problems are the compiler's to report; here only the edge matters.
    this.infos = resolveNodes(nodes, catalog, editorId, new Diagnostics());
    this.edges = graph.edges.map((edge) => ({ edge, edgeId: edge.edgeId ?? deriveEdgeId(edge.from, edge.to, edge.kind) }));
    let adapters: Adapter[] | undefined;
    this.ctx = { adapters: () => (adapters ??= adaptersOf(catalog)) };
  }

  check(c: ConnectionCandidate): ConnectionVerdict {
    const edgeId = deriveEdgeId(c.from, c.to, c.kind);
    const from = this.infos.get(c.from.nodeId);
    const to = this.infos.get(c.to.nodeId);
    if (!from || !to) return refuse('unknown-node', `node '${(from ? c.to : c.from).nodeId}' is not in the graph; fix: add the node first`);
    if (this.edges.some((e) => e.edgeId === edgeId))
      return refuse('duplicate-edge-id', `${ref(c.from)} and ${ref(c.to)} are already connected; fix: none needed (select that edge to change or delete it)`);
    const edge: GraphEdge = { kind: c.kind, from: c.from, to: c.to };
    const diags = new Diagnostics();
    checkEdge(edge, edgeId, from, to, diags, this.ctx);
    const error = diags.sorted().find((d) => d.severity === 'error');
    if (error) return refuse(error.code, plain(error.message));

    const feeding = this.edges.find((e) => e.edge.kind === c.kind && e.edge.to.nodeId === c.to.nodeId && e.edge.to.port === c.to.port);
    const remaining = this.edges.filter((e) => e !== feeding);
    if (c.kind !== 'data') {
      const key = (p: PortRef): string => (c.kind === 'exec' ? p.nodeId : ref(p));
      const arcs: Arc[] = remaining.filter((e) => e.edge.kind === c.kind).map((e) => ({ from: key(e.edge.from), to: key(e.edge.to), id: e.edgeId }));
      arcs.push({ from: key(c.from), to: key(c.to), id: edgeId });
      const cycle = findCycles(arcs).find((cy) => cy.arcs.includes(edgeId));
      if (cycle)
        return refuse(
          `${c.kind}-cycle`,
          `this ${c.kind} edge would close a cycle through ${cycle.vertices.join(', ')}; fix: ${c.kind === 'exec' ? 'end the chain here (a chain runs once per tick from its Tick)' : 'leave this edge out, or delete an edge of that loop first'}`,
        );
    }
    return feeding ? { ok: true, edgeId, replaces: feeding.edgeId } : { ok: true, edgeId };
  }
}
