// The embedded nats-server's state on disk and its health: the ports files it writes, server.json,
// atomic writes, the log (rotation, tail), /healthz, and the start lock.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../util/process.js';
import { lastLines, rotateIfLarge } from '../util/log-file.js';
import writeFileAtomic from 'write-file-atomic';
import { PORT_KEYS, type NatsPaths, type NatsPorts, type ServerRecord } from './config.js';

const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

export function portsFilePath(p: NatsPaths, pid: number): string {
  return path.join(p.portsDir, `nats-server_${pid}.ports`);
}

export function listPortsFilePids(p: NatsPaths): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(p.portsDir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const m = /^nats-server_(\d+)\.ports$/.exec(name);
    if (m) pids.push(Number(m[1]));
  }
  return pids;
}

function portOf(url: unknown): number | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const port = Number(new URL(url).port);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

/** Ports from nats-server_<pid>.ports (`{"nats": [url], "monitoring": [url], "websocket": [url]}`). */
export function readPortsFile(p: NatsPaths, pid: number): NatsPorts | undefined {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(fs.readFileSync(portsFilePath(p, pid), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined; // absent, or being written
  }
  const first = (k: string): number | undefined => {
    const v = parsed[k];
    return Array.isArray(v) ? portOf(v[0]) : undefined;
  };
  const nats = first('nats');
  const monitoring = first('monitoring');
  const websocket = first('websocket');
  if (nats === undefined || monitoring === undefined || websocket === undefined) return undefined;
  return { nats, monitoring, websocket };
}

export function readRecord(file: string): ServerRecord | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ServerRecord>;
    if (typeof r.pid !== 'number' || typeof r.ports !== 'object' || r.ports === null) return undefined;
    const ports = r.ports as Partial<NatsPorts>;
    if (PORT_KEYS.some((k) => typeof ports[k] !== 'number')) return undefined;
    return {
      pid: r.pid,
      binary: typeof r.binary === 'string' ? r.binary : 'nats-server',
      conf: typeof r.conf === 'string' ? r.conf : '',
      ports: ports as NatsPorts,
      startedAt: typeof r.startedAt === 'string' ? r.startedAt : '',
      ...(Array.isArray(r.allowedOrigins) ? { allowedOrigins: r.allowedOrigins.filter((o): o is string => typeof o === 'string') } : {}),
      ...(r.confPorts && PORT_KEYS.every((k) => typeof (r.confPorts as Partial<NatsPorts>)[k] === 'number') ? { confPorts: r.confPorts } : {}),
    };
  } catch {
    return undefined;
  }
}

