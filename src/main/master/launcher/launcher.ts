// The launcher: starts service processes for the master and watches them (spawn.ts starts a
// process, restarts.ts applies the restart policy, stop-sequence.ts stops one, adoption.ts and
// identity.ts recognise adopted ones, instance-logs.ts and tail.ts read their logs, instance.ts
// keeps each instance's bookkeeping).
//
// Processes are started DETACHED (their own process group, so a stop can signal the whole group
// and a dying master leaves them running), stdin ignored, stdout and stderr appended to files
// in the log dir (never pipes, which would kill them with the master; the folder is created
// 0700 and the files 0600):
//   <logDir>/<instanceId>.stdout.log, <logDir>/<instanceId>.stderr.log
// A start marker line is written to both before each spawn. Both files are tailed by polling;
// every complete line goes into a bounded per-instance buffer and to `publishLog`.
// The recorded pid is the service process itself (the command is spawned directly, no shell).
// An exit that was not requested is restarted per the restart policy with exponential backoff;
// a requested stop never restarts. After a master restart, `adopt` watches a running pid by
// polling its liveness and tails its logs from their current end (their last lines go into the
// buffer first); a recorded pid that is another process now (pid reuse) counts as an exit.
import path from 'node:path';
import { toDisposable, type Disposable } from '../../../shared/disposable.js';
import { F8Error, toF8Error } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/ports.js';
import { processStartTicks } from '../../util/process.js';
import { FileTail } from './tail.js';
import { LogWatch } from './log-watch.js';
import type { ExitInfo, Instance, InstanceInfo, LauncherOptions, LauncherRuntime, LogLine, Run, SpawnRequest, StopOptions } from './types.js';
import { adoptedGone, adoptedRun } from './adoption.js';
import { instanceInfo, newInstance } from './instance.js';
import { backfillLogs, flushLogs } from './instance-logs.js';
import { resolveBackoff, Restarts } from './restarts.js';
import { stopRun } from './stop-sequence.js';
import { describeExit, newRun } from './run.js';
import { commandText, defaultRuntime, resolveLaunch, spawnDetached, type ResolvedLaunch } from './spawn.js';

export { defaultRuntime } from './spawn.js';

export type { LogLine, SpawnRequest, ExitInfo, LauncherOptions, LauncherRuntime, StopOptions, InstanceInfo } from './types.js';

const DEFAULT_BUFFER_LINES = 1000;
const DEFAULT_TAIL_INTERVAL_MS = 200;
/** Without an explicit tailIntervalMs: files are read when a watch says they changed, and all of them at least this often. */
const DEFAULT_FULL_POLL_MS = 2_000;
const DEFAULT_KILL_AFTER_MS = 2000;
const DEFAULT_MAX_LOG_BYTES = 10 * 1024 * 1024;
export class Launcher implements Disposable {
  private readonly log: Logger;
  private readonly logDir: string;
  private readonly bufferLines: number;
  private readonly runtime: LauncherRuntime;
  private readonly tailIntervalMs: number;
  private readonly killAfterMs: number;
  private readonly maxLogBytes: number;
  private readonly insts = new Map<string, Instance>();
  private readonly natsUp: () => boolean;
  private readonly exitListeners = new Set<(info: ExitInfo) => void>();
  private readonly restarts: Restarts;
  private ticker: NodeJS.Timeout | undefined;
  private disposed = false;
  /** How often every live instance's files are read, changed or not. */
  private readonly fullPollMs: number;
  private lastFullPoll = 0;
  private readonly watch = new LogWatch();

