// Process helpers by pid, shared by the nats-server supervision, the launcher, the data-dir lock
// and the CLI: alive (not a zombie), command line, /proc/<pid>/stat fields (the start time among
// them, which tells a reused pid), waiting for an exit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** True when /proc/<pid>/stat says the process is a zombie (exited, not yet reaped). */
export function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "<pid> (<comm>) <state> ...": comm may hold spaces or parentheses, so cut at the last ')'.
    const state = stat
      .slice(stat.lastIndexOf(')') + 1)
      .trim()
      .charAt(0);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

/** True when a process with this pid exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/**
 * The command line of a process as an argv array, or undefined if it cannot be read.
 * Linux: /proc/<pid>/cmdline. Elsewhere (macOS): `ps -o command=`, split on spaces.
 */
export function commandLine(pid: number): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const argv = raw.split('\0').filter((a) => a.length > 0);
    return argv.length > 0 ? argv : undefined;
  } catch {
    if (fs.existsSync('/proc/self')) return undefined; // Linux: the process is gone
  }
  if (process.platform === 'win32') return undefined;
  try {
    const out = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out ? out.split(/\s+/) : undefined;
  } catch {
    return undefined;
  }
}

/** Wait until the process is gone (or a zombie). Resolves true if gone before the deadline. */
export async function waitForExit(pid: number, timeoutMs: number, pollMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(pid)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(pollMs);
  }
}

/** True if nobody listens on 127.0.0.1:<port> (so we can bind it). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => {
      srv.close(() => resolve(true));
    });
  });
}

/** A port nobody listens on at 127.0.0.1 now (the system's pick; free until someone binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A numeric field of /proc/<pid>/stat counted from the state (field 3 is index 0), or undefined
 * where /proc cannot tell. The command name (field 2) may hold spaces and parentheses: the fields
 * are read after its last ')'.
 */
export function procStatField(pid: number, index: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const v = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[index]);
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A process's start time (clock ticks since boot, /proc/<pid>/stat field 22), or undefined where /proc cannot tell. */
export function processStartTicks(pid: number): number | undefined {
  return procStatField(pid, 19);
}
