// New ids for nodes the user adds: uuid4 as 32 lowercase hex characters (docs/contract.md, Identifiers), or for
// a service node, which becomes an instance, a readable id from its class (`signal-2`).
import type { ServiceGraph } from '../../../shared/types';

export function newNodeId(random: () => string = () => globalThis.crypto.randomUUID()): string {
  return random().replace(/-/g, '').toLowerCase();
}

/** `signal`, `signal-2`, ... from `f8.signal`: the first free one in the graph (and not in `taken`). */
export function newInstanceId(serviceClass: string, graph: ServiceGraph, taken: ReadonlySet<string> = new Set()): string {
  const last = serviceClass.split('.').pop() ?? 'svc';
  let base =
    last
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'svc';
  if (base === 'master' || base.startsWith('master_') || ['bus', 'state', 'events', 'logs', 'kv'].includes(base)) base = `${base}-svc`;
  base = base.slice(0, 56);
  const used = new Set([...graph.nodes.map((n) => n.nodeId), ...taken]);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}
