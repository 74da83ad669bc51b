// A graph that differs from one already compiled only in its nodes' state values (and in where
// they are drawn) compiles to the same subgraphs but for their `state`: only the changed values
// are checked, only their hosts' state and etags and the whole's etag are computed again. Pure;
// property.test.ts holds it equal to a full compile. A slider moved in a running graph deploys
// this way.
import type { GraphNode } from '../types.js';
import { jsonDepthProblem } from '../limits.js';
import { EDITOR_INSTANCE_ID } from '../naming.js';
import { validate } from '../schemas.js';
import type { Sha256 } from '../hash.js';
import { checkInitialState, uniqueNodes } from './compile.js';
import { cmp } from './cycles.js';
import { Diagnostics } from './diagnostics.js';
import { deployedState } from './emit.js';
import { withMember, wholeEtag } from './etag.js';
import { planDeploy } from './plan.js';
import { resolveNodes } from './resolve.js';
import type { CompileCatalog, Compilation, CompiledSubgraph } from './types.js';
import { isObject } from './util.js';

/** The graph as JSON without what restate may change: the nodes' `state` and their view-only `position` and `x-*` fields; null when it is no graph. */
export function structureKey(graph: unknown): string | null {
  if (!isObject(graph) || !Array.isArray(graph.nodes)) return null;
  const nodes = graph.nodes.map((n: unknown) => {
    if (!isObject(n)) return n;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(n)) if (k !== 'position' && k !== 'state' && !k.startsWith('x-')) out[k] = n[k];
    return out;
  });
  try {
    return JSON.stringify({ ...graph, nodes });
  } catch {
    return null;
  }
}

/** The nodes whose state differs from the same node's in `before` (the graphs have the same structure). */
function changedStates(before: GraphNode[], after: GraphNode[]): Set<string> {
  const changed = new Set<string>();
  after.forEach((n, i) => {
    if (JSON.stringify(n.state) !== JSON.stringify(before[i]?.state)) changed.add(n.nodeId);
  });
  return changed;
}

/** A compiled graph to restate from: its compilation had no error; `key` is its structureKey when known. */
export interface RestateBase {
  graph: unknown;
  compiled: Compilation;
  key?: string | null;
}

/**
 * The compilation of `graph` from `base`, or null when a full compile is needed: the structure
 * differs, the graph is refused by its schema, or a changed value is refused (the full compile
 * then says why). A graph whose nodes only moved gets the base's subgraphs and etag as they are.
 */
export function restate(
  base: RestateBase,
  graph: unknown,
  catalog: CompileCatalog,
  previous: Pick<Compilation, 'subgraphs'> | null,
  opts: { sha256?: Sha256; key?: string | null } = {},
): Compilation | null {
  if (!base.compiled.etag || base.compiled.diagnostics.some((d) => d.severity === 'error')) return null;
  const key = opts.key !== undefined ? opts.key : structureKey(graph);
  if (key === null || key !== (base.key !== undefined ? base.key : structureKey(base.graph))) return null;
  if (jsonDepthProblem(graph) !== null || !validate('service-graph', graph).ok) return null;
  const after = (graph as { nodes: GraphNode[] }).nodes;
  const changed = changedStates((base.graph as { nodes: GraphNode[] }).nodes, after);
  if (changed.size === 0) return { ...base.compiled, plan: planDeploy(previous, base.compiled.subgraphs) };

  const diags = new Diagnostics();
  const nodes = uniqueNodes(after, diags);
  const editorId = after.some((n) => n.kind === 'editor') ? EDITOR_INSTANCE_ID : undefined;
  const infos = resolveNodes(nodes, isObject(catalog) ? catalog : { services: {} }, editorId, diags);
  checkInitialState(infos, diags, changed);
  if (diags.hasErrors) return null;

  const hosts = new Set<string>();
  for (const id of changed) {
    const info = infos.get(id);
    if (info && !info.free && info.host !== undefined) hosts.add(info.host);
  }
  const subgraphs: Record<string, CompiledSubgraph> = { ...base.compiled.subgraphs };
  for (const host of hosts) {
    const sg = subgraphs[host];
    if (!sg) continue;
    const state: [string, Record<string, unknown>][] = [];
    for (const info of infos.values()) {
      if (info.free || info.host !== host) continue;
      const s = deployedState(info.node);
      if (s) state.push([info.node.nodeId, s]);
    }
    state.sort((a, b) => cmp(a[0], b[0]));
    subgraphs[host] = withMember(sg, 'state', Object.fromEntries(state), opts.sha256);
  }
  const { editor } = base.compiled;
  return {
    subgraphs,
    plan: planDeploy(previous, subgraphs),
    diagnostics: base.compiled.diagnostics,
    etag: wholeEtag(subgraphs, editor, opts.sha256),
    promotions: base.compiled.promotions,
    ...(editor ? { editor } : {}),
  };
}
