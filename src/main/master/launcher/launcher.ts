// The launcher: starts service processes for the master and watches them.
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
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { toDisposable, type Disposable } from '../../../shared/disposable.js';
import { F8Error, toF8Error } from '../../../shared/errors.js';
import { idProblem } from '../../../shared/naming.js';
import type { Logger } from '../../../shared/ports.js';
import { commandLine, isAlive, sleep } from '../../nats/process-util.js';
import { Ring } from './ring.js';
import { FileTail, lastLines } from './tail.js';
import { LogWatch } from './log-watch.js';
import type { BackoffOptions, ExitInfo, Instance, InstanceInfo, LauncherOptions, LauncherRuntime, LogLine, Run, SpawnRequest, StopOptions } from './types.js';
import { appendQuiet, definedOnly, describeExit, groupAlive, instanceIdentity, LOG_DIR_MODE, LOG_FILE_MODE, newRun, quoteArg, rotateIfLarge, signalGroup } from './process-files.js';

export { groupAlive };

export type { LogStream, LogLine, SpawnRequest, ExitInfo, BackoffOptions, LauncherOptions, LauncherRuntime, StopOptions, InstanceInfo } from './types.js';

export const NODE_PLACEHOLDER = '${node}';
const DEFAULT_BUFFER_LINES = 1000;
const DEFAULT_TAIL_INTERVAL_MS = 200;
/** Without an explicit tailIntervalMs: files are read when a watch says they changed, and all of them at least this often. */
const DEFAULT_FULL_POLL_MS = 2_000;
const DEFAULT_GRACE_MS = 3000;
const DEFAULT_KILL_AFTER_MS = 2000;
const KILL_WAIT_MS = 5000;
const DEFAULT_MAX_LOG_BYTES = 10 * 1024 * 1024;
const STDERR_TAIL_LINES = 200;
const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 500, maxMs: 30_000, maxRestarts: 10, resetAfterMs: 60_000 };

/** This process's own binary; under Electron it acts as Node only when ELECTRON_RUN_AS_NODE asks it to. */
export function defaultRuntime(): LauncherRuntime {
  return process.versions.electron ? { execPath: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } } : { execPath: process.execPath };
}

