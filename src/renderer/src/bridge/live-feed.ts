// The live feed: the registry and instance-bucket watches (instances.ts) on a NATS connection
// of their own, in a worker. A graph of 200 changing nodes is about 2000 KV messages a second;
// parsed and validated on the page they held up its frames. Here the worker does that and posts
// what it found to the page in batches (one post per `flushMs`); the page only hands each batch
// to its frame batcher. The worker glue (workers/live.worker.ts) is `serveLiveFeed(self)`; tests
// run the same function on a MessagePort.
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, connectWs, ViewKvProvider } from '../../../bus/index';
import { DisposableStore } from '../../../shared/disposable';
import { NATS_USERS } from '../../../shared/naming';
import type { OperatorSpec } from '../../../shared/types';
import type { LiveUpdate } from '../store/live';
import { watchInstances, type LiveSink } from './instances';

/** The page asks the worker to start (once) or stop. */
export type LiveFeedRequest = { type: 'start'; wsUrl: string; token?: string; name: string; apiPrefix: string } | { type: 'stop' };

export type LiveFeedItem = LiveUpdate | { type: 'operators'; id: string; serviceClass: string; specs: OperatorSpec[] | null };

/** What the worker posts: ready once its watches stand, failed if they cannot, then batches. */
export type LiveFeedMessage = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'batch'; items: LiveFeedItem[] } | { type: 'stopped' };

/** The part of a worker's global scope (or a MessagePort) the feed uses. */
export interface FeedScope {
  postMessage(m: LiveFeedMessage): void;
  onmessage: ((e: { data: LiveFeedRequest }) => void) | null;
  close(): void;
}

export interface FeedOptions {
  /** How long items gather before one post (default 16 ms: about a frame). */
  flushMs?: number;
}

/** A sink that gathers items and posts them together, at most one post per `flushMs`. */
export function postingSink(post: (m: LiveFeedMessage) => void, flushMs: number): LiveSink & { dispose(): void } {
  let items: LiveFeedItem[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const flush = () => {
    timer = null;
    if (!items.length || closed) return;
    const batch = items;
    items = [];
    post({ type: 'batch', items: batch });
  };
  const add = (item: LiveFeedItem) => {
    if (closed) return;
    items.push(item);
    timer ??= setTimeout(flush, flushMs);
  };
  return {
    push: add,
    operators: (id, serviceClass, specs) => add({ type: 'operators', id, serviceClass, specs }),
    dispose() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** Connects and watches; the returned store closes both. Throws when the watches cannot start. */
export async function startLiveFeed(req: Extract<LiveFeedRequest, { type: 'start' }>, post: (m: LiveFeedMessage) => void, opts: FeedOptions = {}): Promise<DisposableStore> {
  const owned = new DisposableStore();
  try {
    const nc: NatsConnection = await connectWs(req.wsUrl, { name: req.name, noAsyncTraces: true, ...(req.token ? { user: NATS_USERS.editor, pass: req.token } : {}) });
    owned.defer(() => closeConnection(nc));
    const sink = postingSink(post, opts.flushMs ?? 16);
    owned.add(sink);
    await watchInstances(new ViewKvProvider(nc, { apiPrefix: req.apiPrefix }), sink, owned);
    return owned;
  } catch (err) {
    await owned.dispose();
    throw err;
  }
}

/** The worker's side: start on the first request, stop (and close the scope) on `stop`. */
export function serveLiveFeed(scope: FeedScope, opts: FeedOptions = {}): void {
  let feed: Promise<DisposableStore | null> | null = null;
  scope.onmessage = (e) => {
    const req = e.data;
    if (req.type === 'start' && !feed) {
      feed = startLiveFeed(req, (m) => scope.postMessage(m), opts).then(
        (f) => (scope.postMessage({ type: 'ready' }), f),
        (err: unknown) => (scope.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) }), null),
      );
    } else if (req.type === 'stop') {
      void (feed ?? Promise.resolve(null))
        .then((f) => f?.dispose())
        .finally(() => {
          scope.postMessage({ type: 'stopped' });
          scope.close();
        });
    }
  };
}
