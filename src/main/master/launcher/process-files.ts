// The launcher's helpers around processes and their log files: process groups (signal, alive),
// log rotation and quiet appends, exit descriptions (split out of launcher.ts).
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { isZombie, procStatField } from '../../nats/process-util.js';
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

/** Instance log files and their folder are private to the user (a service may log anything). */
export const LOG_FILE_MODE = 0o600;
export const LOG_DIR_MODE = 0o700;

export function appendQuiet(file: string, text: string): void {
  try {
    fs.appendFileSync(file, text, { mode: LOG_FILE_MODE });
  } catch {
    /* best effort */
  }
}

/**
 * Rotates a log file above `maxBytes` to `<file>.1`. Before a start (copy=false) it is renamed;
 * while a process writes it (copy=true) it is copied and truncated (the writer appends, so it
 * continues at the new end). Either way `<file>.1` keeps the file's mode (a copy gets it too).
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

/** The variable of the launch environment that names the instance (the contract's F8_SERVICE_ID). */
export const IDENTITY_VAR = 'F8_SERVICE_ID';

/**
 * Is `pid` still the process launched for an instance? Pids get reused (pid_max is 32768 on many
 * Linux systems; a test run goes through thousands a minute) and every f8 service has the same
 * command line, so a pid from a record is checked against the environment it was launched with:
 * `same` (it names this instance), `other` (a live process that does not), `gone` (no such
 * process), `unknown` (the request names no instance, or no /proc, or not readable).
 */
export function instanceIdentity(pid: number, env: Readonly<Record<string, string>> | undefined): 'same' | 'other' | 'gone' | 'unknown' {
  const want = env?.[IDENTITY_VAR];
  if (want === undefined) return 'unknown';
  let raw: string;
  try {
    raw = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ESRCH' ? (fs.existsSync('/proc/self') ? 'gone' : 'unknown') : 'unknown';
  }
  if (raw === '') return isZombie(pid) ? 'gone' : 'unknown'; // a zombie (or a kernel thread) shows no environment
  return raw.split('\0').includes(`${IDENTITY_VAR}=${want}`) ? 'same' : 'other';
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
  const pgrp = procStatField(pid, 2);
  return pgrp !== undefined && Number.isInteger(pgrp) ? pgrp : undefined;
}
