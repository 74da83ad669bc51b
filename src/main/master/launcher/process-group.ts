// Process groups: services run detached, each leading its own group, so a stop signals the whole
// group (a service's own children included) and then ends what is left of it.
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../shared/ports.js';
import { isZombie, procStatField } from '../../util/process.js';

/** How long the rest of a group gets after SIGKILL before we stop waiting for it. */
export const KILL_WAIT_MS = 5000;

/** Signals the process group led by `pid`, or the pid alone when it leads no group. */
export function signalGroupOrPid(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
    return;
  } catch {
    /* no such group: signal the pid */
  }
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* gone */
  }
}

/** True while a live (non-zombie) process is in the group. */
function groupAlive(pgid: number): boolean {
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

/** After the leader of a stopped group exited: SIGTERM, then SIGKILL after `killAfterMs`, what is left of its group. */
export async function endGroup(id: string, pgid: number, killAfterMs: number, log: Logger): Promise<void> {
  if (!groupAlive(pgid)) return;
  log.info(`launcher: instance ${id}: ending the rest of process group ${pgid}`);
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + killAfterMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(20);
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGKILL');
  const killDeadline = Date.now() + KILL_WAIT_MS;
  while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(20);
}
