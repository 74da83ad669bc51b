// A long-running command (`f8 master`, `f8 run`) started through a package runner follows the
// process that started it. `npx f8 master` runs as npm exec -> sh -> node: a SIGTERM to the npx
// process alone ends npm (and maybe sh) but not node, which would go on as an orphan holding the
// data dir, nats-server and every instance. So when the original parent goes away (the process
// is re-parented to init or a subreaper), the command stops as on SIGTERM: instances, then
// nats-server, then the lock.
//
// Only under a package runner (npm, npx, pnpm, yarn set npm_* variables) by default: a master
// started from a shell with `nohup f8 master &` or `setsid` is meant to outlive that shell.
// F8_EXIT_WITH_PARENT=1 turns it on anywhere (a supervisor that spawns f8 through a wrapper),
// F8_EXIT_WITH_PARENT=0 turns it off.
import { isAlive } from '../main/util/process.js';

/** Whether to stop when the original parent process goes away (see above). */
export function followsParent(env: NodeJS.ProcessEnv): boolean {
  const set = env.F8_EXIT_WITH_PARENT?.trim().toLowerCase();
  if (set === '1' || set === 'true' || set === 'yes') return true;
  if (set === '0' || set === 'false' || set === 'no') return false;
  return !!(env.npm_lifecycle_event || env.npm_command || env.npm_execpath);
}

export interface ParentWatch {
  dispose(): void;
}

/**
 * Calls `onGone` once when the process that is the parent now goes away: it is re-parented
 * (process.ppid changes: to 1 or a subreaper) or, where there is no re-parenting (Windows), the
 * pid no longer exists. Null when there is no parent worth watching (started by init, pid 1).
 */
export function watchParent(onGone: (pid: number) => void, opts: { intervalMs?: number; ppid?: () => number; exists?: (pid: number) => boolean } = {}): ParentWatch | null {
  const ppid = opts.ppid ?? (() => process.ppid);
  const exists = opts.exists ?? isAlive;
  const original = ppid();
  if (!Number.isInteger(original) || original <= 1) return null;
  const timer = setInterval(() => {
    if (ppid() === original && exists(original)) return;
    clearInterval(timer);
    onGone(original);
  }, opts.intervalMs ?? 1_000);
  timer.unref(); // the watch alone keeps nothing running
  return { dispose: () => clearInterval(timer) };
}
