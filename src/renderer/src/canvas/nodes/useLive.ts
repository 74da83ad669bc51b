// Per-node live selectors: each returns only what one node shows, compared shallowly, so a
// node re-renders when its own instance changes and not when another one does.
import { useShallow } from 'zustand/react/shallow';
import { useEditor, type EditorState } from '../../store';
import { nodeStatus, type NodeStatus } from '../../graph/live-status';
import type { InstanceStats } from '../../../../shared/verbs';
import type { StateEntry } from '../../../../shared/types';

const deployedEtag = (s: EditorState, id: string): string | undefined => (s.deployed?.compiled?.subgraphs[id] as { etag?: string } | undefined)?.etag;

export function useNodeStatus(instanceId: string | null): NodeStatus | null {
  return useEditor(useShallow((s) => (instanceId ? nodeStatus({ live: s.live[instanceId], failure: s.failures[instanceId], deployedEtag: deployedEtag(s, instanceId), connected: s.connection === 'connected' }) : null)));
}

export function useInstanceStats(instanceId: string | null): InstanceStats | null {
  return useEditor((s) => (instanceId ? (s.live[instanceId]?.stats ?? null) : null));
}

/** An operator's cook times from its engine's stats. */
export function useOperatorStats(engineId: string | undefined, nodeId: string): { calls: number; meanMs: number; p95Ms: number } | null {
  return useEditor(useShallow((s) => (engineId ? (s.live[engineId]?.stats?.operators?.find((o) => o.nodeId === nodeId) ?? null) : null)));
}

/** Live state entries of one node (`field` -> entry) on its host instance. */
export function useLiveState(hostId: string | undefined, nodeId: string): Readonly<Record<string, StateEntry>> {
  return useEditor(
    useShallow((s) => {
      const all = hostId ? s.live[hostId]?.state : undefined;
      if (!all) return EMPTY;
      const out: Record<string, StateEntry> = {};
      const prefix = `${nodeId}.`;
      for (const k in all) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = all[k] as StateEntry;
      return out;
    }),
  );
}
const EMPTY: Readonly<Record<string, StateEntry>> = {};
