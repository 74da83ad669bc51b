// The one start-up (src/host) against a real nats-server: the WebSocket accepts exactly the
// origin the desktop window and a browser send (the host's own loopback web server), refuses
// `null` (a file:// page) and foreign origins; one master per data dir; an interrupted start-up
// and a stop leave nothing running and the lock released.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHost, HostStartError, type Host } from './index.js';
import { sourceServicesDir } from './paths.js';
import { webPortFile } from './web-port.js';
import { lockPath } from './lock.js';
import { isAlive } from '../main/util/process.js';

const log = { info: () => {}, warn: () => {}, error: () => {} };
const dirs: string[] = [];
const hosts: Host[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'f8-host-'));
  dirs.push(d);
  return d;
}

/** The HTTP status of a WebSocket upgrade sent with `origin` (101: accepted). */
function upgradeStatus(wsUrl: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, origin === undefined ? {} : { origin });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

describe('startHost', () => {
  it("gives nats-server the web server's origin: accepted; null (file://), file://, other ports and hosts refused", async () => {
    const dir = dataDir();
    const host = await startHost({ dataDir: dir, servicesDirs: [sourceServicesDir()], log, web: false });
    hosts.push(host);
    const port = (JSON.parse(readFileSync(webPortFile(dir), 'utf8')) as { port: number }).port;
    const ws = host.wsUrl as string;
    // what the window (and a browser) loading http://127.0.0.1:<port>/ sends
    expect(await upgradeStatus(ws, `http://127.0.0.1:${port}`)).toBe(101);
    for (const bad of ['null', 'file://', `http://127.0.0.1:${port + 1}`, 'http://evil.example', `https://127.0.0.1:${port}`]) {
      expect(await upgradeStatus(ws, bad), bad).toBe(403);
    }
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid).toBe(process.pid);
  });

  it('refuses a second master on the data dir, naming the holder, and starts nothing', async () => {
    const dir = dataDir();
    hosts.push(await startHost({ dataDir: dir, servicesDirs: [sourceServicesDir()], log, web: false }));
    const err = await startHost({ dataDir: dir, servicesDirs: [sourceServicesDir()], log, web: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostStartError);
    expect((err as HostStartError).kind).toBe('locked');
    expect((err as HostStartError).detail.holder?.pid).toBe(process.pid);
  });

  it('an abort while nats-server starts stops it and releases the lock; stop() is ordered and idempotent', async () => {
    const dir = dataDir();
    const abort = new AbortController();
    const starting = startHost({ dataDir: dir, servicesDirs: [sourceServicesDir()], log, web: false, signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    const err = await starting.catch((e: unknown) => e);
    expect((err as HostStartError).kind).toBe('aborted');
    expect(existsSync(lockPath(dir))).toBe(false);
    const record = join(dir, 'nats', 'server.json');
    expect(existsSync(record), 'no nats-server record left').toBe(false);

    const host = await startHost({ dataDir: dir, servicesDirs: [sourceServicesDir()], log, web: false });
    const pid = host.nats?.pid as number;
    expect(isAlive(pid)).toBe(true);
    await Promise.all([host.stop(), host.stop()]);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(lockPath(dir))).toBe(false);
  });
});