export class Launcher implements Disposable {
  private readonly log: Logger;
  private readonly logDir: string;
  private readonly bufferLines: number;
  private readonly runtime: LauncherRuntime;
  private readonly backoff: Required<BackoffOptions>;
  private readonly tailIntervalMs: number;
  private readonly killAfterMs: number;
  private readonly maxLogBytes: number;
  private readonly insts = new Map<string, Instance>();
  private readonly natsUp: () => boolean;
  private readonly exitListeners = new Set<(info: ExitInfo) => void>();
  private readonly restartListeners = new Set<(instanceId: string, pid: number, attempt: number) => void>();
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
    this.backoff = { ...DEFAULT_BACKOFF, ...definedOnly(opts.backoff ?? {}) };
    this.natsUp = opts.natsUp ?? (() => true);
    this.tailIntervalMs = opts.tailIntervalMs ?? DEFAULT_TAIL_INTERVAL_MS;
    this.fullPollMs = opts.tailIntervalMs ?? DEFAULT_FULL_POLL_MS;
    this.killAfterMs = opts.killAfterMs ?? DEFAULT_KILL_AFTER_MS;
    this.maxLogBytes = opts.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
    if (this.backoff.initialMs > 1000) {
      this.log.warn(`launcher: backoff.initialMs ${this.backoff.initialMs} exceeds the contract's 1 s bound for the first restart`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Starting

  /** Starts the instance's process. `conflict` when it is already running; `invalid` for a missing command or cwd. */
  async spawn(req: SpawnRequest): Promise<{ pid: number }> {
    this.assertUsable();
    const existing = this.insts.get(req.instanceId);
    if (existing) this.assertIdle(existing);
    const inst = existing ?? this.createInstance(req);
    this.resetForStart(inst, req);
    try {
      const run = await this.launch(inst);
      return { pid: run.pid };
    } catch (err) {
      if (!existing) this.insts.delete(inst.id);
      throw err;
    }
  }

  /**
   * Watches a process that is already running (launched by a previous master): polls its
   * liveness, tails its log files from their current end, and applies the restart policy when
   * it ends (its exit status cannot be known, so `on-failure` treats the end as a failure).
   */
  adopt(req: SpawnRequest, pid: number): void {
    this.assertUsable();
    if (!Number.isInteger(pid) || pid <= 0) throw new F8Error('invalid', `cannot adopt instance ${req.instanceId}: bad pid ${pid}`);
    const existing = this.insts.get(req.instanceId);
    if (existing) this.assertIdle(existing);
    const inst = existing ?? this.createInstance(req);
    this.resetForStart(inst, req);
    // what it wrote before (the reason, when it ended while no master watched): in the buffer for `logs`, not published again
    this.backfill(inst);
    inst.tails = { stdout: new FileTail(inst.files.stdout), stderr: new FileTail(inst.files.stderr) };
    const run = newRun(pid, undefined, commandLine(pid));
    inst.run = run;
    if (instanceIdentity(pid, req.env) === 'other') {
      // the recorded pid is a stranger now: watching it would never see the instance's end (no
      // restart), and stopping it would signal the stranger's process group
      run.foreign = true;
      this.log.warn(`launcher: instance ${inst.id}: pid ${pid} is another process now (the instance ended while no master watched it and its pid was reused)`);
    } else {
      this.log.info(`launcher: adopted instance ${inst.id} (pid ${pid})`);
    }
    this.ensureTicker();
  }

  /** The last lines of an adopted instance's log files into its buffer (oldest first, stdout then stderr). */
  private backfill(inst: Instance): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const file = inst.files[stream];
      let ts: number;
      try {
        ts = Math.floor(fs.statSync(file).mtimeMs);
      } catch {
        continue;
      }
      for (const text of lastLines(file, this.bufferLines)) {
        inst.lines.push({ ts, stream, text });
        if (stream === 'stderr') inst.stderr.push(text);
      }
    }
  }

  /** An adopted run whose process is gone (or was never ours: a reused pid). */
  private adoptedGone(run: Run): boolean {
    return !run.child && !run.exited && (run.foreign === true || !isAlive(run.pid));
  }

