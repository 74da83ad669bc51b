// Live data about the running graph: per instance its registry record, status/summary, applied
// subgraph etag, live state values and stats; the deploy in progress and its outcome. Fed by
// the bridge in batches (one store update per animation frame); never part of the document or
// of undo.
import type { StateCreator } from 'zustand';
import type { InstanceRecord, StateEntry, StatusSummary } from '../../../shared/types';
import type { InstanceStats } from '../../../shared/verbs';
import { isRunning } from '../../../shared/instance-running';
import type { DeployPhase } from '../../../shared/deploy-events';

export interface InstanceLive {
  record: InstanceRecord | null;
  summary: StatusSummary | null;
  /** etag of the subgraph the instance applied (its `graph` key). */
  appliedEtag: string | null;
  /** nodeId -> field -> entry, from the instance's bucket (per node, so a node reads only its own). */
  state: Readonly<Record<string, Readonly<Record<string, StateEntry>>>>;
  stats: InstanceStats | null;
}

export interface EdgeLive {
  ratePerS: number;
  dropped: number;
  received: number;
  queueDepth?: number;
  strategy: string;
}

export type { DeployPhase };

export interface DeployRun {
  /** The revision being deployed (the master's current + 1). */
  revision: number;
  startedAt: number;
  /** Plan lines as the dialog showed them. */
  plan: { instanceId: string; action: string; reasons: string[] }[];
  /** instanceId -> last phase seen on f8.master.events.deploy. */
  phases: Readonly<Record<string, { phase: DeployPhase; error?: string }>>;
  outcome: null | { ok: true; revision: number; at: number } | { ok: false; message: string; at: number };
}

export interface Failure {
  error: string;
  /** The last lines of its log (stdout and stderr). */
  log: string[];
  revision: number;
}

/** One change the bridge queues; a batch of them becomes one store update. */
export type LiveUpdate =
  | { type: 'record'; id: string; record: InstanceRecord | null }
  | { type: 'summary'; id: string; summary: StatusSummary | null }
  | { type: 'applied'; id: string; etag: string | null }
  | { type: 'state'; id: string; nodeId: string; field: string; entry: StateEntry | null }
  | { type: 'stats'; id: string; stats: InstanceStats | null }
  | { type: 'phase'; revision: number; id: string; phase: DeployPhase; error?: string };

export interface LiveSlice {
  live: Readonly<Record<string, InstanceLive>>;
  /**
   * The instances running now (registered and answering), derived from their records in `live`
   * (kept the same object while the set is the same); null until the registry was first read.
   */
  liveInstances: ReadonlySet<string> | null;
  /** Cross-instance edge numbers by edgeId (from the receiver's stats). */
  edgeLive: Readonly<Record<string, EdgeLive>>;
  deployRun: DeployRun | null;
  failures: Readonly<Record<string, Failure>>;
  /** Live mode: edits that compile cleanly deploy themselves. */
  liveMode: boolean;
  setLiveMode(on: boolean): void;
  applyLive(batch: readonly LiveUpdate[]): void;
  beginDeploy(run: Omit<DeployRun, 'phases' | 'outcome'>): void;
  endDeploy(outcome: NonNullable<DeployRun['outcome']>, failures?: Record<string, Failure>): void;
  /** A revision at least as new as a failed one was deployed (by anyone): its marks go. */
  clearFailures(deployedRevision: number): void;
}

/** How long after its outcome a deploy still takes phase events (they are batched per frame). */
export const PHASE_GRACE_MS = 2_000;

const EMPTY: InstanceLive = { record: null, summary: null, appliedEtag: null, state: {}, stats: null };

function edgesOf(stats: InstanceStats | null): Record<string, EdgeLive> {
  const out: Record<string, EdgeLive> = {};
  for (const i of stats?.inputs ?? [])
    out[i.edgeId] = { ratePerS: i.ratePerS, dropped: i.dropped, received: i.received, strategy: i.strategy, ...(i.queueDepth !== undefined ? { queueDepth: i.queueDepth } : {}) };
  return out;
}

