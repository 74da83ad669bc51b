// Numbers on the running graph: asks `stats` about once a second of the instances the editor
// shows (those in view, or all when the Stats panel is open) and hands the replies to the
// batcher. One request in flight per instance; a slow or gone instance just gets no update.
import type { NatsConnection } from '@nats-io/nats-core';
import { instanceClient, type InstanceClient } from '../../../bus/index';
import type { Disposable } from '../../../shared/disposable';
import type { LiveBatcher } from './batch';

export interface StatsPollerOptions {
  /** The instances to ask now. */
  wanted(): Iterable<string>;
  periodMs?: number;
  timeoutMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export function pollStats(nc: NatsConnection, clientId: string, batch: LiveBatcher, opts: StatsPollerOptions): Disposable {
  const clients = new Map<string, InstanceClient>();
  const inFlight = new Set<string>();
  const every = opts.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clear = opts.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  let closed = false;
  const tick = () => {
    for (const id of opts.wanted()) {
      if (inFlight.has(id)) continue;
      let c = clients.get(id);
      if (!c) clients.set(id, (c = instanceClient(nc, id, clientId)));
      inFlight.add(id);
      c.call('stats', {}, { timeoutMs: opts.timeoutMs ?? 900 })
        .then((stats) => {
          if (!closed) batch.push({ type: 'stats', id, stats });
        })
        .catch(() => {})
        .finally(() => inFlight.delete(id));
    }
  };
  const handle = every(tick, opts.periodMs ?? 1000);
  tick();
  return {
    dispose() {
      closed = true;
      clear(handle);
    },
  };
}
