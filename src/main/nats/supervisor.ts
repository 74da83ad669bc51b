// The master supervises its embedded nats-server: a server that dies, or stops answering
// /healthz for longer than a blip (frozen, wedged after a full disk), is killed if need be and
// started again on the same ports and store with the grants in force, so every client
// reconnects by itself. Each outage is logged and reported as an event.
import { startEmbeddedNats, type EmbeddedNats, type EmbeddedNatsOptions } from './server.js';
import { healthzOk } from './disk.js';
import { isAlive, isPortFree, waitForExit } from './process-util.js';
import type { InstanceGrant } from './permissions.js';

export interface NatsSupervisorEvent {
  kind: 'nats-down' | 'nats-restarted' | 'nats-restart-failed';
  message: string;
  ts: number;
  pid?: number;
  /** nats-restarted: from the detection to the new server being ready. */
  downMs?: number;
}

export interface SupervisorOptions {
  /** How often the server is looked at (default 1000 ms). */
  intervalMs?: number;
  /** /healthz failing this long means wedged (default 10000 ms: a 3 s freeze is ridden out). */
  unhealthyAfterMs?: number;
  /** How often JetStream itself is asked, when a probe is set (default 5000 ms). */
  jetStreamEveryMs?: number;
  /** One /healthz request's timeout (default 2000 ms). */
  healthTimeoutMs?: number;
  now?: () => number;
  onEvent?: (e: NatsSupervisorEvent) => void;
  /** Starts a server (default startEmbeddedNats); injectable for tests. */
  start?: (opts: EmbeddedNatsOptions) => Promise<EmbeddedNats>;
}

/** Starts the embedded server and supervises it; the handle always speaks for the current server. */
export async function startSupervisedNats(opts: EmbeddedNatsOptions, sup: SupervisorOptions = {}): Promise<SupervisedNats> {
  const start = sup.start ?? startEmbeddedNats;
  const first = await start(opts);
  return new SupervisedNats(first, opts, sup, start);
}

export class SupervisedNats implements EmbeddedNats {
  onEvent: ((e: NatsSupervisorEvent) => void) | undefined;
  /** Set by whoever holds a connection (the master): does JetStream answer? (null: cannot tell). */
  jetStreamProbe: (() => Promise<boolean | null>) | undefined;
  private lastJsProbe = 0;
  /** Restarts so far (for figures and tests). */
  restarts = 0;
  private grants: readonly InstanceGrant[] = [];
  private badSince: number | null = null;
  private restarting: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null;
  private checking = false;
  private stopped = false;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  constructor(
    private current: EmbeddedNats,
    private readonly opts: EmbeddedNatsOptions,
    private readonly sup: SupervisorOptions,
    private readonly startServer: (opts: EmbeddedNatsOptions) => Promise<EmbeddedNats>,
  ) {
    this.onEvent = sup.onEvent;
    this.now = sup.now ?? Date.now;
    this.log = opts.log ?? (() => {});
    this.timer = setInterval(() => void this.check(), sup.intervalMs ?? 1_000);
    this.timer.unref();
  }

  get natsUrl(): string {
    return this.current.natsUrl;
  }
  get plainNatsUrl(): string {
    return this.current.plainNatsUrl;
  }
  get serviceNatsUrl(): string {
    return this.current.serviceNatsUrl;
  }
  get wsUrl(): string {
    return this.current.wsUrl;
  }
  get editorToken(): string {
    return this.current.editorToken;
  }
  get secrets(): EmbeddedNats['secrets'] {
    return this.current.secrets;
  }
  get monitorUrl(): string {
    return this.current.monitorUrl;
  }
  get pid(): number {
    return this.current.pid;
  }
  get reused(): boolean {
    return this.current.reused;
  }
  get logFile(): string {
    return this.current.logFile;
  }
  instanceUrl(instanceId: string): string {
    return this.current.instanceUrl(instanceId);
  }

  async setGrants(grants: readonly InstanceGrant[]): Promise<void> {
    this.grants = [...grants];
    await this.restarting; // a server being started gets them in its config
    await this.current.setGrants(grants);
  }