  private createInstance(req: SpawnRequest): Instance {
    const problem = idProblem('instanceId', req.instanceId);
    if (problem) throw new F8Error('invalid', problem);
    const files = {
      stdout: path.join(this.logDir, `${req.instanceId}.stdout.log`),
      stderr: path.join(this.logDir, `${req.instanceId}.stderr.log`),
    };
    const inst: Instance = {
      id: req.instanceId,
      req,
      files,
      tails: { stdout: new FileTail(files.stdout), stderr: new FileTail(files.stderr) },
      lines: new Ring<LogLine>(this.bufferLines),
      stderr: new Ring<string>(Math.min(this.bufferLines, STDERR_TAIL_LINES)),
      run: undefined,
      starting: undefined,
      stopping: undefined,
      stopRequested: false,
      restartTimer: undefined,
      attempts: 0,
      restarts: 0,
    };
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
    const { command, args, cwd, env } = this.resolveLaunch(inst.req);
    // private: a service's output may hold anything (the data dir's own mode is the user's)
    fs.mkdirSync(this.logDir, { recursive: true, mode: LOG_DIR_MODE });
    rotateIfLarge(inst.files.stdout, this.maxLogBytes);
    rotateIfLarge(inst.files.stderr, this.maxLogBytes);
    const outFd = fs.openSync(inst.files.stdout, 'a', LOG_FILE_MODE);
    let errFd: number | undefined;
    let child: ChildProcess;
    try {
      errFd = fs.openSync(inst.files.stderr, 'a', LOG_FILE_MODE);
      const marker = `--- f8studio: starting ${inst.id}: ${[command, ...args].map(quoteArg).join(' ')} (cwd ${cwd}) at ${new Date().toISOString()} ---\n`;
      // best effort: a full disk must not stop a start (the service reports its own trouble)
      for (const fd of [outFd, errFd]) {
        try {
          fs.writeSync(fd, marker);
        } catch (err) {
          this.log.warn(`launcher: cannot write the start marker of ${inst.id}: ${(err as Error).message}`);
        }
      }
      // Lines of this run start after the marker.
      inst.tails.stdout.seek(fs.fstatSync(outFd).size);
      inst.tails.stderr.seek(fs.fstatSync(errFd).size);
      child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', outFd, errFd], windowsHide: true });
    } finally {
      // The child holds its own copies.
      fs.closeSync(outFd);
      if (errFd !== undefined) fs.closeSync(errFd);
    }
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => {
        child.off('error', reject);
        if (child.pid === undefined) reject(new Error('no pid after spawn'));
        else resolve(child.pid);
      });
    }).catch((err: unknown) => {
      const e = this.spawnError(inst.id, command, cwd, err);
      appendQuiet(inst.files.stderr, `--- f8studio: ${e.message} ---\n`);
      inst.tails.stderr.read(true); // skip our own note
      throw e;
    });
    child.on('error', (err) => this.log.warn(`launcher: instance ${inst.id} (pid ${pid}): ${err.message}`));
    child.unref(); // a master may exit while its services run on
    const run = newRun(pid, child, undefined);
    child.once('exit', (code, signal) => this.handleExit(inst, run, code, signal));
    inst.run = run;
    this.log.info(`launcher: started instance ${inst.id} (pid ${pid}): ${[command, ...args].map(quoteArg).join(' ')}`);
    this.ensureTicker();
    return run;
  }

  /** The command, args, cwd and environment of a request, with `${node}` resolved; throws `invalid`. */
  resolveLaunch(req: SpawnRequest): { command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv } {
    const { launch } = req;
    if (typeof launch?.command !== 'string' || launch.command.trim() === '') {
      throw new F8Error('invalid', `instance ${req.instanceId}: launch.command is empty`);
    }
    const subst = (s: string): string => s.split(NODE_PLACEHOLDER).join(this.runtime.execPath);
    const command = subst(launch.command);
    const args = (launch.args ?? []).map(subst);
    const cwd = path.resolve(req.manifestDir, launch.cwd ?? '.');
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(cwd);
    } catch {
      st = undefined;
    }
    if (!st) throw new F8Error('invalid', `cannot start instance ${req.instanceId}: working directory ${cwd} does not exist`);
    if (!st.isDirectory()) throw new F8Error('invalid', `cannot start instance ${req.instanceId}: working directory ${cwd} is not a directory`);
    // the runtime's variables come last: they decide how its binary behaves (Electron as Node)
    const runtimeEnv = launch.command === NODE_PLACEHOLDER ? (this.runtime.env ?? {}) : {};
    const env: NodeJS.ProcessEnv = { ...process.env, ...(launch.env ?? {}), ...req.env, ...runtimeEnv };
    return { command, args, cwd, env };
  }

  private spawnError(id: string, command: string, cwd: string, err: unknown): F8Error {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    const where = command.includes('/') || command.includes(path.sep) ? ` (resolved to ${path.resolve(cwd, command)})` : ' on PATH';
    if (code === 'ENOENT') {
      return new F8Error('invalid', `cannot start instance ${id}: command "${command}" not found${where} (cwd ${cwd}), or its script interpreter is missing`, { cause: err });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return new F8Error('invalid', `cannot start instance ${id}: command "${command}" is not executable${where === ' on PATH' ? '' : where} (cwd ${cwd})`, { cause: err });
    }
    const message = err instanceof Error ? err.message : String(err);
    return new F8Error('internal', `cannot start instance ${id}: command "${command}" (cwd ${cwd}) failed: ${message}`, { cause: err });
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
    if (info.requested) return;
    const policy = inst.req.restartPolicy;
    const failed = code !== 0 || signal !== null;
    if (policy === 'never' || (policy === 'on-failure' && !failed)) return;
    if (Date.now() - run.startedAt >= this.backoff.resetAfterMs) inst.attempts = 0;
    inst.natsDownAtExit = !this.natsUp();
    this.scheduleRestart(inst, how);
  }

  private scheduleRestart(inst: Instance, why: string): void {
    if (this.disposed || inst.stopRequested) return;
    const { initialMs, maxMs, maxRestarts } = this.backoff;
    if (!this.natsUp()) {
      // not the service's fault: wait for NATS, counting nothing
      this.log.warn(`launcher: instance ${inst.id} ${why} while NATS is unreachable; restarting it when NATS is back`);
      this.cancelRestart(inst);
      inst.restartTimer = setTimeout(() => {
        inst.restartTimer = undefined;
        if (this.natsUp()) void this.autoRestart(inst);
        else this.scheduleRestart(inst, why);
      }, initialMs);
      inst.natsDownAtExit = true;
      return;
    }
    if (inst.attempts >= maxRestarts) {
      this.log.error(`launcher: instance ${inst.id} ${why}; giving up after ${inst.attempts} automatic restart(s) in a row`);
      return;
    }
    const delay = Math.min(initialMs * 2 ** inst.attempts, maxMs);
    this.log.warn(`launcher: restarting instance ${inst.id} in ${delay} ms (attempt ${inst.attempts + 1} of ${maxRestarts})`);
    this.cancelRestart(inst);
    inst.restartTimer = setTimeout(() => {
      inst.restartTimer = undefined;
      void this.autoRestart(inst);
    }, delay);
  }

  private async autoRestart(inst: Instance): Promise<void> {
    if (this.disposed || inst.stopRequested || inst.starting || (inst.run && !inst.run.exited)) return;
    // an exit caused by a NATS outage does not count towards giving up
    if (!inst.natsDownAtExit) inst.attempts++;
    inst.natsDownAtExit = false;
    inst.restarts++;
    let run: Run;
    try {
      run = await this.launch(inst);
    } catch (err) {
      this.log.error(`launcher: ${toF8Error(err).message}`);
      this.scheduleRestart(inst, 'could not be restarted');
      return;
    }
    if (this.disposed) return;
    for (const fn of [...this.restartListeners]) {
      try {
        fn(inst.id, run.pid, inst.attempts);
      } catch (err) {
        this.log.error(`launcher: a restart listener failed: ${toF8Error(err).message}`);
      }
    }
  }

  private cancelRestart(inst: Instance): void {
    if (inst.restartTimer) clearTimeout(inst.restartTimer);
    inst.restartTimer = undefined;
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
    run.requested = true;
    this.log.info(`launcher: stopping instance ${inst.id} (pid ${run.pid})`);
    let gone = false;
    if (opts.terminate) {
      const terminate = opts.terminate;
      let failed = false;
      Promise.resolve()
        .then(terminate)
        .catch((err: unknown) => {
          failed = true;
          this.log.warn(`launcher: terminate of instance ${inst.id} failed: ${toF8Error(err).message}; signalling it`);
        });
      gone = await this.waitRunExit(inst, run, opts.graceMs ?? DEFAULT_GRACE_MS, () => failed);
    }
    if (!gone) {
      this.signalRun(inst, run, 'SIGTERM');
      gone = await this.waitRunExit(inst, run, this.killAfterMs);
    }
    if (!gone) {
      this.log.warn(`launcher: instance ${inst.id} (pid ${run.pid}) ignored SIGTERM for ${this.killAfterMs} ms; sending SIGKILL`);
      this.signalRun(inst, run, 'SIGKILL');
      gone = await this.waitRunExit(inst, run, KILL_WAIT_MS);
    }
    if (!gone) throw new F8Error('internal', `instance ${inst.id} (pid ${run.pid}) did not exit after SIGKILL`);
    // a reused pid leads a stranger's group: leave it alone
    if (run.child || (!run.foreign && instanceIdentity(run.pid, inst.req.env) !== 'other')) await this.endGroup(inst.id, run.pid);
  }

  /** Polls until the run has exited (adopted pids are checked here too); false at the deadline or when `abort` says so. */
  private async waitRunExit(inst: Instance, run: Run, timeoutMs: number, abort?: () => boolean): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.adoptedGone(run)) this.handleExit(inst, run, null, null);
      if (run.exited) return true;
      if (Date.now() >= deadline || abort?.()) return false;
      await sleep(20);
    }
  }

  /** Signals the process group of a run (the pid alone when it leads no group). */
  private signalRun(inst: Instance, run: Run, sig: NodeJS.Signals): void {
    if (run.exited || run.foreign) return;
    if (!run.child) {
      // An adopted pid: make sure it is still the same process (pids get reused). Every f8
      // service has the same command line: its environment names the instance.
      if (instanceIdentity(run.pid, inst.req.env) === 'other') return;
      const now = run.cmdline && commandLine(run.pid);
      if (run.cmdline && now && now.join('\0') !== run.cmdline.join('\0')) return;
    }
    try {
      process.kill(-run.pid, sig);
      return;
    } catch {
      /* no such group: signal the pid */
    }
    try {
      process.kill(run.pid, sig);
    } catch {
      /* already gone */
    }
  }

  /** After the leader of a stopped group exited: SIGTERM, then SIGKILL, what is left of its group. */
  private async endGroup(id: string, pgid: number): Promise<void> {
    if (!groupAlive(pgid)) return;
    this.log.info(`launcher: instance ${id}: ending the rest of process group ${pgid}`);
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + this.killAfterMs;
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(20);
    if (!groupAlive(pgid)) return;
    signalGroup(pgid, 'SIGKILL');
    const killDeadline = Date.now() + KILL_WAIT_MS;
    while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(20);
  }

  // -------------------------------------------------------------------------------------------
  // Queries and listeners

  onExit(fn: (info: ExitInfo) => void): Disposable {
    this.exitListeners.add(fn);
    return toDisposable(() => void this.exitListeners.delete(fn));
  }

  onRestart(fn: (instanceId: string, pid: number, attempt: number) => void): Disposable {
    this.restartListeners.add(fn);
    return toDisposable(() => void this.restartListeners.delete(fn));
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
    if (!inst) return undefined;
    const run = inst.run;
    return {
      instanceId,
      pid: run?.pid,
      running: !!run && !run.exited,
      adopted: !!run && !run.child,
      restarts: inst.restarts,
      startedAt: run?.startedAt,
      restartPolicy: inst.req.restartPolicy,
      restartPending: inst.restartTimer !== undefined,
      logFiles: { ...inst.files },
    };
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
    this.restartListeners.clear();
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
      if (this.adoptedGone(run)) {
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
    for (const stream of ['stdout', 'stderr'] as const) {
      const tail = inst.tails[stream];
      let texts: string[];
      try {
        texts = tail.read(final);
      } catch (err) {
        this.log.warn(`launcher: reading ${tail.file} failed: ${toF8Error(err).message}`);
        continue;
      }
      const ts = Date.now();
      for (const text of texts) {
        const line: LogLine = { ts, stream, text };
        inst.lines.push(line);
        if (stream === 'stderr') inst.stderr.push(text);
        if (this.opts.publishLog) {
          try {
            this.opts.publishLog(inst.id, line);
          } catch (err) {
            this.log.warn(`launcher: publishLog failed: ${toF8Error(err).message}`);
          }
        }
      }
      if (rotateIfLarge(tail.file, this.maxLogBytes, true)) tail.seek(0);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
