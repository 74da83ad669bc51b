// The master supervises its embedded nats-server: a server that dies, or stops answering
// /healthz for longer than a blip (frozen, wedged after a full disk), is killed if need be and
// started again on the same ports and store with the grants in force, so every client
// reconnects by itself. Each outage is logged and reported as an event.
//
// Two things are not the server's fault and never end in a kill:
// - the master out of file descriptors (EMFILE and the like on its own /healthz request): it
//   cannot tell anything about the server then, so it does not judge it (the pid check, kill(pid,
//   0), needs no descriptor and still runs);
// - a full disk under the store: JetStream is sick, but core NATS needs no disk and keeps
//   flowing, and a restart could not even write what it needs. The server is kept, JetStream is
//   reported unavailable, and a server whose JetStream stays silent is restarted once space is back.
import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import { natsPaths, startEmbeddedNats, type EmbeddedNats, type EmbeddedNatsOptions } from './server.js';
import { coreAnswers, freeBytes, healthz, isOwnExhaustion, type HealthAnswer } from './disk.js';
import { isAlive, isPortFree, waitForExit } from '../util/process.js';
import { connectNode } from '../../bus/node.js';
import { subjects } from '../../shared/naming.js';
import type { InstanceGrant } from './accounts.js';
import type { SystemEvent } from '../../shared/generated/schema-types.js';

/** What the supervisor reports (the master publishes it on the system events subject): schemas/system-event.schema.json. */
export type NatsSupervisorEvent = SystemEvent;

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
  /** One /healthz request (default: disk.ts healthz); injectable for tests. */
  healthProbe?: (port: number, timeoutMs: number) => Promise<HealthAnswer>;
  /** Does core NATS answer (its INFO line)? Default: disk.ts coreAnswers; injectable for tests. */
  coreProbe?: (port: number, timeoutMs: number) => Promise<{ ok: boolean; code?: string }>;
  /** Free bytes under the store and the config (default: statfs of both; null: cannot tell). */
  freeBytes?: () => number | null;
  /** Fewer free bytes than this is a full disk (default 4 MiB). */
  minFreeBytes?: number;
  /** Is the pid alive (default: kill(pid, 0), no file descriptor needed); injectable for tests. */
  isAlive?: (pid: number) => boolean;
  /** Kills a server for a restart and waits for it (default SIGKILL, then up to 5 s); injectable for tests. */
  kill?: (pid: number) => Promise<void>;
  /** Waits for the ports to be free before a restart (default true). */
  waitForPorts?: boolean;
  /**
   * Publishes a JetStream event on f8.master.events.system over a connection of its own; false
   * when it could not (then it goes to onEvent). Default: a short-lived core connection with the
   * master's credentials. A full store stalls any connection that wrote to it (nats-server 2.9.10
   * reads nothing more from it), the master's own included: a fresh one still gets through.
   */
  announce?: (natsUrl: string, e: NatsSupervisorEvent) => Promise<boolean>;
}

