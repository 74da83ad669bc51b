// The page's side of the live feed: starts the live worker (live-feed.ts) and hands what it
// posts to the frame batcher and the catalog; where no worker can run (Node tests) or it cannot
// connect, the same watches run on the page.
import type { KvProvider } from '../../../shared/ports';
import type { DisposableStore } from '../../../shared/disposable';
import type { LiveFeedItem, LiveFeedMessage, LiveFeedRequest } from './live-feed';
import { watchInstances, type LiveSink } from './instances';

/** What the page needs of a Worker (a real one, or a MessagePort in tests). */
export interface LiveWorker {
  postMessage(m: LiveFeedRequest): void;
  onmessage: ((e: { data: LiveFeedMessage }) => void) | null;
  onerror?: ((e: { message?: string }) => void) | null;
  terminate(): void;
}

export interface FollowLiveOptions {
  start: Omit<Extract<LiveFeedRequest, { type: 'start' }>, 'type'>;
  /** Creates the worker; absent or null: the watches run on the page. */
  createWorker?: (() => LiveWorker | null) | undefined;
  /** How long the worker may take to stand its watches up before the page does it (default 15 s). */
  readyTimeoutMs?: number;
  /** How long a stopping worker may take to close its connection (default 2 s). */
  stopTimeoutMs?: number;
}

/** Where the live feed runs: in the worker, or on the page (no worker, or it failed). */
export type LiveVia = 'worker' | 'page';

function deliver(items: readonly LiveFeedItem[], sink: LiveSink): void {
  for (const it of items) {
    if (it.type === 'operators') sink.operators(it.id, it.serviceClass, it.specs);
    else sink.push(it);
  }
}

/** Waits for the worker's first word: ready, failed, or nothing in time. */
function firstWord(w: LiveWorker, sink: LiveSink, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(`no answer in ${timeoutMs} ms`), timeoutMs);
    const done = (why: string | null) => {
      clearTimeout(timer);
      resolve(why);
    };
    w.onmessage = (e) => {
      const m = e.data;
      if (m.type === 'ready') done(null);
      else if (m.type === 'failed') done(m.message);
      else if (m.type === 'batch') deliver(m.items, sink); // the watches' first values may come before `ready`
    };
    w.onerror = (e) => done(e.message || 'the worker failed to load');
  });
}

/** Follows the registry and the instance buckets into `sink` until `owned` is disposed. */
export async function followLive(kvs: KvProvider, sink: LiveSink, owned: DisposableStore, opts: FollowLiveOptions): Promise<LiveVia> {
  let w: LiveWorker | null = null;
  try {
    w = opts.createWorker?.() ?? null;
  } catch {
    w = null;
  }
  if (w) {
    const worker = w;
    worker.postMessage({ type: 'start', ...opts.start });
    const why = await firstWord(worker, sink, opts.readyTimeoutMs ?? 15_000);
    if (why === null) {
      worker.onmessage = (e) => {
        if (e.data.type === 'batch') deliver(e.data.items, sink);
      };
      owned.defer(
        () =>
          new Promise<void>((resolve) => {
            const end = () => {
              clearTimeout(timer);
              worker.terminate();
              resolve();
            };
            const timer = setTimeout(end, opts.stopTimeoutMs ?? 2_000);
            worker.onmessage = (e) => e.data.type === 'stopped' && end();
            worker.postMessage({ type: 'stop' });
          }),
      );
      return 'worker';
    }
    worker.terminate();
    console.warn(`live updates on the page: the live worker did not start (${why})`);
  }
  await watchInstances(kvs, sink, owned);
  return 'page';
}
