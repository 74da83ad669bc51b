// The order of activation: consumers before producers (data half-edges), as one list or as
// levels that can each be activated in parallel.
import type { CompiledSubgraph } from '../../../shared/compiler/index.js';

/**
 * The same order as levels: level 0 holds the instances with no consumer among the subgraphs,
 * level n those whose consumers are all in lower levels (a cycle is cut where the walk meets it).
 */
export function activationLevels(subgraphs: Record<string, CompiledSubgraph>): string[][] {
  const ids = Object.keys(subgraphs).sort();
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return -1; // a cycle: this edge does not order
    visiting.add(id);
    let l = 0;
    for (const h of subgraphs[id]!.halfEdges) {
      if (h.kind === 'data' && h.direction === 'out' && subgraphs[h.peerServiceId] && h.peerServiceId !== id) l = Math.max(l, visit(h.peerServiceId) + 1);
    }
    visiting.delete(id);
    level.set(id, l);
    return l;
  };
  const out: string[][] = [];
  for (const id of ids) {
    const l = visit(id);
    (out[l] ??= []).push(id);
  }
  return out.filter((x) => x && x.length);
}
