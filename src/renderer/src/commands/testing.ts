// Test helpers for the commands: an editor with a small graph, a command context around it,
// and a stand-in session whose master answers from a table (tests only).
import type { InstanceClient, MasterClient } from '../../../bus/index';
import type { ServiceGraph } from '../../../shared/types';
import type { Session } from '../bridge/session';
import { createEditor } from '../store/editor';
import type { CanvasApi, CommandContext } from './registry';
import './index';

export const graph: ServiceGraph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g',
  nodes: [
    { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', position: { x: 0, y: 0 } },
    { nodeId: 'eng', kind: 'service', serviceClass: 'f8.engine', position: { x: 300, y: 0 } },
    { nodeId: 'op1', kind: 'operator', operatorClass: 'smooth', parentId: 'eng', position: { x: 320, y: 60 } },
  ],
  edges: [{ kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'op1', port: 'value' } }],
};

export type Answers = Record<string, (params: unknown) => unknown>;

/** A session whose master answers `answers[verb](params)`; every call is recorded. */
export function fakeSession(answers: Answers, extra: Partial<Session> = {}): { session: Session; calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  const master = {
    call: async (verb: string, params: unknown) => {
      calls.push([verb, params]);
      const answer = answers[verb];
      if (!answer) throw new Error(`no answer for ${verb}`);
      return answer(params);
    },
  } as unknown as MasterClient;
  const session = {
    master,
    nc: null,
    takeOver: async () => {},
    instance: () => ({}) as InstanceClient,
    followLogs: () => ({ dispose() {} }),
    publish: () => false,
    dispose() {},
    ...extra,
  } as unknown as Session;
  return { session, calls };
}

/** A canvas whose flow coordinates are the screen's shifted by (-10, -10). */
export function fakeCanvas(fitView: (opts: unknown) => void = () => {}): CanvasApi {
  const flow = {
    screenToFlowPosition: (p: { x: number; y: number }) => ({ x: p.x - 10, y: p.y - 10 }),
    fitView: async (o: unknown) => (fitView(o), true),
    getNodes: () => [],
    getIntersectingNodes: () => [],
    getNode: () => undefined,
    getInternalNode: () => undefined,
  };
  return { flow: flow as unknown as CanvasApi['flow'], pointer: () => ({ x: 100, y: 50 }), rect: () => null, headHeight: () => undefined };
}

/** A fresh editor holding `graph`, and a command context for it (override any part). */
export function testbed(g: ServiceGraph = graph) {
  const editor = createEditor({ clientId: 'test' });
  const store = editor.store;
  store.getState().load(structuredClone(g), null);
  const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
    store,
    canvas: null,
    files: { open: async () => null, save: async (name) => ({ name }) },
    session: null,
    confirmDiscard: async () => true,
    ...over,
  });
  /** Connected, the master answering, this editor holding the lease. */
  const online = () => {
    store.getState().setConnection('connected');
    store.getState().setLease({ role: 'holder', holder: 'test', expiresAt: null });
  };
  const notices = () => store.getState().notices.map((n) => `${n.kind}: ${n.text}`);
  return { editor, store, ctx, online, notices };
}
