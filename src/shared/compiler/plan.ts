// The deploy plan: what changes per instance between a previous compilation and this one (pure).
import { canonicalJson, etagOf } from '../hash.js';
import { cmp } from './cycles.js';
import type { CompiledSubgraph, PlanEntry } from './types.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Etags known per subgraph object: the compiler's own output, and each previous subgraph once
 * recomputed (the master keeps its last compilation in memory, so a plan re-hashes nothing).
 * Subgraphs are not mutated once compiled.
 */
const known = new WeakMap<object, string>();

/** Records the etag of a subgraph just compiled (its `etag` field is the one computed over it). */
export function rememberEtag(subgraph: { etag: string }): void {
  known.set(subgraph, subgraph.etag);
}

/** The etag a subgraph has, recomputed (so a previous one stored with deployRevision, or by an older compiler, compares fairly). */
export function subgraphEtag(subgraph: Record<string, unknown>): string {
  const memo = known.get(subgraph);
  if (memo !== undefined) return memo;
  const rest: Record<string, unknown> = { ...subgraph };
  delete rest.etag;
  delete rest.deployRevision;
  const etag = etagOf(rest);
  known.set(subgraph, etag);
  return etag;
}

/** Per subgraph object (not mutated once compiled, as above): its nodes' and state values' canonical JSON, made once. */
const nodesMemo = new WeakMap<object, Map<string, string>>();
const stateMemo = new WeakMap<object, Map<string, string>>();

function nodesById(subgraph: Record<string, unknown>): Map<string, string> {
  let out = nodesMemo.get(subgraph);
  if (out) return out;
  out = new Map<string, string>();
  if (Array.isArray(subgraph.nodes)) {
    for (const n of subgraph.nodes as unknown[]) {
      if (isObject(n) && typeof n.nodeId === 'string') out.set(n.nodeId, canonicalJson(n));
    }
  }
  nodesMemo.set(subgraph, out);
  return out;
}

function nodeIds(subgraph: Record<string, unknown>): string[] {
  if (!Array.isArray(subgraph.nodes)) return [];
  const ids = new Set<string>();
  for (const n of subgraph.nodes as unknown[]) if (isObject(n) && typeof n.nodeId === 'string') ids.add(n.nodeId);
  return [...ids].sort(cmp);
}

function stateOf(subgraph: Record<string, unknown>): Map<string, string> {
  let out = stateMemo.get(subgraph);
  if (out) return out;
  out = new Map<string, string>();
  if (isObject(subgraph.state)) {
    for (const [nodeId, fields] of Object.entries(subgraph.state)) {
      if (!isObject(fields)) continue;
      for (const [field, value] of Object.entries(fields)) out.set(`${nodeId}.${field}`, canonicalJson(value));
    }
  }
  stateMemo.set(subgraph, out);
  return out;
}

/**
 * The state fields a deploy resets: set by the previous subgraph on a node the next one still has,
 * and not set by the next one. Each returns to its default (is deleted when it has none); a field
 * neither subgraph sets keeps its live value (a counter's count, a hand tweak through setState).
 */
export function stateResets(prev: { state?: unknown; nodes?: unknown } | null, next: { state?: unknown; nodes?: unknown }): { nodeId: string; field: string }[] {
  if (!prev || !isObject(prev.state)) return [];
  const kept = new Set(nodeIds(next as Record<string, unknown>));
  const after = isObject(next.state) ? next.state : {};
  const out: { nodeId: string; field: string }[] = [];
  for (const nodeId of Object.keys(prev.state).sort(cmp)) {
    const fields = prev.state[nodeId];
    if (!isObject(fields) || !kept.has(nodeId)) continue;
    const now = isObject(after[nodeId]) ? (after[nodeId] as Record<string, unknown>) : {};
    for (const field of Object.keys(fields).sort(cmp)) if (!(field in now)) out.push({ nodeId, field });
  }
  return out;
}

function reasonsFor(prev: Record<string, unknown>, next: CompiledSubgraph): string[] {
  const reasons: string[] = [];
  const before = nodesById(prev);
  const after = nodesById(next as unknown as Record<string, unknown>);
  const added = [...after.keys()].filter((id) => !before.has(id)).sort(cmp);
  const removed = [...before.keys()].filter((id) => !after.has(id)).sort(cmp);
  if (added.length > 0) reasons.push(`nodes added: ${added.join(', ')}`);
  if (removed.length > 0) reasons.push(`nodes removed: ${removed.join(', ')}`);
  for (const id of [...after.keys()].sort(cmp)) {
    if (before.has(id) && before.get(id) !== after.get(id)) reasons.push(`node ${id} changed`);
  }
  const sBefore = stateOf(prev);
  const sAfter = stateOf(next as unknown as Record<string, unknown>);
  const resets = new Set(stateResets(prev, next).map((r) => `${r.nodeId}.${r.field}`));
  for (const key of [...new Set([...sBefore.keys(), ...sAfter.keys()])].sort(cmp)) {
    if (resets.has(key)) reasons.push(`state ${key} reset to its default`);
    else if (sBefore.get(key) !== sAfter.get(key) && sAfter.has(key)) reasons.push(`state ${key} changed`);
  }
  const wiring = (s: Record<string, unknown>): string => canonicalJson({ edges: s.edges ?? [], halfEdges: s.halfEdges ?? [] });
  if (wiring(prev) !== wiring(next as unknown as Record<string, unknown>)) reasons.push('wiring changed');
  if (canonicalJson(prev.operatorCatalogRef ?? null) !== canonicalJson(next.operatorCatalogRef ?? null)) reasons.push('operator catalog reference changed');
  if (reasons.length === 0) reasons.push('subgraph changed');
  return reasons;
}

