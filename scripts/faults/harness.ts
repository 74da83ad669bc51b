// The fault suite's harness: a real `f8 master` process on its own data dir (so it can be
// killed), a client with the master's credentials, and the measurements every fault shares:
// which sequence numbers reached the recorder's file, processes per instanceId, RSS.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connectMaster, type MasterClient } from '../../src/cli/client.js';
import { instanceClient } from '../../src/bus/index.js';
import { eventually } from '../../src/main/master/testing.js';
import { setTimeout as delay } from 'node:timers/promises';
import type { InstanceRecord, ServiceGraph } from '../../src/shared/types.js';
import type { DeployGraphReply } from '../../src/shared/verbs.js';

export const root = resolve(import.meta.dirname, '../..');
export const faultServices = join(root, 'scripts/faults/services');
const bin = join(root, 'bin/f8.mjs');

/** The fault scripts' pause: Node's own promise timer. */
export const sleep = (ms: number): Promise<void> => delay(ms);

/** Polls until truthy (the integration tests' helper, with the suite's tighter step). */
export function until<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 60_000, stepMs = 25): Promise<NonNullable<T>> {
  return eventually(fn, what, timeoutMs, stepMs);
}

export interface MasterProcess {
  child: ChildProcess;
  natsUrl: string;
  /** The editor's address (http://127.0.0.1:<port>/), when started with the web server. */
  webUrl?: string;
  /** stderr lines with the time they arrived. */
  lines: { at: number; text: string }[];
  exited: Promise<number | null>;
}

/** Starts `f8 master` on the data dir and waits for its NATS_URL line (and, with `web`, its EDITOR_URL line). */
export async function startMaster(dataDir: string, env: Record<string, string> = {}, o: { web?: boolean } = {}): Promise<MasterProcess> {
  const child = spawn(process.execPath, [bin, 'master', '--data-dir', dataDir, '--services', faultServices, ...(o.web ? [] : ['--no-web'])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, F8_NATS_URL: '', ...env },
  });
  const lines: { at: number; text: string }[] = [];
  let out = '';
  let natsUrl = '';
  let webUrl = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    natsUrl ||= /NATS_URL=(\S+)/.exec(out)?.[1] ?? '';
    const editor = /EDITOR_URL=(\S+)/.exec(out)?.[1];
    if (editor && !webUrl) webUrl = `${new URL(editor).origin}/`;
  });
  let partial = '';
  child.stderr!.on('data', (d: Buffer) => {
    partial += d.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) lines.push({ at: Date.now(), text });
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await until(() => natsUrl, 'the master NATS_URL line', 60_000);
  if (o.web) await until(() => webUrl, 'the master EDITOR_URL line', 120_000);
  return { child, natsUrl, lines, exited, ...(webUrl ? { webUrl } : {}) };
}

/** Work to do before the suite exits, even on its hard stop (side masters, mounts). */
export const sideCleanups = new Set<() => Promise<void>>();

/**
 * A master of its own on a fresh data dir (for faults that must not disturb the main pipe), with
 * what it takes to stop it: the master, then the nats-server of that data dir if it is left
 * (only a process whose command line names that data dir is killed).
 */
export async function sideMaster(dataDir: string, o: { web?: boolean } = {}): Promise<{ master: MasterProcess; stop(): Promise<void> }> {
  const master = await startMaster(dataDir, {}, o);
  const stop = async (): Promise<void> => {
    sideCleanups.delete(stop);
    await stopMaster(master).catch(() => {});
    killNatsOf(dataDir);
  };
  sideCleanups.add(stop);
  return { master, stop };
}

/** SIGKILLs the nats-server recorded in the data dir, if it is still that data dir's server. */
export function killNatsOf(dataDir: string): void {
  try {
    const rec = JSON.parse(readFileSync(join(dataDir, 'nats', 'server.json'), 'utf8')) as { pid?: number };
    const pid = rec.pid ?? 0;
    if (pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir)) process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

/** Open file descriptors of a process. */
export function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return -1;
  }
}

/** The time of the first stderr line (after `since`) that matches. */
export function lineAt(m: MasterProcess, re: RegExp, since: number): number | null {
  return m.lines.find((l) => l.at >= since && re.test(l.text))?.at ?? null;
}

export async function stopMaster(m: MasterProcess): Promise<void> {
  if (m.child.exitCode !== null || m.child.signalCode !== null) return;
  m.child.kill('SIGTERM');
  await Promise.race([m.exited, sleep(30_000)]);
  if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill('SIGKILL');
}

