// The embedded nats-server's state on disk and its health: the ports files it writes, server.json,
// atomic writes, the log (rotation, tail), /healthz, and the start lock.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { isAlive, sleep } from './process-util.js';
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
  writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
}

export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
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
  try {
    if (fs.statSync(file).size > LOG_ROTATE_BYTES) fs.renameSync(file, `${file}.1`);
  } catch {
    /* absent */
  }
}

/** The last `lines` lines of the log written since `fromOffset` (at most 64 KiB read). */
export function logTail(file: string, fromOffset: number, lines = 30): string {
  try {
    const size = fs.statSync(file).size;
    const start = Math.max(fromOffset, size - 64 * 1024);
    if (size <= start) return '';
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(size - start);
      fs.readSync(fd, buf, 0, buf.length, start);
      return buf.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Health

export function healthzOk(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(false);
        try {
          resolve((JSON.parse(body) as { status?: unknown }).status === 'ok');
        } catch {
          resolve(false);
        }
      });
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
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
  try {
    return await fn();
  } finally {
    if (readLock(lockFile).token === token) rmQuiet(lockFile);
  }
}

function readLock(lockFile: string): { pid?: number; token?: string; stale: boolean } {
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
    const stale = pid === undefined || !isAlive(pid) || Date.now() - st.mtimeMs > 120_000;
    return { ...(pid !== undefined ? { pid } : {}), ...(token !== undefined ? { token } : {}), stale };
  } catch {
    // Unreadable: a writer that crashed mid-write, or one writing right now.
    return { stale: Date.now() - st.mtimeMs > 2000 };
  }
}
