// Helpers for SDK tests: subgraphs with correct etags and half-edges built by the naming module.
import { deriveBusId, deriveEdgeId, subjects } from '../shared/naming.js';
import { etagOf } from '../shared/hash.js';
import type { GraphEdge, GraphNode, HalfEdge, Strategy, Subgraph } from '../shared/types.js';

export function makeSubgraph(
  instanceId: string,
  serviceClass: string,
  deployRevision: number,
  halfEdges: HalfEdge[] = [],
  state: Subgraph['state'] = {},
  extra: { nodes?: GraphNode[]; edges?: GraphEdge[] } = {},
): Subgraph {
  const body = {
    schemaVersion: 'f8studio-subgraph/1' as const,
    instanceId,
    serviceClass,
    nodes: [{ nodeId: instanceId, kind: 'service' as const, serviceClass }, ...(extra.nodes ?? [])],
    edges: extra.edges ?? [],
    halfEdges,
    state,
  };
  return { ...body, deployRevision, etag: etagOf(body) };
}

/** Both halves of a cross-instance data edge from (fromId, port) to (toId, port). */
export function dataEdge(
  fromId: string,
  fromPort: string,
  toId: string,
  toPort: string,
  opts: { strategy?: Strategy; queueSize?: number; timeoutMs?: number; dropOld?: boolean } = {},
): { out: HalfEdge; in: HalfEdge } {
  const edgeId = deriveEdgeId({ nodeId: fromId, port: fromPort }, { nodeId: toId, port: toPort }, 'data');
  const subject = subjects.bus(deriveBusId(fromId, fromId, fromPort));
  const common = {
    edgeId,
    kind: 'data' as const,
    scope: 'cross' as const,
    strategy: opts.strategy ?? 'latest',
    queueSize: opts.queueSize ?? 64,
    dropOld: opts.dropOld ?? true,
    subject,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  };
  return {
    out: { ...common, direction: 'out', peerServiceId: toId, local: { nodeId: fromId, port: fromPort }, remote: { nodeId: toId, port: toPort } },
    in: { ...common, direction: 'in', peerServiceId: fromId, local: { nodeId: toId, port: toPort }, remote: { nodeId: fromId, port: fromPort } },
  };
}
