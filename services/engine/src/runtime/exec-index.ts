// What a graph's exec chains need at tick time, computed once per apply (pure).
import type { OperatorSpec } from './types.js';

export interface IndexedNode {
  nodeId: string;
  hasExec: boolean;
  spec: Pick<OperatorSpec, 'execInPorts' | 'execOutPorts'>;
}

/**
 * For exec nodes, the nodes whose outputs depend on them over data edges (reverse reachability:
 * their cached outputs go stale when it runs), and the exec chains' entry points (sorted).
 */
export function execIndex(nodes: Iterable<IndexedNode>, dataAdj: ReadonlyMap<string, readonly string[]>): { dependents: Map<string, string[]>; entrypoints: string[] } {
  const all = [...nodes];
  const dependents = new Map<string, string[]>();
  for (const rt of all) {
    if (!rt.hasExec) continue;
    const seen = new Set<string>([rt.nodeId]);
    const queue = [rt.nodeId];
    while (queue.length > 0) {
      const v = queue.shift() as string;
      for (const w of dataAdj.get(v) ?? []) {
        if (!seen.has(w)) {
          seen.add(w);
          queue.push(w);
        }
      }
    }
    dependents.set(rt.nodeId, [...seen]);
  }
  const entrypoints = all
    .filter((rt) => (rt.spec.execInPorts ?? []).length === 0 && (rt.spec.execOutPorts ?? []).length > 0)
    .map((rt) => rt.nodeId)
    .sort();
  return { dependents, entrypoints };
}