  /** One look: dead, or unhealthy for too long, means a restart. */
  async check(): Promise<void> {
    if (this.stopped || this.checking || this.restarting) return;
    this.checking = true;
    try {
      const pid = this.current.pid;
      if (!isAlive(pid)) return await this.restart(`nats-server (pid ${pid}) is gone`);
      const port = Number(new URL(this.current.monitorUrl).port);
      let problem: string | null = (await healthzOk(port, this.sup.healthTimeoutMs ?? 2_000)) ? null : '/healthz does not answer';
      // /healthz can say ok while JetStream is wedged (2.9.10 after a full disk): ask JetStream too, now and then
      if (!problem && this.jetStreamProbe && (this.badSince !== null || this.now() - this.lastJsProbe >= (this.sup.jetStreamEveryMs ?? 5_000))) {
        this.lastJsProbe = this.now();
        if ((await this.jetStreamProbe().catch(() => null)) === false) problem = 'JetStream does not answer';
      }
      if (!problem) {
        if (this.badSince !== null) this.log(`nats-server: answers again after ${this.now() - this.badSince} ms`);
        this.badSince = null;
        return;
      }
      if (this.badSince === null) {
        this.badSince = this.now();
        this.log(`nats-server: ${problem} (pid ${pid}); it is started again if that lasts ${this.sup.unhealthyAfterMs ?? 10_000} ms`);
      }
      const bad = this.now() - this.badSince;
      if (bad >= (this.sup.unhealthyAfterMs ?? 10_000)) await this.restart(`nats-server (pid ${pid}) has not answered (${problem}) for ${bad} ms`);
    } finally {
      this.checking = false;
    }
  }

  private restart(why: string): Promise<void> {
    this.restarting ??= (async () => {
      const t0 = this.now();
      const old = this.current.pid;
      this.log(`nats-server: ${why}; starting it again on the same ports and store`);
      this.emit({ kind: 'nats-down', message: why, ts: t0, pid: old });
      try {
        if (isAlive(old)) {
          process.kill(old, 'SIGKILL'); // a frozen (SIGSTOPped) or wedged server ignores SIGTERM
          await waitForExit(old, 5_000);
        }
        // clients know only these ports: wait (bounded) for them to be free rather than move
        await this.portsFree(10_000);
        const next = await this.startServer({ ...this.opts, grants: this.grants });
        if (this.stopped) {
          await next.stop().catch(() => {});
          return;
        }
        if (next.plainNatsUrl !== this.current.plainNatsUrl) this.log(`nats-server: its port changed (${this.current.plainNatsUrl} -> ${next.plainNatsUrl}); clients of the old URL cannot reconnect`);
        this.current = next;
        this.restarts++;
        this.badSince = null;
        const downMs = this.now() - t0;
        this.log(`nats-server: restarted as pid ${next.pid} in ${downMs} ms`);
        this.emit({ kind: 'nats-restarted', message: `${why}; the master started it again as pid ${next.pid} on the same ports`, ts: this.now(), pid: next.pid, downMs });
      } catch (err) {
        this.log(`nats-server: restart failed: ${(err as Error).message.split('\n')[0]}; trying again`);
        this.emit({ kind: 'nats-restart-failed', message: (err as Error).message.split('\n')[0] ?? '', ts: this.now() });
      }
    })().finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  private async portsFree(timeoutMs: number): Promise<void> {
    const ports = [this.current.plainNatsUrl, this.current.wsUrl, this.current.monitorUrl].map((u) => Number(new URL(u).port));
    const end = this.now() + timeoutMs;
    for (;;) {
      const taken: number[] = [];
      for (const p of ports) if (!(await isPortFree(p))) taken.push(p);
      if (!taken.length) return;
      if (this.now() >= end) {
        this.log(`nats-server: port(s) ${taken.join(', ')} still taken after ${timeoutMs} ms; starting anyway (clients of a moved port cannot reconnect)`);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private emit(e: NatsSupervisorEvent): void {
    try {
      this.onEvent?.(e);
    } catch {
      /* a listener's problem is not the server's */
    }
  }

  /** Ends supervision, then stops the current server. */
  async stop(o: { timeoutMs?: number } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.restarting;
    await this.current.stop(o);
  }

  /** Ends supervision and leaves the server running (a master that crashes leaves it too). */
  detach(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