  constructor(private readonly opts: LauncherOptions) {
    this.log = opts.log;
    this.logDir = path.resolve(opts.logDir);
    this.bufferLines = opts.bufferLines ?? DEFAULT_BUFFER_LINES;
    this.runtime = opts.runtime ?? defaultRuntime();
    const backoff = resolveBackoff(opts.backoff);
    this.natsUp = opts.natsUp ?? (() => true);
    this.tailIntervalMs = opts.tailIntervalMs ?? DEFAULT_TAIL_INTERVAL_MS;
    this.fullPollMs = opts.tailIntervalMs ?? DEFAULT_FULL_POLL_MS;
    this.killAfterMs = opts.killAfterMs ?? DEFAULT_KILL_AFTER_MS;
    this.maxLogBytes = opts.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
    if (backoff.initialMs > 1000) {
      this.log.warn(`launcher: backoff.initialMs ${backoff.initialMs} exceeds the contract's 1 s bound for the first restart`);
    }
    this.restarts = new Restarts({ log: this.log, backoff, natsUp: this.natsUp, active: () => !this.disposed, relaunch: (inst) => this.launch(inst) });
  }

  // -------------------------------------------------------------------------------------------
  // Starting

  /**
   * Starts the instance's process. `conflict` when it is already running; `invalid` for a missing
   * command or cwd. `startTicks`: its start time, for the record the next master adopts from.
   */
  async spawn(req: SpawnRequest): Promise<{ pid: number; startTicks: number | undefined }> {
    this.assertUsable();
    const existing = this.insts.get(req.instanceId);
    if (existing) this.assertIdle(existing);
    const inst = existing ?? this.createInstance(req);
    this.resetForStart(inst, req);
    try {
      const run = await this.launch(inst);
      return { pid: run.pid, startTicks: run.startTicks };
    } catch (err) {
      if (!existing) this.insts.delete(inst.id);
      throw err;
    }
  }

  /**
   * Watches a process that is already running (launched by a previous master): polls its
   * liveness, tails its log files from their current end, and applies the restart policy when
   * it ends (its exit status cannot be known, so `on-failure` treats the end as a failure).
   * `startTicks`: the start time recorded at launch (absent in records of older masters); a live
   * pid with another start time is another process, handled like one whose environment differs.
   */
  adopt(req: SpawnRequest, pid: number, startTicks?: number): void {
    this.assertUsable();
    if (!Number.isInteger(pid) || pid <= 0) throw new F8Error('invalid', `cannot adopt instance ${req.instanceId}: bad pid ${pid}`);
    const existing = this.insts.get(req.instanceId);
    if (existing) this.assertIdle(existing);
    const inst = existing ?? this.createInstance(req);
    this.resetForStart(inst, req);
    // what it wrote before (the reason, when it ended while no master watched): in the buffer for `logs`, not published again
    backfillLogs(inst, this.bufferLines);
    inst.tails = { stdout: new FileTail(inst.files.stdout), stderr: new FileTail(inst.files.stderr) };
    inst.run = adoptedRun(inst, pid, startTicks, this.log);
    this.ensureTicker();
  }

  /** Notes the end of an adopted run whose process is gone (it sends no exit event). */
  private pollAdopted(inst: Instance, run: Run): void {
    if (adoptedGone(run)) this.handleExit(inst, run, null, null);
  }

  private createInstance(req: SpawnRequest): Instance {
    const inst = newInstance(req, this.logDir, this.bufferLines);
    this.insts.set(inst.id, inst);
    return inst;
  }

  private assertIdle(inst: Instance): void {
    if (inst.starting) throw new F8Error('conflict', `instance ${inst.id} is being started`);
    if (inst.stopping) throw new F8Error('conflict', `instance ${inst.id} is being stopped`);
    if (inst.run && !inst.run.exited) throw new F8Error('conflict', `instance ${inst.id} is already running (pid ${inst.run.pid})`);
  }

  private resetForStart(inst: Instance, req: SpawnRequest): void {
    this.cancelRestart(inst);
    inst.req = req;
    inst.stopRequested = false;
    inst.attempts = 0;
    inst.restarts = 0;
  }