export function writeRecord(file: string, record: ServerRecord): void {
  // atomic: a temp file renamed over it, removed when the write fails (a full disk is not left fuller)
  writeFileAtomic.sync(file, `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Writes `text` (atomically) only when the file does not already hold exactly these bytes: an
 * unchanged config is never rewritten, so a full disk cannot stop a server from starting on it.
 * True when it wrote.
 */
export function writeFileIfChanged(file: string, text: string): boolean {
  try {
    if (fs.readFileSync(file).equals(Buffer.from(text, 'utf8'))) return false;
  } catch {
    /* absent or unreadable: write it */
  }
  writeFileAtomic.sync(file, text);
  return true;
}

export function samePorts(a: NatsPorts, b: NatsPorts): boolean {
  return PORT_KEYS.every((k) => a[k] === b[k]);
}

export function rmQuiet(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    /* ignore */
  }
}

export function rotateLog(file: string): void {
  rotateIfLarge(file, LOG_ROTATE_BYTES);
}

/** The last `lines` lines of the log written since `fromOffset`, for an error message. */
export function logTail(file: string, fromOffset: number, lines = 30): string {
  return lastLines(file, lines, fromOffset).join('\n').trimEnd();
}

// ---------------------------------------------------------------------------------------------
// Health

/** One /healthz answer: ok, or why not; `code` is set when the request failed on our side (e.g. EMFILE). */
export interface HealthAnswer {
  ok: boolean;
  /** The error code of a request that could not be made or failed (EMFILE, ECONNREFUSED, ...). */
  code?: string;
  /** The request timed out (the server accepted, or the connect hung, and said nothing). */
  timedOut?: boolean;
}

/** Errors that say the master itself is out of file descriptors or sockets, not that the server is sick. */
const OWN_EXHAUSTION = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'ENOBUFS', 'ENOMEM']);

export function isOwnExhaustion(code: string | undefined): boolean {
  return code !== undefined && OWN_EXHAUSTION.has(code);
}

export function healthz(port: number, timeoutMs = 1000): Promise<HealthAnswer> {
  return new Promise((resolve) => {
    let timedOut = false;
    let req: http.ClientRequest;
    try {
      req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: timeoutMs }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) return resolve({ ok: false });
          try {
            resolve({ ok: (JSON.parse(body) as { status?: unknown }).status === 'ok' });
          } catch {
            resolve({ ok: false });
          }
        });
        res.on('error', () => resolve({ ok: false, ...(timedOut ? { timedOut } : {}) }));
      });
    } catch (err) {
      // a socket that cannot even be created may throw synchronously
      return resolve({ ok: false, code: (err as NodeJS.ErrnoException).code ?? 'ERROR' });
    }
    req.on('timeout', () => {
      timedOut = true;
      req.destroy();
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, ...(timedOut ? { timedOut } : { code: err.code ?? 'ERROR' }) }));
  });
}

export async function healthzOk(port: number, timeoutMs = 1000): Promise<boolean> {
  return (await healthz(port, timeoutMs)).ok;
}

/**
 * Does core NATS answer on `port`? A client connection gets the server's INFO line first thing,
 * with no disk involved. `code` is set when the socket could not be made (e.g. EMFILE).
 */
export function coreAnswers(port: number, timeoutMs = 1000): Promise<{ ok: boolean; code?: string }> {
  return new Promise((resolve) => {
    let done = false;
    let sock: net.Socket | undefined;
    const finish = (r: { ok: boolean; code?: string }): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock?.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false }), timeoutMs);
    try {
      sock = net.connect({ host: '127.0.0.1', port });
    } catch (err) {
      return finish({ ok: false, code: (err as NodeJS.ErrnoException).code ?? 'ERROR' });
    }
    let head = '';
    if (!sock) return;
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      head += d;
      if (head.length >= 5) finish({ ok: head.startsWith('INFO ') });
    });
    sock.on('error', (err: NodeJS.ErrnoException) => finish({ ok: false, code: err.code ?? 'ERROR' }));
    sock.on('close', () => finish({ ok: false }));
  });
}

/** Free bytes for us on the file system holding `dir` (statfs: no file descriptor needed); null when it cannot be told. */
export function freeBytes(dir: string): number | null {
  try {
    const st = fs.statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return null;
  }
}

export async function waitHealthy(port: number, deadline: number, stillAlive: () => boolean): Promise<boolean> {
  for (;;) {
    if (!stillAlive()) return false;
    const remaining = deadline - Date.now();
    if (await healthzOk(port, Math.max(100, Math.min(1000, remaining)))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
}

// ---------------------------------------------------------------------------------------------
// Start lock: one master at a time starts or stops the server of a data dir.

/** Tokens of the locks this process holds right now: a lock file with our pid and another token is a leftover. */
const heldTokens = new Set<string>();

export async function withLock<T>(lockFile: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const token = `${process.pid}:${crypto.randomBytes(8).toString('hex')}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid, token, ts: Date.now() }), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLock(lockFile);
    if (holder.stale) {
      rmQuiet(lockFile);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out waiting for ${lockFile} (held by pid ${holder.pid ?? '?'}); delete it if no f8 master is starting`);
    }
    await sleep(25);
  }
  heldTokens.add(token);
  try {
    return await fn();
  } finally {
    heldTokens.delete(token);
    releaseLock(lockFile, token);
  }
}

/**
 * Deletes the lock if it is still ours. Out of file descriptors it cannot be read: we wrote it
 * and nobody else deletes a live master's lock, so it goes unless another call of ours holds one
 * (should it stay, readLock knows a lock naming our pid that none of our calls holds as a leftover).
 */
function releaseLock(lockFile: string, token: string): void {
  const l = readLock(lockFile);
  if (l.token === token) return rmQuiet(lockFile);
  if (l.unreadable && heldTokens.size === 0) rmQuiet(lockFile);
}

function readLock(lockFile: string): { pid?: number; token?: string; stale: boolean; unreadable?: boolean } {
  let st: fs.Stats;
  try {
    st = fs.statSync(lockFile);
  } catch {
    return { stale: false }; // gone: the next attempt will take it
  }
  try {
    const l = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { pid?: unknown; token?: unknown; ts?: unknown };
    const pid = typeof l.pid === 'number' ? l.pid : undefined;
    const token = typeof l.token === 'string' ? l.token : undefined;
    // our own pid with a token none of our calls holds: left behind by one of ours (never wait on ourselves)
    const ownLeftover = pid === process.pid && (token === undefined || !heldTokens.has(token));
    const stale = pid === undefined || ownLeftover || !isAlive(pid) || Date.now() - st.mtimeMs > 120_000;
    return { ...(pid !== undefined ? { pid } : {}), ...(token !== undefined ? { token } : {}), stale };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (isOwnExhaustion(code)) return { stale: false, unreadable: true }; // we cannot tell now (no fd to read it with)
    // Unreadable: a writer that crashed mid-write, or one writing right now.
    return { stale: Date.now() - st.mtimeMs > 2000 };
  }
}
