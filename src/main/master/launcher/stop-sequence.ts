// The stop sequence of one run: `terminate` and its grace, SIGTERM to the process group, then
// SIGKILL; once the process is gone, what is left of its group is ended too. A reused pid (an
// adopted pid that is another process now) is never signalled.
import { setTimeout as sleep } from 'node:timers/promises';
import { F8Error, toF8Error } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/ports.js';
import { instanceIdentity, maySignal } from './identity.js';
import { endGroup, KILL_WAIT_MS, signalGroupOrPid } from './process-group.js';
import type { Instance, Run, StopOptions } from './types.js';

const DEFAULT_GRACE_MS = 3000;

export interface StopDeps {
  log: Logger;
  /** SIGTERM -> SIGKILL delay. */
  killAfterMs: number;
  /** Notes the run's end when its process is gone (an adopted pid has no exit event: it is polled). */
  pollExit: (inst: Instance, run: Run) => void;
}

/** Runs the sequence on a live run; resolves once its process is gone, `internal` when even SIGKILL did not end it. */
export async function stopRun(inst: Instance, run: Run, opts: StopOptions, d: StopDeps): Promise<void> {
  run.requested = true;
  d.log.info(`launcher: stopping instance ${inst.id} (pid ${run.pid})`);
  const waitExit = (timeoutMs: number, abort?: () => boolean) => waitRunExit(inst, run, d, timeoutMs, abort);
  let gone = false;
  if (opts.terminate) {
    const terminate = opts.terminate;
    let failed = false;
    Promise.resolve()
      .then(terminate)
      .catch((err: unknown) => {
        failed = true;
        d.log.warn(`launcher: terminate of instance ${inst.id} failed: ${toF8Error(err).message}; signalling it`);
      });
    gone = await waitExit(opts.graceMs ?? DEFAULT_GRACE_MS, () => failed);
  }
  if (!gone) {
    signalRun(inst, run, 'SIGTERM');
    gone = await waitExit(d.killAfterMs);
  }
  if (!gone) {
    d.log.warn(`launcher: instance ${inst.id} (pid ${run.pid}) ignored SIGTERM for ${d.killAfterMs} ms; sending SIGKILL`);
    signalRun(inst, run, 'SIGKILL');
    gone = await waitExit(KILL_WAIT_MS);
  }
  if (!gone) throw new F8Error('internal', `instance ${inst.id} (pid ${run.pid}) did not exit after SIGKILL`);
  // a reused pid leads a stranger's group: leave it alone
  if (run.child || (!run.foreign && instanceIdentity(run.pid, inst.req.env, run.startTicks) !== 'other')) await endGroup(inst.id, run.pid, d.killAfterMs, d.log);
}

/** Polls until the run has exited (adopted pids are checked here too); false at the deadline or when `abort` says so. */
async function waitRunExit(inst: Instance, run: Run, d: StopDeps, timeoutMs: number, abort?: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    d.pollExit(inst, run);
    if (run.exited) return true;
    if (Date.now() >= deadline || abort?.()) return false;
    await sleep(20);
  }
}

/** Signals the process group of a run (the pid alone when it leads no group); never a reused pid. */
function signalRun(inst: Instance, run: Run, sig: NodeJS.Signals): void {
  if (maySignal(run, inst.req.env)) signalGroupOrPid(run.pid, sig);
}
