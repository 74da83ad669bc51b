// A connection's state from its status events: `connected` is false from a disconnect until the
// reconnect, and the owner hears of both and of a close for good (the master and the SDK ride
// out NATS outages with it).
import type { NatsConnection } from '@nats-io/nats-core';
import type { Disposable } from '../shared/disposable.js';

export interface ConnectionEvents {
  onDisconnect?(): void;
  onReconnect?(): void;
  /** The connection is closed and will not come back (err is why, when known). */
  onClosed?(err: Error | undefined): void;
}

/** Follows a connection's status; `connected` is false from a disconnect until the reconnect. */
export class ConnectionWatch implements Disposable {
  connected = true;
  private stopped = false;

  constructor(nc: NatsConnection, ev: ConnectionEvents) {
    void (async () => {
      for await (const s of nc.status()) {
        if (this.stopped) break;
        if (s.type === 'disconnect' || s.type === 'staleConnection') {
          if (this.connected) {
            this.connected = false;
            ev.onDisconnect?.();
          }
        } else if (s.type === 'reconnect') {
          this.connected = true;
          ev.onReconnect?.();
        }
      }
    })().catch(() => {});
    void nc.closed().then((err) => {
      this.connected = false;
      if (!this.stopped) ev.onClosed?.(err instanceof Error ? err : undefined);
    });
  }

  dispose(): void {
    this.stopped = true;
  }
}
