// One master per data dir: <data-dir>/master.lock ({pid, startedAt, urls}) is held for the
// master's life. A second master finds a live holder and is refused with its pid and URLs; a lock
// left by a killed master (its pid gone, or not an f8 process any more) is taken over.
import fs from 'node:fs';
import path from 'node:path';

export interface MasterLock {
  pid: number;
  startedAt: string;
  urls?: Record<string, string>;
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'master.lock');
}

function holderAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
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
    return typeof v.pid === 'number' ? { pid: v.pid, startedAt: String(v.startedAt ?? ''), ...(v.urls ? { urls: v.urls } : {}) } : null;
  } catch {
    return null;
  }
}

/** Takes the lock, or returns the live holder. */
export function acquireMasterLock(dataDir: string): { ok: true; update(urls: Record<string, string>): void; release(): void } | { ok: false; holder: MasterLock } {
  const file = lockPath(dataDir);
  const mine: MasterLock = { pid: process.pid, startedAt: new Date().toISOString() };
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
      if (holder && holder.pid !== process.pid && holderAlive(holder.pid)) return { ok: false, holder };
      fs.rmSync(file, { force: true }); // stale: its master is gone
    }
  }
  return { ok: false, holder: read(file) ?? { pid: -1, startedAt: '' } };
}
