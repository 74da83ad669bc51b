// Issue 20: `f8 master` as a real process in the situations that used to leave things behind.
// - Its output pipe closes (`f8 master 2>&1 | head -3`): the next write failed with EPIPE, an
//   uncaught error that killed the master on the spot and orphaned nats-server. Now it keeps
//   serving, and a SIGTERM later still stops everything.
// - The process that started it goes away (`npx f8 master` is npm -> sh -> node; a SIGTERM to
//   npx alone left node running as an orphan). Now it stops as on SIGTERM: instances,
//   nats-server, the lock.
// - What it creates in a new data dir is private (folders 0700, log files 0600).
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectMaster } from './client.js';
import { masterUrl } from './graph.js';
import { eventually, manifest, processAlive, writeManifest } from '../main/master/testing.js';
import type { CatalogReply } from '../shared/types.js';

const bin = resolve(import.meta.dirname, '../../bin/f8.mjs');
const mode = (p: string) => statSync(p).mode & 0o777;

/** The running master of a data dir: its pid (the lock) and nats-server's (server.json). */
async function runningMaster(dataDir: string): Promise<{ pid: number; natsPid: number; url: string }> {
  return eventually(
    () => {
      const lock = JSON.parse(readFileSync(join(dataDir, 'master.lock'), 'utf8')) as { pid: number; urls?: Record<string, string> };
      if (!lock.urls?.NATS_URL) return null; // written once the master is up
      const natsPid = (JSON.parse(readFileSync(join(dataDir, 'nats', 'server.json'), 'utf8')) as { pid: number }).pid;
      const url = masterUrl({ 'data-dir': dataDir }, {});
      return url ? { pid: lock.pid, natsPid, url } : null;
    },
    'the master to be up',
    40_000,
    100,
  );
}

describe('f8 master survives its pipes and follows its parent', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const pids: number[] = [];
  afterEach(async () => {
    for (const pid of pids.splice(0)) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('`f8 master 2>&1 | head -3`: keeps serving after the pipe closes; SIGTERM then leaves nothing running', { timeout: 90_000 }, async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'f8-epipe-'));
    dirs.push(tmp);
    const dataDir = join(tmp, 'data');
    const services = join(tmp, 'services');
    await writeManifest(services, 'one', manifest('test.one'));
    // a real shell pipeline, as a user types it
    const sh = spawn('sh', ['-c', '"$0" "$1" master --data-dir "$2" --services "$3" --no-web 2>&1 | head -3', process.execPath, bin, dataDir, services], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, F8_NATS_URL: '', F8_EXIT_WITH_PARENT: '0' },
    });
    children.push(sh);
    let out = '';
    sh.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const { pid, natsPid, url } = await runningMaster(dataDir);
    pids.push(pid, natsPid);
    // head has printed its three lines and gone: the pipe is closed for good
    await eventually(() => out.split('\n').filter(Boolean).length === 3 && headPid(sh.pid!) === null, 'head to exit', 20_000, 100);

    // more output now fails with EPIPE: a new manifest makes the master log "catalog: added ..."
    await writeManifest(services, 'two', manifest('test.two'));
    const client = await connectMaster(url, 'cli-epipe');
    try {
      await eventually(async () => ((await client.call('catalog', {})) as CatalogReply).services.some((s) => s.serviceClass === 'test.two'), 'the new manifest in the catalog', 20_000, 200);
      const ping = await client.call('ping', { clientId: 'cli-epipe' });
      expect(ping.holder).toBe('cli-epipe');
    } finally {
      await client.close();
    }
    expect(processAlive(pid)).toBe(true);
    expect(processAlive(natsPid)).toBe(true);

    const shExit = new Promise((r) => sh.once('exit', r));
    process.kill(pid, 'SIGTERM');
    await eventually(() => !processAlive(pid) && !processAlive(natsPid), 'the master and nats-server to stop', 30_000, 100);
    await shExit;
    expect(existsSync(join(dataDir, 'master.lock'))).toBe(false);
    expect(out.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('stops like on SIGTERM when the process that started it goes away (a wrapper killed alone); a new data dir is private', { timeout: 90_000 }, async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'f8-parent-'));
    dirs.push(tmp);
    const dataDir = join(tmp, 'new', 'data'); // created by f8
    // `; true`: sh stays the parent (no exec), as npm exec's sh does
    const sh = spawn('sh', ['-c', '"$0" "$1" master --data-dir "$2" --no-web; true', process.execPath, bin, dataDir], {
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, F8_NATS_URL: '', F8_EXIT_WITH_PARENT: '1' },
    });
    children.push(sh);
    const { pid, natsPid, url } = await runningMaster(dataDir);
    pids.push(pid, natsPid);
    const client = await connectMaster(url, 'cli-parent');
    let instancePid: number;
    try {
      await client.call('ping', { clientId: client.clientId });
      ({ pid: instancePid } = await client.call('startInstance', { serviceClass: 'f8.signal', instanceId: 'sig-parent' }, { timeoutMs: 40_000 }));
      pids.push(instancePid);
    } finally {
      await client.close();
    }
    // private: the data dir f8 created, its folders, the instance's log files
    expect(mode(dataDir)).toBe(0o700);
    for (const d of ['logs', 'nats', 'recordings']) expect(mode(join(dataDir, d)), d).toBe(0o700);
    for (const f of ['sig-parent.stdout.log', 'sig-parent.stderr.log']) expect(mode(join(dataDir, 'logs', f)), f).toBe(0o600);

    sh.kill('SIGTERM'); // the wrapper alone: node is re-parented
    await eventually(() => !processAlive(pid) && !processAlive(natsPid) && !processAlive(instancePid), 'the master, nats-server and the instance to stop', 30_000, 100);
    expect(existsSync(join(dataDir, 'master.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'nats', 'server.json'))).toBe(false);
  });
});

/** The pid of a live `head` in the pipeline `sh -c '... | head -3'` (a child of sh), or null once it is gone. */
function headPid(shPid: number): number | null {
  try {
    const kids = readFileSync(`/proc/${shPid}/task/${shPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return kids.find((k) => processAlive(k) && readFileSync(`/proc/${k}/comm`, 'utf8').trim() === 'head') ?? null;
  } catch {
    return null; // sh itself is gone
  }
}
