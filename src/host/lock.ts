// One master per data dir: <data-dir>/master.lock ({pid, startedAt, startTicks, urls}) is held for
// the master's life, whichever entry point runs it (`f8 master`, `f8 run`, the desktop app). A
// second master finds a live holder and is refused with its pid and URLs; a lock left by a killed
// master (its pid gone, or reused by another process: the start time differs) is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { isAlive, processStartTicks } from '../main/util/process.js';

export interface MasterLock {
  pid: number;
  startedAt: string;
  /** The holder's start time in clock ticks since boot (/proc/<pid>/stat field 22): tells pid reuse. */
  startTicks?: number;
  urls?: Record<string, string>;
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'master.lock');
}

function holderAlive(pid: number, startTicks: number | undefined): boolean {
  if (!isAlive(pid)) return false;
  if (startTicks !== undefined) {
    const now = processStartTicks(pid);
    if (now !== undefined) return now === startTicks;
  }
  try {
    // pid reuse: it must still be an f8 process
    return /f8/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc: trust the pid
  }
}

function read(file: string): MasterLock | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<MasterLock>;
    if (typeof v.pid !== 'number') return null;
    return { pid: v.pid, startedAt: String(v.startedAt ?? ''), ...(typeof v.startTicks === 'number' ? { startTicks: v.startTicks } : {}), ...(v.urls ? { urls: v.urls } : {}) };
  } catch {
    return null;
  }
}

/** Takes the lock, or returns the live holder. */
export function acquireMasterLock(dataDir: string): { ok: true; update(urls: Record<string, string>): void; release(): void } | { ok: false; holder: MasterLock } {
  const file = lockPath(dataDir);
  const ticks = processStartTicks(process.pid);
  const mine: MasterLock = { pid: process.pid, startedAt: new Date().toISOString(), ...(ticks !== undefined ? { startTicks: ticks } : {}) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
      const release = () => {
        if (read(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once('exit', release);
      return {
        ok: true,
        update: (urls) => fs.writeFileSync(file, JSON.stringify({ ...mine, urls }), { mode: 0o600 }),
        release,
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = read(file);
      // this very process holds it (a second start-up in one process) when the start time is ours too
      const live = holder && (holder.pid !== process.pid || holder.startTicks !== undefined) && holderAlive(holder.pid, holder.startTicks);
      if (holder && live) return { ok: false, holder };
      fs.rmSync(file, { force: true }); // stale: its master is gone
    }
  }
  return { ok: false, holder: read(file) ?? { pid: -1, startedAt: '' } };
}
