// The data dir's small writes and the start lock (issue 20): an unchanged config is never
// rewritten (a restart on a full disk needs no space for it), and a master never waits on a
// start lock it left behind itself.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coreAnswers, freeBytes, healthz, isOwnExhaustion, withLock, writeFileIfChanged } from './disk.js';

describe('disk helpers', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-disk-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writeFileIfChanged writes new or changed content only, leaving no temp file', () => {
    const file = path.join(dir, 'nats-server.conf');
    expect(writeFileIfChanged(file, 'a: 1\n')).toBe(true);
    const ino = fs.statSync(file).ino;
    expect(writeFileIfChanged(file, 'a: 1\n')).toBe(false);
    expect(fs.statSync(file).ino).toBe(ino); // not replaced
    expect(writeFileIfChanged(file, 'a: 2\n')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('a: 2\n');
    expect(fs.readdirSync(dir)).toEqual(['nats-server.conf']);
  });

  it('a write that fails leaves no temp file behind', () => {
    const file = path.join(dir, 'sub', 'x.conf'); // the folder is missing: the write fails
    expect(() => writeFileIfChanged(file, 'x')).toThrow(/ENOENT/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a start lock left behind by this very process is taken at once, not waited on', async () => {
    const lock = path.join(dir, 'start.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, token: `${process.pid}:leftover`, ts: Date.now() }));
    const t0 = Date.now();
    expect(await withLock(lock, 5_000, async () => 'ran')).toBe('ran');
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('two calls of this process still take turns', async () => {
    const lock = path.join(dir, 'start.lock');
    const order: string[] = [];
    await Promise.all([
      withLock(lock, 5_000, async () => {
        order.push('a+');
        await new Promise((r) => setTimeout(r, 150));
        order.push('a-');
      }),
      new Promise((r) => setTimeout(r, 20)).then(() =>
        withLock(lock, 5_000, async () => {
          order.push('b+');
          order.push('b-');
        }),
      ),
    ]);
    expect(order).toEqual(['a+', 'a-', 'b+', 'b-']);
  });

  it('a live other process’s lock is waited on (and named when the wait times out)', async () => {
    const lock = path.join(dir, 'start.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: process.ppid, token: 'other', ts: Date.now() }));
    await expect(withLock(lock, 200, async () => 'ran')).rejects.toThrow(new RegExp(`held by pid ${process.ppid}`));
  });

  it('healthz tells a refused connection from the master’s own exhaustion', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise((r) => srv.close(r));
    const h = await healthz(port, 500);
    expect(h).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    expect(isOwnExhaustion(h.code)).toBe(false);
    expect(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL'].every(isOwnExhaustion)).toBe(true);
    expect(isOwnExhaustion(undefined)).toBe(false);
    expect((await coreAnswers(port, 500)).ok).toBe(false);
  });

  it('coreAnswers says yes to a server that greets with INFO', async () => {
    const srv = net.createServer((s) => s.end('INFO {}\r\n'));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      expect(await coreAnswers((srv.address() as net.AddressInfo).port, 1_000)).toEqual({ ok: true });
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it('freeBytes reads the file system’s free space', () => {
    expect(freeBytes(dir)).toBeGreaterThan(0);
    expect(freeBytes(path.join(dir, 'missing'))).toBeNull();
  });
});