/** A lease-holding client that keeps its lease (a ping every 2 s) until closed. */
export async function client(natsUrl: string, name: string): Promise<MasterClient> {
  const c = await connectMaster(natsUrl, name);
  await c.call('ping', { clientId: c.clientId, takeover: true });
  let paused = false;
  const keep = setInterval(() => {
    if (!paused) void c.call('ping', { clientId: c.clientId }, { attempts: 1, timeoutMs: 1_000 }).catch(() => {});
  }, 2_000);
  const close = c.close;
  return Object.assign(c, {
    close: async () => {
      clearInterval(keep);
      await close();
    },
    /** The lease race hands the lease around: no keep-alive meanwhile. */
    pauseLease: (p: boolean) => (paused = p),
  });
}

export async function deploy(c: MasterClient, graph: ServiceGraph, baseRevision?: number): Promise<DeployGraphReply> {
  await c.call('ping', { clientId: c.clientId }); // a lease that lapsed in an outage is taken again
  return c.call('deployGraph', { graph, activate: true, ...(baseRevision !== undefined ? { baseRevision } : {}) }, { timeoutMs: 120_000, attempts: 1 });
}

export async function records(c: MasterClient): Promise<(InstanceRecord & { instanceId: string })[]> {
  return (await c.call('instances', {})).instances;
}

export function cmd<T>(c: MasterClient, instanceId: string, command: string, params: unknown = {}): Promise<T> {
  return instanceClient(c.nc, instanceId, c.clientId)
    .call('cmd', { command, params }, { timeoutMs: 5_000 })
    .then((r) => r.result as T);
}

// ---------------------------------------------------------------- processes

/** Live processes per F8_SERVICE_ID (from /proc/<pid>/environ), for the instances under `dataDir`. */
export function processesByInstance(dataDir: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/\)\s+Z\s/.test(stat)) continue;
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const id = env.find((e) => e.startsWith('F8_SERVICE_ID='))?.slice('F8_SERVICE_ID='.length);
      const files = env.find((e) => e.startsWith('F8_FILES_DIR='))?.slice('F8_FILES_DIR='.length) ?? '';
      if (!id || !files.startsWith(dataDir)) continue;
      // the launcher's process group leader only (tsx may fork a loader child sharing the env)
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const parentEnv = (() => {
        try {
          return readFileSync(`/proc/${ppid}/environ`, 'utf8');
        } catch {
          return '';
        }
      })();
      if (parentEnv.includes(`F8_SERVICE_ID=${id}\0`)) continue;
      out.set(id, [...(out.get(id) ?? []), pid]);
    } catch {
      // gone, or not readable
    }
  }
  return out;
}

/** Samples processes per instance every 100 ms until stopped; the most seen for one id. */
export function watchDuplicates(dataDir: string): { stop(): number } {
  let most = 0;
  const t = setInterval(() => {
    for (const pids of processesByInstance(dataDir).values()) most = Math.max(most, pids.length);
  }, 100);
  return {
    stop() {
      clearInterval(t);
      return Math.max(0, most - 1);
    },
  };
}

export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

// ---------------------------------------------------------------- the recording

/** Sequence numbers in the recorder's file (JSON lines {ts, port, value: {s, t}}), in file order. */
export function recordedSeqs(file: string): { seqs: number[]; bad: number } {
  if (!existsSync(file)) return { seqs: [], bad: 0 };
  const seqs: number[] = [];
  let bad = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const s = (JSON.parse(line) as { value: { s: number } }).value.s;
      if (typeof s === 'number') seqs.push(s);
    } catch {
      bad++;
    }
  }
  return { seqs, bad };
}

/** Messages missing between the last sequence number before a window and the last one in it. */
export function lostIn(seqs: number[], fromIndex: number): { lost: number; duplicates: number; received: number } {
  const before = fromIndex > 0 ? (seqs[fromIndex - 1] as number) : null;
  const window = seqs.slice(fromIndex);
  if (!window.length) return { lost: 0, duplicates: 0, received: 0 };
  const unique = new Set(window);
  const lo = before === null ? Math.min(...window) : before + 1;
  const hi = Math.max(...window);
  let present = 0;
  for (const s of unique) if (s >= lo && s <= hi) present++;
  return { lost: hi - lo + 1 - present, duplicates: window.length - unique.size, received: window.length };
}

/** A KV write of `bytes` that resolves false when it fails or takes over 2 s (a full store wedges). */
export function kvProbe(kv: { put(k: string, v: string): Promise<unknown> }, bytes = 0): () => Promise<boolean> {
  return () => Promise.race([kv.put('k', String(Date.now()).padEnd(bytes, '.')).then(() => true), sleep(2_000).then(() => false)]).catch(() => false);
}

/** Fills the file system under `dir` with one file; returns its path (remove it to free the space). */
export function fillDisk(dir: string): string {
  const filler = join(dir, 'filler');
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'pipe' });
  } catch {
    // "No space left on device": full
  }
  return filler;
}
