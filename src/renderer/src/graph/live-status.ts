// What a node's status badge says, from the live data: the status word and its tone, whether
// the node is stale (the instance stopped answering, or the editor lost the master), drift (the
// instance runs another subgraph than the deployed one) and a failed deploy's error. Pure.
import type { InstanceLive, Failure } from '../store/live';
import { isUp } from '../../../shared/instance-running';

export type StatusTone = 'ok' | 'idle' | 'busy' | 'down' | 'bad' | 'warn';

export interface NodeStatus {
  word: string;
  tone: StatusTone;
  stale: boolean;
  /** The revision the instance runs when it is not the deployed one. */
  drift: string | null;
  error: string | null;
  failure: Failure | null;
  graphRevision: number | null;
}

const TONES: Record<string, StatusTone> = {
  activated: 'ok',
  deactivated: 'idle',
  starting: 'busy',
  terminating: 'down',
  stopped: 'down',
  error: 'bad',
  unresponsive: 'warn',
};

export interface StatusInputs {
  live: InstanceLive | undefined;
  failure: Failure | undefined;
  /** The etag the deployed compilation gives this instance (undefined: not in the deployed graph). */
  deployedEtag: string | undefined;
  connected: boolean;
}

export function nodeStatus({ live, failure, deployedEtag, connected }: StatusInputs): NodeStatus | null {
  const record = live?.record ?? null;
  if (!record && deployedEtag === undefined && !failure) return null;
  const word = record ? record.status : failure ? 'failed' : 'stopped';
  const tone = failure && (!record || record.status !== 'activated') ? 'bad' : (TONES[word] ?? 'idle');
  const running = isUp(record);
  const appliedEtag = live?.appliedEtag ?? null;
  const graphRevision = live?.summary?.graphRevision ?? record?.graphRevision ?? null;
  const drift =
    running && deployedEtag !== undefined && appliedEtag !== null && appliedEtag !== deployedEtag
      ? graphRevision !== null
        ? `runs revision ${graphRevision}, not the deployed one`
        : 'runs another graph than the deployed one'
      : null;
  return {
    word,
    tone,
    stale: !connected || word === 'unresponsive',
    drift,
    error: failure?.error ?? (word === 'error' ? (record?.lastError ?? live?.summary?.lastError ?? null) : null),
    failure: failure ?? null,
    graphRevision,
  };
}
