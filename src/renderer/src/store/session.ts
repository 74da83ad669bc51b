// The link to the master as the top bar shows it: the NATS connection and the lease.
import type { StateCreator } from 'zustand';
import type { HalfEdge, ServiceGraph } from '../../../shared/types';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'error';

export interface LeaseInfo {
  /** holder: this editor holds the lease; viewer: someone else does. */
  role: 'holder' | 'viewer' | 'unknown';
  holder: string | null;
  expiresAt: number | null;
  /** When this editor first saw the current holder hold it (ms since the epoch). */
  since?: number | null;
}

export interface DeployedInfo {
  revision: number;
  /** The deployed compilation (previous for the live plan). */
  compiled: { subgraphs: Record<string, unknown> } | null;
  deployedAt?: string;
  deployedBy?: string;
  /** The deployed graph itself (conflict: load it). */
  graph?: ServiceGraph;
  /** The editor pseudo-instance's half-edges: the subjects of plot, slider... nodes. */
  editorHalfEdges: HalfEdge[];
}

export interface SessionSlice {
  clientId: string;
  natsUrl: string | null;
  connection: ConnectionStatus;
  connectionError: string | null;
  lease: LeaseInfo;
  /** The master answers pings (false: NATS is up but the master is gone, or NATS is down). */
  masterReachable: boolean;
  setMasterReachable(ok: boolean): void;
  deployed: DeployedInfo | null;
  /**
   * The deployed revision this document builds on: set when the editor first sees the master's
   * graph, and by each deploy, revert or load of the deployed graph. A deploy sends it as
   * baseRevision, so a revision someone else deployed meanwhile is a conflict, not overwritten.
   */
  baseRevision: number | null;
  setBaseRevision(r: number | null): void;
  setConnection(status: ConnectionStatus, error?: string | null): void;
  setLease(lease: LeaseInfo): void;
  setDeployed(d: DeployedInfo | null): void;
  setNatsUrl(url: string | null): void;
}

export const createSessionSlice =
  (clientId: string): StateCreator<SessionSlice, [], [], SessionSlice> =>
  (set) => ({
    clientId,
    natsUrl: null,
    connection: 'connecting',
    connectionError: null,
    lease: { role: 'unknown', holder: null, expiresAt: null },
    masterReachable: true,
    setMasterReachable: (masterReachable) => set({ masterReachable }),
    deployed: null,
    baseRevision: null,
    setBaseRevision: (baseRevision) => set({ baseRevision }),
    setConnection: (connection, error = null) => set({ connection, connectionError: error }),
    // the holder's "since" stays while the holder stays
    setLease: (lease) => set((s) => ({ lease: { ...lease, since: lease.holder === null ? null : lease.holder === s.lease.holder ? (s.lease.since ?? Date.now()) : Date.now() } })),
    setDeployed: (deployed) => set((s) => ({ deployed, ...(s.baseRevision === null ? { baseRevision: deployed?.revision ?? 0 } : {}) })),
    setNatsUrl: (natsUrl) => set({ natsUrl }),
  });
