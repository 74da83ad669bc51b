import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { createLiveSlice, reduceLive, type LiveSlice } from './live';
import { LiveBatcher } from '../bridge/batch';
import { nodeStatus } from '../graph/live-status';
import { LogBuffer, Series } from './streams';
import { EMPTY_ANALYSIS, withMasterDiagnostics } from '../graph/analysis';
import type { InstanceRecord } from '../../../shared/types';

const record = (status: InstanceRecord['status'], extra: Partial<InstanceRecord> = {}): InstanceRecord => ({
  serviceClass: 'f8.signal',
  pid: 1,
  runId: 'r1',
  status,
  kvBucket: 'kv_f8_a',
  restartPolicy: 'on-failure',
  restarts: 0,
  launchedBy: 'master',
  updatedAt: 0,
  lastSeenAt: 0,
  failCount: 0,
  ...extra,
});

describe('live slice', () => {
  it('the running set is derived from the records: registered and answering, null until the registry is read', () => {
    const store = create<LiveSlice>()(createLiveSlice);
    const running = () => [...(store.getState().liveInstances ?? [])].sort();
    expect(store.getState().liveInstances).toBeNull();
    store.getState().applyLive([{ type: 'stats', id: 'a', stats: null }]);
    expect(store.getState().liveInstances).toBeNull();
    store.getState().applyLive([
      { type: 'record', id: 'a', record: record('activated') },
      { type: 'record', id: 'b', record: record('starting', { runId: '' }) },
      { type: 'record', id: 'c', record: record('unresponsive') },
    ]);
    expect(running()).toEqual(['a']);
    store.getState().applyLive([
      { type: 'record', id: 'b', record: record('starting') },
      { type: 'record', id: 'a', record: record('error') },
    ]);
    expect(running()).toEqual(['b']);
    store.getState().applyLive([{ type: 'record', id: 'b', record: null }]);
    expect(running()).toEqual([]);
  });

  it('a batch touches only the instances it names: the others keep their identity', () => {
    const a = reduceLive({}, [
      { type: 'record', id: 'a', record: record('activated') },
      { type: 'record', id: 'b', record: record('starting') },
    ]).live;
    const b = reduceLive(a, [{ type: 'summary', id: 'a', summary: { status: 'activated', ts: 1, graphRevision: 2 } }]).live;
    expect(b.b).toBe(a.b);
    expect(b.a).not.toBe(a.a);
    expect(b.a?.summary?.graphRevision).toBe(2);
    const c = reduceLive(b, [{ type: 'state', id: 'a', nodeId: 'a', field: 'frequency', entry: { value: 3, source: 'editor', actor: 'x', ts: 1 } }]).live;
    expect(c.a?.state.a?.frequency?.value).toBe(3);
    // a record that goes away, with nothing else known, removes the instance
    const d = reduceLive(b, [{ type: 'record', id: 'b', record: null }]).live;
    expect(Object.keys(d)).toEqual(['a']);
  });

  it('deploy phases of the running deploy land on it; those of another revision are ignored; stats fill the edge numbers', () => {
    const store = create<LiveSlice>()((...a) => createLiveSlice(...a));
    store.getState().beginDeploy({ revision: 3, startedAt: 0, plan: [{ instanceId: 'a', action: 'start', reasons: [] }] });
    store.getState().applyLive([
      { type: 'phase', revision: 3, id: 'a', phase: 'starting' },
      { type: 'phase', revision: 2, id: 'a', phase: 'failed', error: 'old' },
      { type: 'phase', revision: 3, id: 'a', phase: 'failed', error: 'refused' },
    ]);
    expect(store.getState().deployRun?.phases.a).toEqual({ phase: 'failed', error: 'refused' });
    store.getState().applyLive([
      {
        type: 'stats',
        id: 'a',
        stats: {
          ts: 0,
          uptimeMs: 0,
          pid: 1,
          cpuPercent: 1,
          rssBytes: 1,
          heapUsedBytes: 1,
          inputs: [{ edgeId: 'e1', subject: 's', strategy: 'queue', received: 10, dropped: 2, queueDepth: 4, ratePerS: 5 }],
          outputs: [],
          handlerErrors: 0,
        },
      },
    ]);
    expect(store.getState().edgeLive.e1).toEqual({ ratePerS: 5, dropped: 2, received: 10, strategy: 'queue', queueDepth: 4 });
    // once it has an outcome, phases of a later deploy with the same number (this one failed) do not land on it
    // a rollback's phase queued with the reply still lands; much later, a reused number does not
    store.getState().endDeploy({ ok: false, message: 'refused', at: Date.now() }, { a: { error: 'refused', log: [], revision: 3 } });
    store.getState().applyLive([{ type: 'phase', revision: 3, id: 'a', phase: 'rolled-back' }]);
    expect(store.getState().deployRun?.phases.a?.phase).toBe('rolled-back');
    store.getState().endDeploy({ ok: false, message: 'refused', at: Date.now() - 10_000 }, { a: { error: 'refused', log: [], revision: 3 } });
    store.getState().applyLive([{ type: 'phase', revision: 3, id: 'a', phase: 'activated' }]);
    expect(store.getState().deployRun?.phases.a?.phase).toBe('rolled-back');
    // the failure marks stay until a revision at least as new is deployed
    store.getState().clearFailures(2);
    expect(Object.keys(store.getState().failures)).toEqual(['a']);
    store.getState().clearFailures(3);
    expect(store.getState().failures).toEqual({});
  });

  it("the master's diagnostics land on their nodes and edges like local ones, once each", () => {
    const d1 = { code: 'unknown-node' as const, severity: 'error' as const, message: 'node x is missing', nodeId: 'x' };
    const d2 = { code: 'duplicate-edge-id' as const, severity: 'error' as const, message: 'edge e1 is bad', edgeId: 'e1' };
    const a = withMasterDiagnostics(EMPTY_ANALYSIS, [d1, d2]);
    expect(a.nodeIssues.get('x')).toEqual([d1]);
    expect(a.edgeIssues.get('e1')).toEqual([d2]);
    expect([a.errors, a.pending]).toEqual([2, null]);
    expect(withMasterDiagnostics(a, [d1]).diagnostics).toHaveLength(2);
  });
});

