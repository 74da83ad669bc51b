// Per-node live selectors: each returns only what one node shows, compared shallowly, so a
// node re-renders when its own instance changes and not when another one does.
import { useShallow } from 'zustand/react/shallow';
import { useEditor, type EditorState } from '../../store';
import { nodeStatus, type NodeStatus } from '../../graph/live-status';
import type { InstanceStats } from '../../../../shared/verbs';
import type { GraphNode, StateEntry } from '../../../../shared/types';

const deployedEtag = (s: EditorState, id: string): string | undefined => (s.deployed?.compiled?.subgraphs[id] as { etag?: string } | undefined)?.etag;

export function useNodeStatus(instanceId: string | null): NodeStatus | null {
  return useEditor(useShallow((s) => (instanceId ? nodeStatus({ live: s.live[instanceId], failure: s.failures[instanceId], deployedEtag: deployedEtag(s, instanceId), connected: s.connection === 'connected' && s.masterReachable }) : null)));
}

export function useInstanceStats(instanceId: string | null): InstanceStats | null {
  return useEditor((s) => (instanceId ? (s.live[instanceId]?.stats ?? null) : null));
}

/** An operator's cook times from its engine's stats. */
export function useOperatorStats(engineId: string | undefined, nodeId: string): { calls: number; meanMs: number; p95Ms: number } | null {
  return useEditor(useShallow((s) => (engineId ? (s.live[engineId]?.stats?.operators?.find((o) => o.nodeId === nodeId) ?? null) : null)));
}

/** What the deployed subgraph set a node's fields to (entries made once per subgraph, so selectors stay stable). */
const deployedEntries = new WeakMap<object, Record<string, StateEntry>>();
function fromDeployed(state: Record<string, unknown> | undefined): Record<string, StateEntry> {
  if (!state) return EMPTY;
  let out = deployedEntries.get(state);
  if (!out) {
    out = Object.fromEntries(Object.entries(state).map(([k, value]) => [k, { value, source: 'topology' as const, actor: 'deploy', ts: 0 }]));
    deployedEntries.set(state, out);
  }
  return out;
}

/**
 * Live state of one node (`field` -> entry) on its running host instance: the entries in its
 * bucket, and for fields never written there (an operator's parameters) the value its deployed
 * subgraph runs with.
 */
export function useLiveState(hostId: string | undefined, nodeId: string): Readonly<Record<string, StateEntry>> {
  return useEditor(
    useShallow((s) => {
      if (!hostId || !s.liveInstances?.has(hostId)) return EMPTY;
      const sg = s.deployed?.compiled?.subgraphs[hostId] as { state?: Record<string, Record<string, unknown>> } | undefined;
      const deployed = fromDeployed(sg?.state?.[nodeId]);
      const own = s.live[hostId]?.state[nodeId];
      if (!own) return deployed;
      return deployed === EMPTY ? own : { ...deployed, ...own };
    }),
  );
}
const EMPTY: Readonly<Record<string, StateEntry>> = {};

/** What a service or engine node shows live: its instance's status and stats, and its state values (on its host). */
export function useNodeLive(nodeId: string, node: GraphNode, engineId: string | undefined) {
  const instanceId = node.kind === 'service' ? node.nodeId : null;
  const status = useNodeStatus(instanceId);
  const stats = useInstanceStats(instanceId);
  const live = useLiveState(instanceId ?? engineId, nodeId);
  return { instanceId, status, stats, live };
}
