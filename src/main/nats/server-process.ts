// The nats-server process of a data dir: telling whether a pid is still our server (pids get
// reused), reaping the servers this process spawned, and stopping one (SIGTERM, then SIGKILL).
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { commandLine, isAlive, waitForExit } from '../util/process.js';
import type { NatsPaths, ServerRecord } from './config.js';
import { portsFilePath, readRecord, rmQuiet, withLock } from './disk.js';

/**
 * Is `pid` the nats-server running our config? Checks /proc/<pid>/cmdline (ps elsewhere) for
 * `-c <conf>` and a binary named nats-server (or the recorded binary).
 */
export function isOurServer(pid: number, conf: string, binary?: string): boolean {
  if (!isAlive(pid)) return false;
  const argv = commandLine(pid);
  if (!argv) return false;
  const [argv0 = '', ...rest] = argv;
  const binaryOk = path.basename(argv0).includes('nats-server') || (binary !== undefined && argv0 === binary);
  return binaryOk && rest.includes(conf);
}

/** Servers this process spawned: their exit must be reaped before a stop counts as done. */
const ownChildren = new Map<number, ChildProcess>();

/** Remembers a server this process spawned until Node has reaped it. */
export function trackChild(pid: number, child: ChildProcess): void {
  ownChildren.set(pid, child);
  child.once('exit', () => setTimeout(() => ownChildren.delete(pid), 0));
}

/** Waits (bounded) until Node has reaped our own child, so no zombie outlives stop(). */
export async function reaped(pid: number, timeoutMs: number): Promise<void> {
  const child = ownChildren.get(pid);
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function stopServer(p: NatsPaths, record: ServerRecord, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const { pid } = record;
  await withLock(p.lock, timeoutMs + 10_000, async () => {
    // Only signal the pid while it is still that server (pids get reused).
    if (isOurServer(pid, p.conf, record.binary)) {
      log(`nats-server: stopping pid ${pid}`);
      signal(pid, 'SIGTERM');
      if (!(await waitForExit(pid, timeoutMs))) {
        log(`nats-server: pid ${pid} did not exit within ${timeoutMs} ms; sending SIGKILL`);
        signal(pid, 'SIGKILL');
        if (!(await waitForExit(pid, 5000))) throw new Error(`nats-server pid ${pid} did not exit after SIGKILL`);
      }
      await reaped(pid, 2000);
    }
    rmQuiet(portsFilePath(p, pid));
    const current = readRecord(p.serverJson);
    if (!current || current.pid === pid) rmQuiet(p.serverJson);
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}
