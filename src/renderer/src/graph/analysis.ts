// What the live compile says, shaped for the canvas (pure): diagnostics per node and per edge,
// and per node the mark of what a deploy would do (from the plan against the deployed
// compilation). Runs on the main thread for small graphs and in a worker for large ones.
import { compile, planDeploy, type Compilation, type CompileCatalog, type CompiledSubgraph, type Diagnostic } from '../../../shared/compiler';
import { canonicalJson } from '../../../shared/hash';
import type { ServiceGraph } from '../../../shared/types';
import type { PlanMark } from './flow';

export interface Analysis {
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  nodeIssues: Map<string, Diagnostic[]>;
  edgeIssues: Map<string, Diagnostic[]>;
  marks: Map<string, PlanMark>;
  /** Instances a deploy would touch (start, stop, reconfigure); null when the graph does not compile. */
  pending: number | null;
  plan: Compilation['plan'];
}

export const EMPTY_ANALYSIS: Analysis = { diagnostics: [], errors: 0, warnings: 0, nodeIssues: new Map(), edgeIssues: new Map(), marks: new Map(), pending: 0, plan: [] };

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Nodes of a subgraph whose deployed form (or seeded state) differs between two compilations. */
function changedNodes(prev: CompiledSubgraph | undefined, next: CompiledSubgraph): string[] {
  if (!prev) return next.nodes.map((n) => n.nodeId);
  const before = new Map(prev.nodes.map((n) => [n.nodeId, canonicalJson([n, prev.state?.[n.nodeId] ?? null])] as const));
  return next.nodes.filter((n) => before.get(n.nodeId) !== canonicalJson([n, next.state?.[n.nodeId] ?? null])).map((n) => n.nodeId);
}

/** With `live` (the instances running now) the plan is the master's: one that is not running starts. */
export function analyse(graph: ServiceGraph, catalog: CompileCatalog, previous: Pick<Compilation, 'subgraphs'> | null, live?: ReadonlySet<string> | null): Analysis {
  const compiled = compile(graph, catalog, previous);
  const c = live && compiled.etag !== '' ? { ...compiled, plan: planDeploy(previous, compiled.subgraphs, live) } : compiled;
  const nodeIssues = new Map<string, Diagnostic[]>();
  const edgeIssues = new Map<string, Diagnostic[]>();
  for (const d of c.diagnostics) {
    if (d.edgeId !== undefined) push(edgeIssues, d.edgeId, d);
    else if (d.nodeId !== undefined) push(nodeIssues, d.nodeId, d);
  }
  const errors = c.diagnostics.filter((d) => d.severity === 'error').length;
  const marks = new Map<string, PlanMark>();
  for (const entry of c.plan) {
    if (entry.action === 'unchanged' || entry.action === 'stop') continue;
    const wasThere = !!previous?.subgraphs?.[entry.instanceId] && !entry.reasons.includes('not running');
    const next = c.subgraphs[entry.instanceId];
    if (entry.action === 'start') {
      const action = wasThere ? 'restart' : 'start';
      marks.set(entry.instanceId, { action, reasons: entry.reasons });
      for (const n of next?.nodes ?? []) if (n.nodeId !== entry.instanceId) marks.set(n.nodeId, { action, reasons: [`its engine ${entry.instanceId} ${action === 'start' ? 'starts' : 'restarts'}`] });
      continue;
    }
    marks.set(entry.instanceId, { action: 'reconfigure', reasons: entry.reasons });
    if (next) {
      const prev = previous?.subgraphs?.[entry.instanceId];
      for (const id of changedNodes(prev, next)) if (id !== entry.instanceId) marks.set(id, { action: 'reconfigure', reasons: [`changed: applied live, state kept`] });
    }
  }
  return {
    diagnostics: c.diagnostics,
    errors,
    warnings: c.diagnostics.length - errors,
    nodeIssues,
    edgeIssues,
    marks,
    pending: errors > 0 ? null : c.plan.filter((p) => p.action !== 'unchanged').length,
    plan: c.plan,
  };
}

/** The master's diagnostics (a graph the editor thought valid but the master refused) on the nodes and edges, like local ones. */
export function withMasterDiagnostics(a: Analysis, diagnostics: readonly Diagnostic[]): Analysis {
  const nodeIssues = new Map(a.nodeIssues);
  const edgeIssues = new Map(a.edgeIssues);
  const seen = new Set(a.diagnostics.map((d) => `${d.code}|${d.nodeId}|${d.edgeId}|${d.message}`));
  const added = diagnostics.filter((d) => !seen.has(`${d.code}|${d.nodeId}|${d.edgeId}|${d.message}`));
  for (const d of added) {
    if (d.edgeId !== undefined) edgeIssues.set(d.edgeId, [...(edgeIssues.get(d.edgeId) ?? []), d]);
    else if (d.nodeId !== undefined) nodeIssues.set(d.nodeId, [...(nodeIssues.get(d.nodeId) ?? []), d]);
  }
  const all = [...a.diagnostics, ...added];
  const errors = all.filter((d) => d.severity === 'error').length;
  return { ...a, diagnostics: all, errors, warnings: all.length - errors, nodeIssues, edgeIssues, pending: errors ? null : a.pending };
}
