// The live feed in its worker against a real master (Node with the `ws` WebSocket): the worker's
// code (serveLiveFeed) runs on one end of a MessageChannel and the page's (followLive) on the
// other, as they do across a Worker in the browser. The registry and an engine's bucket reach the
// store through it on a connection of the worker's own, closed with the session; a worker that
// cannot connect leaves the watches to the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import WebSocket from 'ws';
import { eventually, startEditorMasterFixture, type MasterFixture } from '../../../main/master/testing';
import { createEditor } from '../store/editor';
import { serveLiveFeed, type FeedScope, type LiveFeedRequest } from './live-feed';
import type { LiveWorker } from './live-client';
import { startSession, type Session } from './session';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/** A worker stand-in: the feed on port1, the page's end on port2; `alter` rewrites what the page sends. */
function channelWorker(alter: (m: LiveFeedRequest) => LiveFeedRequest = (m) => m): LiveWorker & { closed: Promise<void> } {
  const { port1, port2 } = new MessageChannel();
  serveLiveFeed(port1 as unknown as FeedScope);
  const closed = new Promise<void>((r) => port1.once('close', () => r()));
  const page = port2 as unknown as LiveWorker;
  return {
    closed,
    postMessage: (m) => page.postMessage(alter(m)),
    set onmessage(fn) {
      page.onmessage = fn;
    },
    get onmessage() {
      return page.onmessage;
    },
    terminate: () => port2.close(),
  };
}

/** The names of the connections the server has now (its monitoring endpoint). */
async function connectionNames(f: MasterFixture): Promise<string[]> {
  const r = await fetch(`${f.nats.server.monitorUrl}/connz?limit=1000`);
  const body = (await r.json()) as { connections?: { name?: string }[] };
  return (body.connections ?? []).map((c) => c.name ?? '');
}

describe('the live feed in its worker (real master over WebSocket)', () => {
  let f: MasterFixture;
  let session: Session | null = null;
  const worker = channelWorker();
  const editor = createEditor({ clientId: 'editor-live' });
  const store = editor.store;

  beforeAll(async () => {
    f = await startEditorMasterFixture();
  }, 60_000);
  afterAll(async () => {
    await session?.dispose();
    await f?.stop();
  });

  it('brings the registry and an engine bucket to the store from the worker, on its own connection', async () => {
    session = await startSession(f.nats.wsUrl, editor, { token: f.nats.server.editorToken, liveWorker: () => worker });
    expect(session.liveVia).toBe('worker');
    expect(await connectionNames(f)).toContain('f8-editor-editor-live-live');
    await eventually(() => store.getState().entries.some((e) => e.serviceClass === 'f8.engine'), 'the catalog');
    await f.call('startInstance', { serviceClass: 'f8.engine', instanceId: 'eng-w' }, { clientId: 'editor-live', timeoutMs: 40_000 });
    await eventually(
      () => store.getState().live['eng-w']?.record?.status === 'deactivated' && store.getState().live['eng-w']?.summary?.status === 'deactivated',
      'the record and summary through the worker',
      30_000,
    );
    await eventually(() => store.getState().runningEngines.some((r) => r.instanceId === 'eng-w' && r.operators.some((o) => o.operatorClass === 'example.square')), 'the engine operators', 30_000);
  }, 90_000);

  it('a worker that cannot connect leaves the watches to the page', async () => {
    const other = createEditor({ clientId: 'editor-page' });
    const failing = channelWorker((m) => (m.type === 'start' ? { ...m, token: 'not-the-token' } : m));
    const s = await startSession(f.nats.wsUrl, other, { token: f.nats.server.editorToken, liveWorker: () => failing });
    try {
      expect(s.liveVia).toBe('page');
      await eventually(() => other.store.getState().live['eng-w']?.record?.status === 'deactivated', 'the record read on the page', 30_000);
    } finally {
      await s.dispose();
    }
  }, 60_000);

  it('an instance gone leaves the store; the session closes the worker and its connection', async () => {
    await f.call('stopInstance', { instanceId: 'eng-w' }, { clientId: 'editor-live', timeoutMs: 20_000 });
    await eventually(() => !store.getState().runningEngines.some((r) => r.instanceId === 'eng-w'), 'the stopped engine leaves the palette', 30_000);
    await eventually(() => store.getState().live['eng-w']?.record == null, 'the record removed', 30_000);
    await session!.dispose();
    session = null;
    await worker.closed;
    await eventually(async () => !(await connectionNames(f)).includes('f8-editor-editor-live-live'), 'the worker connection closed', 10_000);
  }, 60_000);
});