  /** startProcess, recorded in `inst.starting` while in flight. */
  private launch(inst: Instance): Promise<Run> {
    const p = this.startProcess(inst);
    inst.starting = p;
    const clear = (): void => {
      if (inst.starting === p) inst.starting = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  private async startProcess(inst: Instance): Promise<Run> {
    const launch = this.resolveLaunch(inst.req);
    const { pid, child } = await spawnDetached(inst, launch, { logDir: this.logDir, maxLogBytes: this.maxLogBytes, log: this.log });
    child.on('error', (err) => this.log.warn(`launcher: instance ${inst.id} (pid ${pid}): ${err.message}`));
    child.unref(); // a master may exit while its services run on
    const run = newRun(pid, child, undefined, processStartTicks(pid));
    child.once('exit', (code, signal) => this.handleExit(inst, run, code, signal));
    inst.run = run;
    this.log.info(`launcher: started instance ${inst.id} (pid ${pid}): ${commandText(launch.command, launch.args)}`);
    this.ensureTicker();
    return run;
  }

  /** The command, args, cwd and environment of a request, with `${node}` resolved; throws `invalid`. */
  resolveLaunch(req: SpawnRequest): ResolvedLaunch {
    return resolveLaunch(req, this.runtime);
  }

  // -------------------------------------------------------------------------------------------
  // Exits and automatic restarts

  private handleExit(inst: Instance, run: Run, code: number | null, signal: string | null): void {
    if (run.exited) return;
    run.exited = true;
    this.flush(inst, true);
    const info: ExitInfo = { instanceId: inst.id, pid: run.pid, code, signal, requested: run.requested || inst.stopRequested };
    run.resolveExit(info);
    if (this.disposed) return;
    const how = describeExit(code, signal);
    if (info.requested) this.log.info(`launcher: instance ${inst.id} (pid ${run.pid}) ${how}`);
    else this.log.warn(`launcher: instance ${inst.id} (pid ${run.pid}) ${how} without being asked`);
    for (const fn of [...this.exitListeners]) {
      try {
        fn(info);
      } catch (err) {
        this.log.error(`launcher: an exit listener failed: ${toF8Error(err).message}`);
      }
    }
    if (!info.requested) this.restarts.afterExit(inst, run, code, signal, how);
  }

  private cancelRestart(inst: Instance): void {
    this.restarts.cancel(inst);
  }

  // -------------------------------------------------------------------------------------------
  // Stopping

  /**
   * Stops the instance: no automatic restart follows (a pending one is cancelled). Calls
   * `terminate` and waits up to graceMs for the exit, then SIGTERM to the process group, then
   * SIGKILL; leftover members of the group are then ended too. Resolves once the process is
   * gone (and reaped, for our own child). `not-found` for an unknown instance.
   */
  stop(instanceId: string, opts: StopOptions = {}): Promise<void> {
    const inst = this.insts.get(instanceId);
    if (!inst) return Promise.reject(new F8Error('not-found', `instance ${instanceId} was not launched by this master`));
    inst.stopRequested = true;
    this.cancelRestart(inst);
    if (!inst.stopping) {
      const p = this.doStop(inst, opts);
      inst.stopping = p;
      const clear = (): void => {
        if (inst.stopping === p) inst.stopping = undefined;
      };
      p.then(clear, clear);
    }
    return inst.stopping;
  }

  /** stop, then spawn again with the same request; resets the restart count. */
  async restart(instanceId: string, opts: StopOptions = {}): Promise<{ pid: number }> {
    this.assertUsable();
    await this.stop(instanceId, opts);
    const inst = this.insts.get(instanceId);
    if (!inst) throw new F8Error('not-found', `instance ${instanceId} was forgotten while restarting`);
    this.assertIdle(inst);
    this.resetForStart(inst, inst.req);
    const run = await this.launch(inst);
    return { pid: run.pid };
  }

  /** Stops every instance (in parallel). Rejects with the failures, after trying all. */
  async stopAll(opts: StopOptions = {}): Promise<void> {
    const results = await Promise.allSettled([...this.insts.keys()].map((id) => this.stop(id, opts)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} instances did not stop`);
  }

  private async doStop(inst: Instance, opts: StopOptions): Promise<void> {
    if (inst.starting) await inst.starting.catch(() => undefined);
    const run = inst.run;
    if (!run || run.exited) return;
    await stopRun(inst, run, opts, { log: this.log, killAfterMs: this.killAfterMs, pollExit: (i, r) => this.pollAdopted(i, r) });
  }

  // -------------------------------------------------------------------------------------------
  // Queries and listeners

  onExit(fn: (info: ExitInfo) => void): Disposable {
    this.exitListeners.add(fn);
    return toDisposable(() => void this.exitListeners.delete(fn));
  }

  onRestart(fn: (instanceId: string, pid: number, attempt: number) => void): Disposable {
    return this.restarts.onRestart(fn);
  }

  pid(instanceId: string): number | undefined {
    const run = this.insts.get(instanceId)?.run;
    return run && !run.exited ? run.pid : undefined;
  }

  isRunning(instanceId: string): boolean {
    return this.pid(instanceId) !== undefined;
  }

  /** The last `lines` (default: all buffered) log lines of the instance, oldest first. */
  logs(instanceId: string, lines?: number): LogLine[] {
    const inst = this.insts.get(instanceId);
    if (!inst) return [];
    this.flush(inst, false);
    return inst.lines.last(lines);
  }

  /** The last `lines` (default 20) stderr lines, joined with newlines. */
  stderrTail(instanceId: string, lines = 20): string {
    const inst = this.insts.get(instanceId);
    if (!inst) return '';
    this.flush(inst, false);
    return inst.stderr.last(lines).join('\n');
  }

  /** Every instance this launcher knows (running, stopped, or waiting for a restart). */
  instances(): string[] {
    return [...this.insts.keys()];
  }

  info(instanceId: string): InstanceInfo | undefined {
    const inst = this.insts.get(instanceId);
    return inst && instanceInfo(inst);
  }

  /** Drops a stopped instance (its buffer and restart state); `conflict` while it runs. */
  forget(instanceId: string): void {
    const inst = this.insts.get(instanceId);
    if (!inst) return;
    this.assertIdle(inst);
    this.cancelRestart(inst);
    this.insts.delete(instanceId);
  }

  /** Stops polling and pending restarts; running processes are left running (use stopAll first to end them). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.watch.dispose();
    for (const inst of this.insts.values()) {
      this.cancelRestart(inst);
      if (inst.run && !inst.run.exited) this.flush(inst, false);
    }
    this.exitListeners.clear();
    this.restarts.clear();
  }

  private assertUsable(): void {
    if (this.disposed) throw new F8Error('internal', 'the launcher is disposed');
  }

  // -------------------------------------------------------------------------------------------
  // Tailing

  private ensureTicker(): void {
    if (this.ticker || this.disposed) return;
    this.ticker = setInterval(() => this.tick(), this.tailIntervalMs);
    this.ticker.unref();
  }

  /**
   * Each tick: adopted processes' liveness; the log files a watch saw change; every live
   * instance's files once per full poll (no stat of idle files five times a second).
   */
  private tick(): void {
    let live = 0;
    const now = Date.now();
    const full = now - this.lastFullPoll >= this.fullPollMs;
    if (full) this.lastFullPoll = now;
    for (const inst of this.insts.values()) {
      const run = inst.run;
      if (!run || run.exited) {
        this.watch.unwatch(inst.id);
        continue;
      }
      if (adoptedGone(run)) {
        this.handleExit(inst, run, null, null);
        continue;
      }
      live++;
      const fresh = this.watch.ensure(inst.id, [inst.files.stdout, inst.files.stderr]);
      if (this.watch.take(inst.id) || fresh || full) this.flush(inst, false);
    }
    if (live === 0 && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private flush(inst: Instance, final: boolean): void {
    flushLogs(inst, final, { log: this.log, maxLogBytes: this.maxLogBytes, publishLog: this.opts.publishLog });
  }
}
