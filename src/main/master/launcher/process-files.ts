// The launcher's helpers around processes and their log files: process groups (signal, alive),
// log rotation and quiet appends, exit descriptions (split out of launcher.ts).
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { isZombie } from '../../nats/process-util.js';
import type { ExitInfo, Run } from './types.js';

export function newRun(pid: number, child: ChildProcess | undefined, cmdline: string[] | undefined): Run {
  let resolveExit!: (info: ExitInfo) => void;
  const exit = new Promise<ExitInfo>((resolve) => (resolveExit = resolve));
  return { pid, child, cmdline, startedAt: Date.now(), requested: false, exited: false, exit, resolveExit };
}

export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `was killed by ${signal}`;
  if (code === null) return 'ended (exit status unknown: adopted process)';
  return `exited with code ${code}`;
}

export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function quoteArg(a: string): string {
  return /^[\w@%+=:,./${}-]+$/.test(a) ? a : JSON.stringify(a);
}

export function appendQuiet(file: string, text: string): void {
  try {
    fs.appendFileSync(file, text);
  } catch {
    /* best effort */
  }
}

/**
 * Rotates a log file above `maxBytes` to `<file>.1`. Before a start (copy=false) it is renamed;
 * while a process writes it (copy=true) it is copied and truncated (the writer appends, so it
 * continues at the new end).
 */
export function rotateIfLarge(file: string, maxBytes: number, copy = false): boolean {
  try {
    if (fs.statSync(file).size <= maxBytes) return false;
    if (copy) {
      fs.copyFileSync(file, `${file}.1`);
      fs.truncateSync(file, 0);
    } else {
      fs.renameSync(file, `${file}.1`);
    }
    return true;
  } catch {
    return false;
  }
}

export function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* gone */
  }
}

/** True while a live (non-zombie) process is in the group. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // kill(-pgid, 0) also succeeds for zombies nobody reaped (an init that does not reap):
  // on Linux look for a member that is not a zombie.
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return true; // no /proc: trust kill()
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (processGroupOf(pid) === pgid && !isZombie(pid)) return true;
  }
  return false;
}

/** The process group of a pid from /proc/<pid>/stat, or undefined. */
function processGroupOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "<pid> (<comm>) <state> <ppid> <pgrp> ..."
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    return Number.isInteger(pgrp) ? pgrp : undefined;
  } catch {
    return undefined;
  }
}
