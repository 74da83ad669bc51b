// Adoption after a master restart: the run of a pid a previous master launched, checked against
// the start time and environment recorded for the instance (a pid that is another process now is
// `foreign`: it counts as the instance's end and is never signalled), and whether an adopted run's
// process is gone (it is no child of ours: its end is polled).
import type { Logger } from '../../../shared/ports.js';
import { commandLine, isAlive, processStartTicks } from '../../util/process.js';
import { instanceIdentity } from './identity.js';
import { newRun } from './run.js';
import type { Instance, Run } from './types.js';

/** The run of an adopted pid; `startTicks` as recorded at launch (absent in records of older masters). */
export function adoptedRun(inst: Instance, pid: number, startTicks: number | undefined, log: Logger): Run {
  // without a recorded start time, the one seen now tells a later reuse of the pid before a signal
  const run = newRun(pid, undefined, commandLine(pid), startTicks ?? processStartTicks(pid));
  if (instanceIdentity(pid, inst.req.env, startTicks) === 'other') {
    // the recorded pid is a stranger now: watching it would never see the instance's end (no
    // restart), and stopping it would signal the stranger's process group
    run.foreign = true;
    log.warn(`launcher: instance ${inst.id}: pid ${pid} is another process now (the instance ended while no master watched it and its pid was reused)`);
  } else {
    log.info(`launcher: adopted instance ${inst.id} (pid ${pid})`);
  }
  return run;
}

/** An adopted run whose process is gone (or was never ours, or is another one now: a reused pid). */
export function adoptedGone(run: Run): boolean {
  if (run.child || run.exited) return false;
  if (run.foreign === true || !isAlive(run.pid)) return true;
  const now = run.startTicks === undefined ? undefined : processStartTicks(run.pid);
  return now !== undefined && now !== run.startTicks;
}
