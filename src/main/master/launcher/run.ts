// One process of an instance: its record (pid, child or adopted, exit promise) and how its end
// reads in the log.
import type { ChildProcess } from 'node:child_process';
import type { ExitInfo, Run } from './types.js';

/** A run record for a spawned child, or for an adopted pid (no child; its argv and start time to notice pid reuse). */
export function newRun(pid: number, child: ChildProcess | undefined, cmdline: string[] | undefined, startTicks: number | undefined): Run {
  let resolveExit!: (info: ExitInfo) => void;
  const exit = new Promise<ExitInfo>((resolve) => (resolveExit = resolve));
  return { pid, child, cmdline, ...(startTicks !== undefined ? { startTicks } : {}), startedAt: Date.now(), requested: false, exited: false, exit, resolveExit };
}

export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `was killed by ${signal}`;
  if (code === null) return 'ended (exit status unknown: adopted process)';
  return `exited with code ${code}`;
}