/** Which nodes of an instance a deploy adds, removes or changes (operators, not only instances). */
function nodeChanges(prev: Record<string, unknown> | undefined, next: CompiledSubgraph | undefined): PlanEntry['nodes'] {
  // one side only: every node is added (or removed); nothing to compare
  if (!prev || !next) return { added: next ? nodeIds(next as unknown as Record<string, unknown>) : [], removed: prev ? nodeIds(prev) : [], changed: [] };
  const before = prev ? nodesById(prev) : new Map<string, string>();
  const after = next ? nodesById(next as unknown as Record<string, unknown>) : new Map<string, string>();
  const sBefore = prev ? stateOf(prev) : new Map<string, string>();
  const sAfter = next ? stateOf(next as unknown as Record<string, unknown>) : new Map<string, string>();
  const stateChanged = new Set<string>();
  for (const key of new Set([...sBefore.keys(), ...sAfter.keys()])) if (sBefore.get(key) !== sAfter.get(key)) stateChanged.add(key.slice(0, key.indexOf('.')));
  return {
    added: [...after.keys()].filter((id) => !before.has(id)).sort(cmp),
    removed: [...before.keys()].filter((id) => !after.has(id)).sort(cmp),
    changed: [...after.keys()].filter((id) => before.has(id) && (before.get(id) !== after.get(id) || stateChanged.has(id))).sort(cmp),
  };
}

/**
 * The deploy plan (docs/contract-changes.md, v1.1), one entry per instance in either compilation, sorted by
 * instanceId. With `live` (the instances running now), an instance of the graph that is not
 * running is `start` ("not running"), whatever the previous compilation says. A class change is
 * `start` of an id that was in the previous graph (a restart: state reset). With `drifted` (the
 * instances the master found running another subgraph than it deployed), an unchanged one is
 * `reconfigure` ("drift"), so the deploy re-applies it.
 */
export function planDeploy(previous: unknown, next: Record<string, CompiledSubgraph>, live?: ReadonlySet<string>, drifted?: ReadonlySet<string>): PlanEntry[] {
  const prevSubgraphs: Record<string, unknown> = isObject(previous) && isObject(previous.subgraphs) ? previous.subgraphs : {};
  const ids = [...new Set([...Object.keys(prevSubgraphs), ...Object.keys(next)])].sort(cmp);
  const plan: PlanEntry[] = [];
  for (const instanceId of ids) {
    const has = Object.prototype.hasOwnProperty;
    const prevRaw = has.call(prevSubgraphs, instanceId) ? prevSubgraphs[instanceId] : undefined;
    const prev = isObject(prevRaw) ? prevRaw : undefined;
    const cur = has.call(next, instanceId) ? next[instanceId] : undefined;
    const entry = (action: PlanEntry['action'], reasons: string[], nodes = nodeChanges(prev, cur)): PlanEntry => ({ instanceId, action, reasons, nodes });
    if (!cur) {
      plan.push(entry('stop', ['removed from the graph']));
      continue;
    }
    if (!prev) {
      plan.push(entry('start', ['new instance']));
      continue;
    }
    if (typeof prev.serviceClass === 'string' && prev.serviceClass !== cur.serviceClass) {
      plan.push(entry('start', [`serviceClass changed from ${prev.serviceClass} to ${cur.serviceClass} (restart)`], nodeChanges(undefined, cur)));
      continue;
    }
    if (live && !live.has(instanceId)) {
      plan.push(entry('start', ['not running'], nodeChanges(undefined, cur)));
      continue;
    }
    const drift = drifted?.has(instanceId) ? ['drift: it runs another subgraph than the deployed one'] : [];
    if (subgraphEtag(prev) === cur.etag) {
      // equal etags: nothing to diff node by node
      plan.push(drift.length ? entry('reconfigure', drift, { added: [], removed: [], changed: [] }) : entry('unchanged', [], { added: [], removed: [], changed: [] }));
      continue;
    }
    plan.push(entry('reconfigure', [...drift, ...reasonsFor(prev, cur)]));
  }
  return plan;
}