/** Applies a batch to the live map: only the instances it touches get new objects. */
export function reduceLive(live: Readonly<Record<string, InstanceLive>>, batch: readonly LiveUpdate[]): { live: Record<string, InstanceLive>; statsChanged: boolean } {
  const next: Record<string, InstanceLive> = { ...live };
  const touched = new Map<string, InstanceLive>();
  let statsChanged = false;
  const get = (id: string): InstanceLive => {
    let cur = touched.get(id);
    if (!cur) {
      cur = { ...(next[id] ?? EMPTY) };
      touched.set(id, cur);
      next[id] = cur;
    }
    return cur;
  };
  for (const u of batch) {
    if (u.type === 'phase') continue;
    const cur = get(u.id);
    if (u.type === 'record') cur.record = u.record;
    else if (u.type === 'summary') cur.summary = u.summary;
    else if (u.type === 'applied') cur.appliedEtag = u.etag;
    else if (u.type === 'stats') {
      cur.stats = u.stats;
      statsChanged = true;
    } else {
      const fields = { ...(cur.state[u.nodeId] ?? {}) };
      if (u.entry) fields[u.field] = u.entry;
      else delete fields[u.field];
      const state = { ...cur.state };
      if (Object.keys(fields).length) state[u.nodeId] = fields;
      else delete state[u.nodeId];
      cur.state = state;
    }
  }
  for (const [id, v] of touched) if (!v.record && !v.summary && !v.stats && !Object.keys(v.state).length && !v.appliedEtag) delete next[id];
  return { live: next, statsChanged };
}

/** The running set after a batch: the same object when no record changed who runs. */
function runningAfter(prev: ReadonlySet<string> | null, live: Readonly<Record<string, InstanceLive>>, batch: readonly LiveUpdate[]): ReadonlySet<string> | null {
  if (!batch.some((u) => u.type === 'record')) return prev;
  const next = new Set(Object.keys(live).filter((id) => isRunning(live[id]?.record ?? null)));
  return prev && prev.size === next.size && [...next].every((id) => prev.has(id)) ? prev : next;
}

export const createLiveSlice: StateCreator<LiveSlice, [], [], LiveSlice> = (set, get) => ({
  live: {},
  liveInstances: null,
  edgeLive: {},
  deployRun: null,
  failures: {},
  liveMode: false,
  setLiveMode: (liveMode) => set({ liveMode }),
  applyLive(batch) {
    if (!batch.length) return;
    const s = get();
    const { live, statsChanged } = reduceLive(s.live, batch);
    const patch: Partial<LiveSlice> = { live, liveInstances: runningAfter(s.liveInstances, live, batch) };
    if (statsChanged) patch.edgeLive = Object.assign({}, ...Object.values(live).map((l) => edgesOf(l.stats))) as Record<string, EdgeLive>;
    const run = s.deployRun;
    // phases of the deploy this editor runs; those queued with its reply still land (a rollback's),
    // but not much later: a failed revision's number is reused by the next deploy
    const open = !!run && (!run.outcome || Date.now() - run.outcome.at < PHASE_GRACE_MS);
    const phases = batch.filter((u): u is Extract<LiveUpdate, { type: 'phase' }> => u.type === 'phase' && open && u.revision === run!.revision);
    if (run && phases.length) {
      const p = { ...run.phases };
      for (const u of phases) p[u.id] = { phase: u.phase, ...(u.error ? { error: u.error } : {}) };
      patch.deployRun = { ...run, phases: p };
    }
    set(patch);
  },
  beginDeploy: (run) => set({ deployRun: { ...run, phases: {}, outcome: null } }),
  clearFailures(deployedRevision) {
    const f = get().failures;
    const keep = Object.fromEntries(Object.entries(f).filter(([, v]) => v.revision > deployedRevision));
    if (Object.keys(keep).length !== Object.keys(f).length) set({ failures: keep });
  },
  endDeploy(outcome, failures) {
    const run = get().deployRun;
    set({ ...(run ? { deployRun: { ...run, outcome } } : {}), failures: failures ?? {} });
  },
});
