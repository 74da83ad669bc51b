// The commands that talk to the master, one test each, against a stand-in session: deploy
// (plan, question, deploy), stop all, Live mode, revert to a revision, take over the lease.
import { describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../../shared/types';
import { disabledReason, isEnabled, runCommand } from './registry';
import { fakeSession, graph, testbed } from './testing';

const plan = (currentRevision: number) => () => ({ valid: true, currentRevision, diagnostics: [], plan: [{ instanceId: 'sig', action: 'start', reasons: ['new'] }] });

describe('session commands', () => {
  it('deploy asks with the plan, then deploys on the revision the plan was made against', async () => {
    const t = testbed();
    const { session, calls } = fakeSession({ planGraph: plan(4), deployGraph: () => ({ revision: 5 }) });
    expect(disabledReason('graph.deploy', t.ctx({ session }))).toBe('not connected to NATS');
    t.online();
    const asked: { title: string; lines?: string[] }[] = [];
    await runCommand('graph.deploy', undefined, t.ctx({ session, confirm: async (q) => (asked.push(q), true) }));
    expect(asked.map((q) => q.title)).toEqual(['Deploy revision 5?']);
    expect(asked[0]?.lines).toHaveLength(1);
    expect(calls.map(([verb]) => verb)).toEqual(['planGraph', 'deployGraph']);
    expect(calls[1]?.[1]).toMatchObject({ baseRevision: 4 });
    expect(t.store.getState().deployRun?.outcome).toMatchObject({ ok: true, revision: 5 });
    expect(t.store.getState().baseRevision).toBe(5);
    expect(t.notices()).toContain('info: deployed revision 5');
  });

  it('stop all asks, then stops the deployed graph (the graph is kept)', async () => {
    const t = testbed();
    const { session, calls } = fakeSession({ stopGraph: () => ({ revision: 2 }) });
    t.online();
    expect(isEnabled('graph.stopAll', t.ctx({ session }))).toBe(false);
    t.store.getState().setDeployed({ revision: 2, compiled: null, editorHalfEdges: [] });
    await runCommand('graph.stopAll', undefined, t.ctx({ session, confirm: async () => false }));
    expect(calls).toEqual([]);
    await runCommand('graph.stopAll', undefined, t.ctx({ session, confirm: async () => true }));
    expect(calls).toEqual([['stopGraph', {}]]);
    expect(t.store.getState().graph.nodes).toHaveLength(3);
    expect(t.notices()).toContain('info: stopped the instances of revision 2; the graph is kept');
  });

  it('Live mode turns on and off (on only with the master and the lease)', async () => {
    const t = testbed();
    const { session } = fakeSession({});
    expect(isEnabled('graph.toggleLive', t.ctx({ session }))).toBe(false);
    t.online();
    await runCommand('graph.toggleLive', undefined, t.ctx({ session }));
    expect(t.store.getState().liveMode).toBe(true);
    expect(t.notices()).toContain('info: Live is on: clean edits deploy themselves');
    await runCommand('graph.toggleLive', undefined, t.ctx({ session }));
    expect(t.store.getState().liveMode).toBe(false);
  });

  it('revert deploys an earlier revision as a new one; the document becomes that graph, detached from its file', async () => {
    const t = testbed();
    t.store.getState().load(structuredClone(graph), { name: 'mine.f8graph', handle: '/home/u/mine.f8graph' });
    const older: ServiceGraph = { ...graph, nodes: graph.nodes.slice(0, 1), edges: [] };
    const { session, calls } = fakeSession({ graphAt: () => ({ graph: older }), planGraph: plan(3), deployGraph: () => ({ revision: 4 }) });
    t.online();
    t.store.getState().setDeployed({ revision: 3, compiled: null, editorHalfEdges: [] });
    const asked: string[] = [];
    await runCommand('graph.revert', 1, t.ctx({ session, confirm: async (q) => (asked.push(q.title), true) }));
    expect(calls[0]).toEqual(['graphAt', { revision: 1 }]);
    expect(asked).toEqual(['Revert to revision 1 (deployed as revision 4)?']);
    expect(t.store.getState().graph.nodes.map((n) => n.nodeId)).toEqual(['sig']);
    expect(t.store.getState().file).toBeNull();
    expect(t.store.getState().dirty).toBe(true);
    expect(t.notices()).toContain("info: reverted: revision 1's graph runs again (not saved to a file)");
  });

  it('take over makes this viewer the lease holder and says from whom', async () => {
    const t = testbed();
    t.store.getState().setConnection('connected');
    t.store.getState().setLease({ role: 'viewer', holder: 'editor-other', expiresAt: null });
    const { session } = fakeSession({}, { takeOver: async () => t.store.getState().setLease({ role: 'holder', holder: 'test', expiresAt: null }) });
    expect(isEnabled('session.takeOver', t.ctx())).toBe(false);
    await runCommand('session.takeOver', undefined, t.ctx({ session }));
    expect(t.store.getState().lease.role).toBe('holder');
    expect(t.notices().some((n) => n.startsWith('info: took the lease from'))).toBe(true);
  });
});
