// What a desktop run left behind, seen through /proc: the processes that use a folder (command
// line, working directory or an open file under it), and whether a pid is still alive.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Pids of live processes whose command line, working directory or an open file is under `dir`. */
export function processesUsing(dir: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (/\)\s+Z\s/.test(readFileSync(`/proc/${name}/stat`, 'utf8'))) continue;
      const uses =
        readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(dir) ||
        readlinkSync(`/proc/${name}/cwd`).startsWith(dir) ||
        readdirSync(`/proc/${name}/fd`).some((fd) => {
          try {
            return readlinkSync(`/proc/${name}/fd/${fd}`).startsWith(dir);
          } catch {
            return false;
          }
        });
      if (uses) out.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
