// An instance's link to its master: register (with backoff while the master is not up), see the
// master's own $SRV.PING probes as its heartbeat, register again when a silent master comes back
// (a restarted master with a fresh store), and unregister on the way out.
import type { NatsTransport, MasterClient } from '../bus/index.js';
import { F8Error } from '../shared/errors.js';
import { subjects } from '../shared/naming.js';
import { etagOf } from '../shared/hash.js';
import { DisposableStore, type Disposable } from '../shared/disposable.js';
import type { Manifest } from '../shared/types.js';

export interface MasterLinkOptions {
  transport: NatsTransport;
  /** The master's verbs as this instance (its id may be assigned by the first register). */
  master(instanceId: string): MasterClient;
  manifest: Manifest;
  runId: string;
  now: () => number;
  masterTimeoutMs: number;
  registerBackoffMs?: number;
  stopping(): boolean;
  /** After a re-register (the status is written again there). */
  onBack(): Promise<void>;
  log(text: string): void;
}

export class MasterLink implements Disposable {
  instanceId = '';
  private registered = false;
  private seenAt = 0;
  private again: Promise<void> | null = null;
  private readonly store = new DisposableStore();

  constructor(private readonly o: MasterLinkOptions) {}

  get reachable(): boolean {
    return this.registered && this.o.now() - this.seenAt < this.o.masterTimeoutMs;
  }

  private request(instanceId: string | undefined) {
    return { serviceClass: this.o.manifest.serviceClass, runId: this.o.runId, pid: process.pid, manifestHash: etagOf(this.o.manifest), ...(instanceId ? { instanceId } : {}) };
  }

  /** Registers, retrying with backoff while the master is not up; resolves the instanceId. */
  async register(instanceId: string | undefined): Promise<string> {
    let delay = this.o.registerBackoffMs ?? 100;
    for (;;) {
      try {
        const reply = await this.o.master(instanceId ?? `svc-${this.o.runId}`).call('registry.register', this.request(instanceId));
        this.instanceId = reply.instanceId;
        this.registered = true;
        this.seenAt = this.o.now();
        return reply.instanceId;
      } catch (err) {
        if (!(err instanceof F8Error) || (err.code !== 'unavailable' && err.code !== 'timeout')) throw err;
        if (this.o.stopping()) throw err;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 2_000);
      }
    }
  }

  /** The master probes our micro-service PING subject; seeing those probes tells that it is alive. */
  observe(): void {
    this.store.add(
      this.o.transport.subscribe(subjects.srvPing(this.instanceId), () => {
        const wasLost = !this.reachable;
        this.seenAt = this.o.now();
        if (wasLost) void this.reRegister();
      }),
    );
    // While the master is silent, try to register again (a restarted master with a fresh store).
    const timer = setInterval(
      () => {
        if (!this.reachable) void this.reRegister();
      },
      Math.max(500, Math.floor(this.o.masterTimeoutMs / 2)),
    );
    this.store.defer(() => clearInterval(timer));
  }

  private reRegister(): Promise<void> {
    if (this.again || this.o.stopping()) return this.again ?? Promise.resolve();
    this.again = (async () => {
      try {
        await this.o.master(this.instanceId).call('registry.register', this.request(this.instanceId));
        this.registered = true;
        this.seenAt = this.o.now();
        await this.o.onBack();
        this.o.log('registered again with the master');
      } catch {
        // still unreachable; the timer tries again
      } finally {
        this.again = null;
      }
    })();
    return this.again;
  }

  async unregister(): Promise<void> {
    if (!this.registered) return;
    await this.o
      .master(this.instanceId)
      .call('registry.unregister', { instanceId: this.instanceId, runId: this.o.runId }, { timeoutMs: 1_000 })
      .catch(() => {});
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
