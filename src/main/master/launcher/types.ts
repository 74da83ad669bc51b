// The launcher's types: what a caller asks (spawn, stop), what it hears (exits, log lines),
// and the per-instance bookkeeping the launcher keeps (split out of launcher.ts).
import type { ChildProcess } from 'node:child_process';
import type { LaunchSpec, RestartPolicy } from '../../../shared/types.js';
import type { Logger } from '../../../shared/ports.js';
import type { Ring } from './ring.js';
import type { FileTail } from './tail.js';

export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  ts: number;
  stream: LogStream;
  text: string;
}

export interface SpawnRequest {
  instanceId: string;
  /** Folder of the manifest; launch.cwd is relative to it (default: the folder itself). */
  manifestDir: string;
  launch: LaunchSpec;
  /** Extra environment (F8_NATS_URL, F8_SERVICE_ID, ...) merged over process.env and launch.env. */
  env: Record<string, string>;
  restartPolicy: RestartPolicy;
}

export interface ExitInfo {
  instanceId: string;
  pid: number;
  /** null when killed by a signal, or when an adopted process ended (its status is unknowable). */
  code: number | null;
  signal: string | null;
  /** True when stop()/restart()/stopAll() asked for this exit. */
  requested: boolean;
}

export interface BackoffOptions {
  /** First delay after an unrequested exit; default 500 (the contract wants at most 1 s). */
  initialMs?: number;
  /** Upper bound of the doubling delay; default 30000. */
  maxMs?: number;
  /** Consecutive automatic restarts before giving up; default 10. */
  maxRestarts?: number;
  /** A process that ran this long resets the consecutive count; default 60000. */
  resetAfterMs?: number;
}

/**
 * The Node that runs services whose launch.command is `${node}`. Injected rather than read from
 * this process, so the Electron case (ELECTRON_RUN_AS_NODE) can be exercised where no Electron
 * binary exists, and a host may pick another Node.
 */
export interface LauncherRuntime {
  /** Replaces `${node}` in command and args. */
  execPath: string;
  /** Added to the environment of processes whose command is `${node}` (over process.env, launch.env and the request's env). */
  env?: Record<string, string>;
}

export interface LauncherOptions {
  /** Log files go here: <logDir>/<instanceId>.stdout.log and .stderr.log. Created when absent. */
  logDir: string;
  log: Logger;
  publishLog?: (instanceId: string, line: LogLine) => void;
  /** Lines kept per instance; default 1000. */
  bufferLines?: number;
  /** What `${node}` runs; default defaultRuntime() (this process's binary, as Node under Electron). */
  runtime?: LauncherRuntime;
  backoff?: BackoffOptions;
  /** Log polling (and adopted-pid liveness) interval; default 200. */
  tailIntervalMs?: number;
  /** SIGTERM -> SIGKILL delay in stop(); default 2000. */
  killAfterMs?: number;
  /** A log file above this size is rotated to `<file>.1` (before a start and while tailing); default 10 MiB. */
  maxLogBytes?: number;
  /** False while NATS is unreachable: exits then are not the service's fault and restarts wait for it (not counted). */
  natsUp?: () => boolean;
}

export interface StopOptions {
  /** How long to wait for an exit after terminate(); default 3000. Not waited without terminate. */
  graceMs?: number;
  /** Asks the process to exit by itself (the master sends the `terminate` verb). */
  terminate?: () => Promise<void>;
}

export interface InstanceInfo {
  instanceId: string;
  pid: number | undefined;
  running: boolean;
  /** True when the current/last process was adopted rather than spawned by this launcher. */
  adopted: boolean;
  /** Automatic restarts since the last spawn()/adopt()/restart(). */
  restarts: number;
  startedAt: number | undefined;
  /** The process's start time in clock ticks since boot (for the registry record: the next master checks it before adopting). */
  startTicks: number | undefined;
  restartPolicy: RestartPolicy;
  /** An automatic restart is scheduled. */
  restartPending: boolean;
  logFiles: { stdout: string; stderr: string };
}

/** One process of an instance. */
export interface Run {
  pid: number;
  /** Our own child; undefined for an adopted pid. */
  child: ChildProcess | undefined;
  /** The adopted process's argv when adopted, to notice pid reuse before signalling. */
  cmdline: string[] | undefined;
  /** The process's start time (clock ticks since boot, /proc/<pid>/stat field 22): recorded at launch, checked before adopting or signalling (pid reuse). Undefined where /proc cannot tell. */
  startTicks?: number;
  /** An adopted pid that is another process now (the instance ended unwatched, its pid was reused): it counts as exited and is never signalled. */
  foreign?: boolean;
  startedAt: number;
  requested: boolean;
  exited: boolean;
  exit: Promise<ExitInfo>;
  resolveExit: (info: ExitInfo) => void;
}

export interface Instance {
  id: string;
  req: SpawnRequest;
  files: { stdout: string; stderr: string };
  tails: { stdout: FileTail; stderr: FileTail };
  lines: Ring<LogLine>;
  stderr: Ring<string>;
  run: Run | undefined;
  /** A spawn in flight (its 'spawn' or 'error' event has not arrived yet). */
  starting: Promise<Run> | undefined;
  stopping: Promise<void> | undefined;
  /** A requested stop is in force: no automatic restart until the next spawn/restart/adopt. */
  stopRequested: boolean;
  restartTimer: NodeJS.Timeout | undefined;
  /** Consecutive automatic restarts (reset by a long enough run). */
  attempts: number;
  /** The last exit happened while NATS was unreachable (its restart is not counted). */
  natsDownAtExit?: boolean;
  /** Automatic restarts since the last explicit start. */
  restarts: number;
}
