// Is a recorded pid still the instance's process? After a master restart the launcher adopts pids
// from its records; pids get reused, so before watching or signalling one it is checked against the
// start time recorded at launch, the environment the instance was launched with, and (for a
// signal) the command line seen at adoption.
import fs from 'node:fs';
import { commandLine, isZombie, processStartTicks } from '../../util/process.js';
import type { Run } from './types.js';

/** The variable of the launch environment that names the instance (the contract's F8_SERVICE_ID). */
const IDENTITY_VAR = 'F8_SERVICE_ID';

/**
 * Is `pid` still the process launched for an instance? Pids get reused (pid_max is 32768 on many
 * Linux systems; a test run goes through thousands a minute) and every f8 service has the same
 * command line, so a pid from a record is checked against the start time recorded when it was
 * launched (`startTicks`, when known) and the environment it was launched with: `same` (it names
 * this instance), `other` (a live process that started at another time or does not name it),
 * `gone` (no such process), `unknown` (the request names no instance, or no /proc, or not readable).
 */
export function instanceIdentity(pid: number, env: Readonly<Record<string, string>> | undefined, startTicks?: number): 'same' | 'other' | 'gone' | 'unknown' {
  if (startTicks !== undefined) {
    const now = processStartTicks(pid);
    // a process that started at another time is another process, whatever its environment says
    if (now !== undefined && now !== startTicks) return 'other';
  }
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

/**
 * May this run's process be signalled? Our own child always; an adopted pid only while it is
 * still the same process (every f8 service has the same command line: its start time and
 * environment name the instance, and its argv must not have changed since adoption). Never a
 * reused pid.
 */
export function maySignal(run: Run, env: Readonly<Record<string, string>>): boolean {
  if (run.exited || run.foreign) return false;
  if (run.child) return true;
  if (instanceIdentity(run.pid, env, run.startTicks) === 'other') return false;
  const now = run.cmdline && commandLine(run.pid);
  return !(run.cmdline && now && now.join('\0') !== run.cmdline.join('\0'));
}
