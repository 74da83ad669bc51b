// An instance's bookkeeping in the launcher: a new one for a request (its log files and line
// buffers) and what `info()` tells of it.
import path from 'node:path';
import { F8Error } from '../../../shared/errors.js';
import { idProblem } from '../../../shared/naming.js';
import { Ring } from './ring.js';
import { FileTail } from './tail.js';
import type { Instance, InstanceInfo, LogLine, SpawnRequest } from './types.js';

/** Stderr lines kept for start failures and `stderrTail` (at most the buffer size). */
const STDERR_TAIL_LINES = 200;

/** A fresh instance for a request: its log files `<logDir>/<instanceId>.stdout.log` and `.stderr.log`, empty buffers. Throws `invalid` for a bad id. */
export function newInstance(req: SpawnRequest, logDir: string, bufferLines: number): Instance {
  const problem = idProblem('instanceId', req.instanceId);
  if (problem) throw new F8Error('invalid', problem);
  const files = {
    stdout: path.join(logDir, `${req.instanceId}.stdout.log`),
    stderr: path.join(logDir, `${req.instanceId}.stderr.log`),
  };
  return {
    id: req.instanceId,
    req,
    files,
    tails: { stdout: new FileTail(files.stdout), stderr: new FileTail(files.stderr) },
    lines: new Ring<LogLine>(bufferLines),
    stderr: new Ring<string>(Math.min(bufferLines, STDERR_TAIL_LINES)),
    run: undefined,
    starting: undefined,
    stopping: undefined,
    stopRequested: false,
    restartTimer: undefined,
    attempts: 0,
    restarts: 0,
  };
}

export function instanceInfo(inst: Instance): InstanceInfo {
  const run = inst.run;
  return {
    instanceId: inst.id,
    pid: run?.pid,
    running: !!run && !run.exited,
    adopted: !!run && !run.child,
    restarts: inst.restarts,
    startedAt: run?.startedAt,
    startTicks: run?.startTicks,
    restartPolicy: inst.req.restartPolicy,
    restartPending: inst.restartTimer !== undefined,
    logFiles: { ...inst.files },
  };
}