describe('node status', () => {
  it('words and tones; unresponsive is stale; another applied subgraph than the deployed one is drift; a failed deploy is shown', () => {
    expect(nodeStatus({ live: undefined, failure: undefined, deployedEtag: undefined, connected: true })).toBeNull();
    expect(nodeStatus({ live: undefined, failure: undefined, deployedEtag: 'e1', connected: true })).toMatchObject({ word: 'stopped', tone: 'down' });
    const live = { record: record('activated'), summary: { status: 'activated' as const, ts: 0, graphRevision: 4 }, appliedEtag: 'e1', state: {}, stats: null };
    expect(nodeStatus({ live, failure: undefined, deployedEtag: 'e1', connected: true })).toMatchObject({ word: 'activated', tone: 'ok', stale: false, drift: null, graphRevision: 4 });
    expect(nodeStatus({ live, failure: undefined, deployedEtag: 'e2', connected: true })?.drift).toBe('runs revision 4, not the deployed one');
    expect(nodeStatus({ live, failure: undefined, deployedEtag: 'e1', connected: false })?.stale).toBe(true);
    expect(nodeStatus({ live: { ...live, record: record('unresponsive') }, failure: undefined, deployedEtag: 'e1', connected: true })).toMatchObject({ tone: 'warn', stale: true });
    expect(nodeStatus({ live: { ...live, record: record('error', { lastError: 'exit 1' }) }, failure: undefined, deployedEtag: 'e1', connected: true })).toMatchObject({
      tone: 'bad',
      error: 'exit 1',
    });
    const failure = { error: 'refused', log: ['x'], revision: 5 };
    expect(nodeStatus({ live: { ...live, record: record('deactivated') }, failure, deployedEtag: 'e1', connected: true })).toMatchObject({ tone: 'bad', error: 'refused', failure });
  });
});

describe('frame batching and streams', () => {
  it('updates queued between frames become one batch', () => {
    const batches: number[] = [];
    let frame: (() => void) | null = null;
    const b = new LiveBatcher(
      (x) => batches.push(x.length),
      (f) => (frame = f),
    );
    for (let i = 0; i < 5; i++) b.push({ type: 'summary', id: 'a', summary: null });
    expect(batches).toEqual([]);
    (frame as unknown as () => void)();
    b.push({ type: 'summary', id: 'a', summary: null });
    (frame as unknown as () => void)();
    expect(batches).toEqual([5, 1]);
    b.dispose();
    b.push({ type: 'summary', id: 'a', summary: null });
    expect(batches).toEqual([5, 1]);
  });

  it('a series keeps the newest points within its capacity and windows by time; a log keeps at most its maximum', () => {
    const s = new Series(3);
    for (let i = 1; i <= 5; i++) s.push(i * 1000, i);
    s.push(6000, 'not a number');
    expect(s.window(0)).toEqual([
      [3, 4, 5],
      [3, 4, 5],
    ]);
    expect(s.window(4000)).toEqual([
      [4, 5],
      [4, 5],
    ]);
    expect([s.total, s.last]).toEqual([6, 'not a number']);
    const log = new LogBuffer(10);
    for (let i = 0; i < 30; i++) log.append([{ ts: i, stream: 'stdout', text: String(i) }]);
    expect(log.lines.length).toBeLessThanOrEqual(11);
    expect(log.lines[log.lines.length - 1]?.text).toBe('29');
  });
});