/** The default `announce`: connect, publish, flush, close, all within `timeoutMs`. */
export async function announceDirect(natsUrl: string, e: NatsSupervisorEvent, timeoutMs = 3_000): Promise<boolean> {
  let nc: Awaited<ReturnType<typeof connectNode>> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const work = (async () => {
    nc = await connectNode(natsUrl, { name: 'f8-master-supervisor', maxReconnectAttempts: 0, timeoutMs });
    nc.publish(subjects.systemEvents, new TextEncoder().encode(JSON.stringify(e)));
    await nc.flush();
    return true;
  })().catch(() => false);
  try {
    return await Promise.race([work, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
  } finally {
    clearTimeout(timer);
    // closed whether it got through or not (a connect still under way is closed when it lands)
    void nc?.close().catch(() => {});
    void work.finally(() => nc?.close().catch(() => {}));
  }
}

const DEFAULT_MIN_FREE_BYTES = 4 * 1024 * 1024;

async function killAndWait(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL'); // a frozen (SIGSTOPped) or wedged server ignores SIGTERM
  } catch {
    return; // already gone
  }
  await waitForExit(pid, 5_000);
}

/** Starts the embedded server and supervises it; the handle always speaks for the current server. */
export async function startSupervisedNats(opts: EmbeddedNatsOptions, sup: SupervisorOptions = {}): Promise<SupervisedNats> {
  const start = sup.start ?? startEmbeddedNats;
  const first = await start(opts);
  return new SupervisedNats(first, opts, sup, start);
}

/** The facts of a server the handle reads from whichever server is current (its port may change on a restart). */
const FORWARDED = ['natsUrl', 'plainNatsUrl', 'serviceNatsUrl', 'wsUrl', 'editorToken', 'secrets', 'monitorUrl', 'pid', 'reused', 'logFile'] as const;
type Forwarded = (typeof FORWARDED)[number];

// The class below gets these as getters on its prototype (defined after it), not as fields.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface SupervisedNats extends Readonly<Pick<EmbeddedNats, Forwarded>> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
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
  /** The master's own /healthz request failed for want of descriptors (logged once per spell). */
  private exhausted = false;
  /** JetStream reported unavailable because the store's disk is full. */
  private storeSick = false;
  /** When the space came back while the store was sick. */
  private spaceBackAt: number | null = null;
  /** A restart ended a sick store: the next answering JetStream is announced (once the clients are back). */
  private storeRestarted = false;
  private fullAndSilent = false;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly alive: (pid: number) => boolean;

  constructor(
    private current: EmbeddedNats,
    private readonly opts: EmbeddedNatsOptions,
    private readonly sup: SupervisorOptions,
    private readonly startServer: (opts: EmbeddedNatsOptions) => Promise<EmbeddedNats>,
  ) {
    this.onEvent = sup.onEvent;
    this.now = sup.now ?? Date.now;
    this.log = opts.log ?? (() => {});
    this.alive = sup.isAlive ?? isAlive;
    this.timer = setInterval(() => void this.check(), sup.intervalMs ?? 1_000);
    this.timer.unref();
  }

  instanceUrl(instanceId: string): string {
    return this.current.instanceUrl(instanceId);
  }

  storeBytes(): number | null {
    return this.current.storeBytes();
  }

  async setGrants(grants: readonly InstanceGrant[]): Promise<void> {
    this.grants = [...grants];
    await this.restarting; // a server being started gets them in its config
    await this.current.setGrants(grants);
  }

  /** One look: dead, or unhealthy for too long, means a restart (unless the master or the disk is to blame). */
  async check(): Promise<void> {
    if (this.stopped || this.checking || this.restarting) return;
    this.checking = true;
    try {
      const pid = this.current.pid;
      // kill(pid, 0): needs no file descriptor, so it tells the truth even when the master is out of them
      if (!this.alive(pid)) return await this.restart(`nats-server (pid ${pid}) is gone`);
      const minFree = this.sup.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
      if (this.storeSick && !this.storeRestarted && this.spaceBackAt === null) {
        // read before the probes: a probe that fails after this failed with space to spare
        const free = this.freeBytes();
        if (free !== null && free >= minFree) {
          this.spaceBackAt = this.now();
          this.badSince = this.now(); // the time spent full was not the server's fault
          this.log(`nats-server: space is back under the store (${Math.round(free / 1048576)} MiB free); the server is restarted if JetStream still does not answer`);
        }
      }
      const port = Number(new URL(this.current.monitorUrl).port);
      const h = await (this.sup.healthProbe ?? healthz)(port, this.sup.healthTimeoutMs ?? 2_000);
      if (!h.ok && isOwnExhaustion(h.code)) return this.ownExhaustion(h.code, pid);
      if (this.exhausted) {
        this.exhausted = false;
        this.log('nats-server: the master has file descriptors again; judging nats-server again');
      }
      let problem: string | null = h.ok ? null : '/healthz does not answer';
      let jsAnswered = !this.jetStreamProbe;
      // /healthz can say ok while JetStream is wedged (2.9.10 after a full disk): ask JetStream too, now and then
      if (!problem && this.jetStreamProbe && (this.badSince !== null || this.now() - this.lastJsProbe >= (this.sup.jetStreamEveryMs ?? 5_000))) {
        this.lastJsProbe = this.now();
        const js = await this.jetStreamProbe().catch(() => null);
        if (js === false) problem = 'JetStream does not answer';
        jsAnswered = js === true;
      }
      if (!problem) {
        if (this.badSince !== null) this.log(`nats-server: answers again after ${this.now() - this.badSince} ms`);
        this.badSince = null;
        this.fullAndSilent = false;
        if (jsAnswered) this.storeRecovered(pid); // a sick store is declared well on JetStream's own word
        return;
      }
      if (this.badSince === null) {
        this.badSince = this.now();
        this.log(`nats-server: ${problem} (pid ${pid}); it is started again if that lasts ${this.sup.unhealthyAfterMs ?? 10_000} ms`);
      }
      // a full disk: keep a server that still serves core NATS (a restart could not start it, and would end the bus)
      const free = this.freeBytes();
      if (free !== null && free < minFree) {
        const core = await (this.sup.coreProbe ?? coreAnswers)(Number(new URL(this.current.plainNatsUrl).port), this.sup.healthTimeoutMs ?? 2_000);
        if (!core.ok && isOwnExhaustion(core.code)) return this.ownExhaustion(core.code, pid);
        if (core.ok) return this.storeFull(pid, free, problem);
        if (!this.fullAndSilent) this.log(`nats-server: the disk is full and core NATS does not answer either (pid ${pid}); judged like any silent server`);
        this.fullAndSilent = true;
      }
      const bad = this.now() - this.badSince;
      // the store was full, space is back (seen before this look's probes) and it still does not answer: 2.9.10 stays wedged
      const spaceBack = this.spaceBackAt !== null && !(free !== null && free < minFree);
      if (bad >= (this.sup.unhealthyAfterMs ?? 10_000) || spaceBack) {
        await this.restart(
          spaceBack
            ? `JetStream of nats-server (pid ${pid}) stayed silent after the space under its store came back (${problem})`
            : `nats-server (pid ${pid}) has not answered (${problem}) for ${bad} ms`,
        );
      }
    } finally {
      this.checking = false;
    }
  }

  /** The master's own request could not be made (EMFILE...): nothing is known about the server. */
  private ownExhaustion(code: string | undefined, pid: number): void {
    if (!this.exhausted) {
      this.exhausted = true;
      this.log(`nats-server: the master is out of file descriptors (${code}); not judging nats-server (pid ${pid} is alive)`);
    }
    this.badSince = null; // a silence seen before is judged afresh once the master can look again
  }

  private storeFull(pid: number, free: number, problem: string): void {
    this.spaceBackAt = null;
    this.storeRestarted = false;
    if (this.storeSick) return;
    this.storeSick = true;
    const message = `the disk under the NATS store is full (${Math.round(free / 1024)} KiB free): JetStream (KV, streams) is unavailable, core messages keep flowing; nats-server (pid ${pid}) is kept running and restarted once space is back if its JetStream stays silent`;
    this.log(`nats-server: ${problem}; ${message}`);
    this.announce({ kind: 'jetstream-unavailable', message, ts: this.now(), pid });
  }

  private storeRecovered(pid: number): void {
    if (!this.storeSick) return;
    const how = this.storeRestarted ? `nats-server restarted as pid ${pid}` : 'it answers again';
    this.storeSick = false;
    this.storeRestarted = false;
    this.spaceBackAt = null;
    const message = `JetStream is available again (${how})`;
    this.log(`nats-server: ${message}`);
    this.announce({ kind: 'jetstream-available', message, ts: this.now(), pid });
  }

  /** A JetStream event: over a connection of its own (the master's may be stuck behind the store), else through onEvent. */
  private announce(e: NatsSupervisorEvent): void {
    const direct = this.sup.announce ?? ((url: string, ev: NatsSupervisorEvent) => announceDirect(url, ev));
    void direct(this.current.natsUrl, e)
      .catch(() => false)
      .then((sent) => {
        if (!sent) this.emit(e);
      });
  }

  /** The least free space under the store and the config (null: cannot tell). */
  private freeBytes(): number | null {
    if (this.sup.freeBytes) return this.sup.freeBytes();
    const p = natsPaths(this.opts.dataDir);
    const dirs = [p.jetstreamDir, p.dir].filter((d) => fs.existsSync(d));
    const free = dirs.map(freeBytes).filter((b): b is number => b !== null);
    return free.length ? Math.min(...free) : null;
  }

  private restart(why: string): Promise<void> {
    this.restarting ??= (async () => {
      const t0 = this.now();
      const old = this.current.pid;
      this.log(`nats-server: ${why}; starting it again on the same ports and store`);
      this.emit({ kind: 'nats-down', message: why, ts: t0, pid: old });
      try {
        if (this.alive(old)) await (this.sup.kill ?? killAndWait)(old);
        // clients know only these ports: wait (bounded) for them to be free rather than move
        if (this.sup.waitForPorts !== false) await this.portsFree(10_000);
        const next = await this.startServer({ ...this.opts, grants: this.grants });
        if (this.stopped) {
          await next.stop().catch(() => {});
          return;
        }
        if (next.plainNatsUrl !== this.current.plainNatsUrl) this.log(`nats-server: its port changed (${this.current.plainNatsUrl} -> ${next.plainNatsUrl}); clients of the old URL cannot reconnect`);
        this.current = next;
        this.restarts++;
        this.badSince = null;
        this.exhausted = false;
        this.fullAndSilent = false;
        // JetStream of the new server is asked 2 s from now: its answer is announced once the clients have reconnected
        this.lastJsProbe = this.now() - (this.sup.jetStreamEveryMs ?? 5_000) + 2_000;
        // once: a new server whose JetStream does not answer either is judged by the usual rule
        if (this.storeSick) this.storeRestarted = true;
        this.spaceBackAt = null;
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
      await sleep(100);
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

for (const key of FORWARDED) {
  Object.defineProperty(SupervisedNats.prototype, key, {
    get(this: SupervisedNats) {
      return (this as unknown as { current: EmbeddedNats }).current[key];
    },
    enumerable: true,
  });
}
