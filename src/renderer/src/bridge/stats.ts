// Numbers on the running graph: asks `stats` about once a second of the instances the editor
// shows (those in view, or all when the Stats panel is open) and hands the replies to the
// batcher. One request in flight per instance; a slow or gone instance just gets no update. The
// requests of a period are spread over it in slices (200 instances in view: 20 every 100 ms, not
// 200 in one task that holds up a frame).
import type { NatsConnection } from '@nats-io/nats-core';
import { instanceClient, type InstanceClient } from '../../../bus/index';
import type { Disposable } from '../../../shared/disposable';
import type { LiveBatcher } from './batch';

export interface StatsPollerOptions {
  /** The instances to ask now. */
  wanted(): Iterable<string>;
  periodMs?: number;
  /** Slices a period's requests are spread over (default 10). */
  slices?: number;
  timeoutMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export function pollStats(nc: NatsConnection, clientId: string, batch: LiveBatcher, opts: StatsPollerOptions): Disposable {
  const clients = new Map<string, InstanceClient>();
  const inFlight = new Set<string>();
  const every = opts.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clear = opts.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  const slices = Math.max(1, opts.slices ?? 10);
  let closed = false;
  const ask = (id: string) => {
    if (inFlight.has(id)) return;
    let c = clients.get(id);
    if (!c) clients.set(id, (c = instanceClient(nc, id, clientId)));
    inFlight.add(id);
    c.call('stats', {}, { timeoutMs: opts.timeoutMs ?? 900 })
      .then((stats) => {
        if (!closed) batch.push({ type: 'stats', id, stats });
      })
      .catch(() => {})
      .finally(() => inFlight.delete(id));
  };
  // this period's instances, asked a slice per tick
  let round: string[] = [];
  let per = 0;
  let tickNo = 0;
  const tick = () => {
    if (tickNo++ % slices === 0) {
      round = [...opts.wanted()];
      per = Math.ceil(round.length / slices);
    }
    for (const id of round.splice(0, per)) ask(id);
  };
  const handle = every(tick, (opts.periodMs ?? 1000) / slices);
  tick();
  return {
    dispose() {
      closed = true;
      clear(handle);
    },
  };
}
