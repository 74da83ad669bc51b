// The restart policy: an exit nobody asked for is followed by a restart (per the instance's
// policy: always, on-failure, never) after an exponential backoff; a run that lasted long enough
// resets the count, and after maxRestarts in a row the launcher gives up. An exit while NATS is
// unreachable is not the service's fault: its restart waits for NATS and is not counted.
import { toDisposable, type Disposable } from '../../../shared/disposable.js';
import { toF8Error } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/ports.js';
import type { BackoffOptions, Instance, Run } from './types.js';

const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 500, maxMs: 30_000, maxRestarts: 10, resetAfterMs: 60_000 };

/** The defaults, overridden by the options that are set. */
export function resolveBackoff(opts: BackoffOptions | undefined): Required<BackoffOptions> {
  const set = Object.fromEntries(Object.entries(opts ?? {}).filter(([, v]) => v !== undefined)) as Partial<BackoffOptions>;
  return { ...DEFAULT_BACKOFF, ...set };
}

/** What the restarts need from the launcher. */
export interface RestartDeps {
  log: Logger;
  backoff: Required<BackoffOptions>;
  natsUp: () => boolean;
  /** False once the launcher is disposed: nothing is restarted any more. */
  active: () => boolean;
  /** Starts the instance's process again (the launcher's own start path). */
  relaunch: (inst: Instance) => Promise<Run>;
}

export type RestartListener = (instanceId: string, pid: number, attempt: number) => void;

export class Restarts {
  private readonly listeners = new Set<RestartListener>();

  constructor(private readonly d: RestartDeps) {}

  onRestart(fn: RestartListener): Disposable {
    this.listeners.add(fn);
    return toDisposable(() => void this.listeners.delete(fn));
  }

  /** After an exit nobody asked for: schedules a restart when the policy wants one. `how` says how it ended. */
  afterExit(inst: Instance, run: Run, code: number | null, signal: string | null, how: string): void {
    const policy = inst.req.restartPolicy;
    const failed = code !== 0 || signal !== null;
    if (policy === 'never' || (policy === 'on-failure' && !failed)) return;
    if (Date.now() - run.startedAt >= this.d.backoff.resetAfterMs) inst.attempts = 0;
    inst.natsDownAtExit = !this.d.natsUp();
    this.schedule(inst, how);
  }

  schedule(inst: Instance, why: string): void {
    if (!this.d.active() || inst.stopRequested) return;
    const { initialMs, maxMs, maxRestarts } = this.d.backoff;
    if (!this.d.natsUp()) {
      // not the service's fault: wait for NATS, counting nothing
      this.d.log.warn(`launcher: instance ${inst.id} ${why} while NATS is unreachable; restarting it when NATS is back`);
      this.cancel(inst);
      inst.restartTimer = setTimeout(() => {
        inst.restartTimer = undefined;
        if (this.d.natsUp()) void this.autoRestart(inst);
        else this.schedule(inst, why);
      }, initialMs);
      inst.natsDownAtExit = true;
      return;
    }
    if (inst.attempts >= maxRestarts) {
      this.d.log.error(`launcher: instance ${inst.id} ${why}; giving up after ${inst.attempts} automatic restart(s) in a row`);
      return;
    }
    const delay = Math.min(initialMs * 2 ** inst.attempts, maxMs);
    this.d.log.warn(`launcher: restarting instance ${inst.id} in ${delay} ms (attempt ${inst.attempts + 1} of ${maxRestarts})`);
    this.cancel(inst);
    inst.restartTimer = setTimeout(() => {
      inst.restartTimer = undefined;
      void this.autoRestart(inst);
    }, delay);
  }

  cancel(inst: Instance): void {
    if (inst.restartTimer) clearTimeout(inst.restartTimer);
    inst.restartTimer = undefined;
  }

  /** Drops the listeners (the launcher is disposed). */
  clear(): void {
    this.listeners.clear();
  }

  private async autoRestart(inst: Instance): Promise<void> {
    if (!this.d.active() || inst.stopRequested || inst.starting || (inst.run && !inst.run.exited)) return;
    // an exit caused by a NATS outage does not count towards giving up
    if (!inst.natsDownAtExit) inst.attempts++;
    inst.natsDownAtExit = false;
    inst.restarts++;
    let run: Run;
    try {
      run = await this.d.relaunch(inst);
    } catch (err) {
      this.d.log.error(`launcher: ${toF8Error(err).message}`);
      this.schedule(inst, 'could not be restarted');
      return;
    }
    if (!this.d.active()) return;
    for (const fn of [...this.listeners]) {
      try {
        fn(inst.id, run.pid, inst.attempts);
      } catch (err) {
        this.d.log.error(`launcher: a restart listener failed: ${toF8Error(err).message}`);
      }
    }
  }
}
