// Per-node live selectors: each returns only what one node shows, compared shallowly, so a
// node re-renders when its own instance changes and not when another one does. The selectors
// are plain functions of the store, used by the canvas through its keyed feed (feed.ts) and by
// the inspector through ordinary store hooks.
import { useShallow } from 'zustand/react/shallow';
import { shallow } from 'zustand/shallow';
import type { EditorState } from '../../store';
import { useEditor } from '../../store/context';
import { nodeStatus, type NodeStatus } from '../../graph/live-status';
import type { InstanceStats } from '../../../../shared/verbs';
import type { GraphNode, StateEntry } from '../../../../shared/types';
import { useFeed } from './feed';
import { edgesOf } from './useNodeView';

const deployedEtag = (s: EditorState, id: string): string | undefined => (s.deployed?.compiled?.subgraphs[id] as { etag?: string } | undefined)?.etag;

export function statusOf(s: EditorState, instanceId: string | null): NodeStatus | null {
  return instanceId
    ? nodeStatus({ live: s.live[instanceId], failure: s.failures[instanceId], deployedEtag: deployedEtag(s, instanceId), connected: s.connection === 'connected' && s.masterReachable })
    : null;
}

export function useNodeStatus(instanceId: string | null): NodeStatus | null {
  return useEditor(useShallow((s) => statusOf(s, instanceId)));
}

const statsOf = (s: EditorState, instanceId: string | null): InstanceStats | null => (instanceId ? (s.live[instanceId]?.stats ?? null) : null);

type OpStats = { calls: number; meanMs: number; p95Ms: number } | null;
/** An operator's cook times from its engine's stats. */
const opStatsOf = (s: EditorState, engineId: string | undefined, nodeId: string): OpStats => (engineId ? (s.live[engineId]?.stats?.operators?.find((o) => o.nodeId === nodeId) ?? null) : null);

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
export function liveStateOf(s: EditorState, hostId: string | undefined, nodeId: string): Readonly<Record<string, StateEntry>> {
  if (!hostId || !s.liveInstances?.has(hostId)) return EMPTY;
  const sg = s.deployed?.compiled?.subgraphs[hostId] as { state?: Record<string, Record<string, unknown>> } | undefined;
  const deployed = fromDeployed(sg?.state?.[nodeId]);
  const own = s.live[hostId]?.state[nodeId];
  if (!own) return deployed;
  return deployed === EMPTY ? own : { ...deployed, ...own };
}

export function useLiveState(hostId: string | undefined, nodeId: string): Readonly<Record<string, StateEntry>> {
  return useEditor(useShallow((s) => liveStateOf(s, hostId, nodeId)));
}
const EMPTY: Readonly<Record<string, StateEntry>> = {};

/** Everything a service, operator or engine node shows from the store besides its own data. */
export interface NodeLive {
  instanceId: string | null;
  status: NodeStatus | null;
  stats: InstanceStats | null;
  live: Readonly<Record<string, StateEntry>>;
  op: OpStats;
  /** State fields with a state edge (sorted). */
  connected: string[];
  /** Data and exec handles edges point at (sorted). */
  referenced: string[];
  /** Its commands can run now (the lease holder, the instance running). */
  runnable: boolean;
}

const sameLive = (a: NodeLive, b: NodeLive): boolean =>
  a.instanceId === b.instanceId &&
  shallow(a.status, b.status) &&
  a.stats === b.stats &&
  shallow(a.live, b.live) &&
  shallow(a.op, b.op) &&
  shallow(a.connected, b.connected) &&
  shallow(a.referenced, b.referenced) &&
  a.runnable === b.runnable;

/**
 * What a service, operator or engine node shows live (its instance's status and stats, its state
 * values on its host, an operator's cook times) and what its edges touch, through the keyed feed:
 * recomputed only when its instance or host changed, or a canvas-wide input did.
 */
export function useNodeLive(nodeId: string, node: GraphNode, engineId: string | undefined): NodeLive {
  const instanceId = node.kind === 'service' ? node.nodeId : null;
  const host = instanceId ?? engineId;
  const opEngine = node.kind === 'operator' ? engineId : undefined;
  return useFeed(
    [instanceId, host],
    (s) => {
      const edges = edgesOf(s.graph, nodeId);
      return {
        instanceId,
        status: statusOf(s, instanceId),
        stats: statsOf(s, instanceId),
        live: liveStateOf(s, host, nodeId),
        op: opStatsOf(s, opEngine, nodeId),
        connected: edges.stateFields,
        referenced: edges.handles,
        runnable: !!instanceId && s.lease.role === 'holder' && !!s.liveInstances?.has(instanceId),
      };
    },
    sameLive,
  );
}

/** The status alone (the simplified drawing), through the keyed feed. */
export function useFeedStatus(instanceId: string | null): NodeStatus | null {
  return useFeed([instanceId], (s) => statusOf(s, instanceId), shallow);
}
