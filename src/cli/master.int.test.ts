// `f8 master` as a user runs it: a real process, a real embedded nats-server.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { masterClient } from '../bus/index.js';
import { connectNode } from '../bus/node.js';
import { connectMaster } from './client.js';
import { eventually, processAlive } from '../main/master/testing.js';

const bin = resolve(import.meta.dirname, '../../bin/f8.mjs');

const alive = processAlive;

async function startCli(args: string[]): Promise<{ child: ChildProcess; urls: Record<string, string>; stderr: () => string; out: () => string }> {
  const child = spawn(process.execPath, [bin, 'master', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, F8_NATS_URL: '' } });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const urls: Record<string, string> = {};
  let out = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URLs printed; stderr:\n${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/^(NATS_URL|NATS_WS_URL)=(\S+)$/gm)) urls[m[1] as string] = m[2] as string;
      if (urls.NATS_URL && urls.NATS_WS_URL) {
        clearTimeout(timer);
        ok();
      }
    });
    child.once('exit', (code) => fail(new Error(`exited ${code}; stderr:\n${err}`)));
  });
  return { child, urls, stderr: () => err, out: () => out };
}

describe('f8 master', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('one master per data dir: a second is refused naming the first (pid, URLs); the lock goes with the first', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'f8-cli-'));
    dirs.push(dataDir);
    const first = await startCli(['--data-dir', dataDir, '--no-web']);
    children.push(first.child);
    const second = spawnSync(process.execPath, [bin, 'master', '--data-dir', dataDir, '--no-web', '--quiet'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, F8_NATS_URL: '' } });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`another master (pid ${first.child.pid}`);
    expect(second.stderr).toContain(`NATS_URL=${first.urls.NATS_URL!.replace(/:[^:@/]+@/, ':***@')}`);
    expect(second.stderr).not.toContain(new URL(first.urls.NATS_URL!).password);
    const exited = new Promise<number | null>((r) => first.child.once('exit', (code) => r(code)));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'master.lock'))).toBe(false);
  });

  it('prints the URLs, serves the master verbs, and leaves nothing running after SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'f8-cli-'));
    dirs.push(dataDir);
    const { child, urls, out } = await startCli(['--data-dir', dataDir]);
    children.push(child);
    // with the credentials a person needs (the nats CLI's user:password@ form)
    expect(urls.NATS_URL).toMatch(/^nats:\/\/f8-master:[A-Za-z0-9_-]{16,}@127\.0\.0\.1:\d+$/);
    expect(urls.NATS_WS_URL).toMatch(/^ws:\/\/f8-editor:[A-Za-z0-9_-]{16,}@127\.0\.0\.1:\d+$/);
    const record = JSON.parse(await readFile(join(dataDir, 'nats', 'server.json'), 'utf8')) as { pid: number };
    expect(alive(record.pid)).toBe(true);

    const nc = await connectNode(urls.NATS_URL!, { name: 'cli-test' });
    const reply = await masterClient(nc, 'cli-test').call('ping', { clientId: 'cli-test' }, { timeoutMs: 5000 });
    expect(reply.holder).toBe('cli-test');
    await nc.close();

    // the editor for a plain browser is served too
    const editorUrl = await eventually(() => /^EDITOR_URL=(\S+)$/m.exec(out())?.[1], 'EDITOR_URL printed');
    const ws = new URL(urls.NATS_WS_URL!);
    expect(editorUrl).toContain(`nats=${encodeURIComponent(`ws://${ws.host}`)}`);
    // the editor's token rides in the fragment, which browsers never send to the server
    expect(editorUrl.endsWith(`#token=${ws.password}`)).toBe(true);
    // without the credentials, nats-server refuses the connection
    const plain = `nats://${new URL(urls.NATS_URL!).host}`;
    expect(((await connectNode(plain, { name: 'anon', maxReconnectAttempts: 0 }).catch((e: unknown) => e)) as { code?: string }).code).toBe('unauthorized');
    const page = await fetch(editorUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>f8studio</title>');

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(record.pid)).toBe(false);
  });

  it('kill -9 of the master leaves nats-server and instances running; the next master reuses and adopts them; SIGTERM then stops everything', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'f8-cli-'));
    dirs.push(dataDir);
    const first = await startCli(['--data-dir', dataDir]);
    children.push(first.child);
    const client = await connectMaster(first.urls.NATS_URL!, 'cli-crash-test');
    await client.call('ping', { clientId: client.clientId });
    const { pid } = await client.call('startInstance', { serviceClass: 'f8.signal', instanceId: 'sig-crash' }, { timeoutMs: 40_000 });
    await client.close();
    const natsPid = (JSON.parse(await readFile(join(dataDir, 'nats', 'server.json'), 'utf8')) as { pid: number }).pid;
    const died = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await died;
    expect(alive(natsPid)).toBe(true);
    expect(alive(pid)).toBe(true);

    const second = await startCli(['--data-dir', dataDir]);
    children.push(second.child);
    expect(second.urls.NATS_URL).toBe(first.urls.NATS_URL);
    expect((JSON.parse(await readFile(join(dataDir, 'nats', 'server.json'), 'utf8')) as { pid: number }).pid).toBe(natsPid);
    const again = await connectMaster(second.urls.NATS_URL!, 'cli-crash-test2');
    const list = await again.call('instances', {});
    expect(list.instances.find((i) => i.instanceId === 'sig-crash')?.pid).toBe(pid);
    const logs = await again.call('logs', { instanceId: 'sig-crash' });
    expect(Array.isArray(logs.lines)).toBe(true);
    await again.close();

    const exited = new Promise<number | null>((r) => second.child.once('exit', (code) => r(code)));
    second.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(alive(natsPid)).toBe(false);
  });

  it('a missing nats-server binary gets a message that says how to install it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'f8-cli-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, [bin, 'master', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, F8_NATS_URL: '', F8_NATS_SERVER: join(dataDir, 'missing-nats-server'), PATH: '/nonexistent', F8_NATS_SEARCH_WELL_KNOWN: '0' },
    });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(err).toContain('apt-get install nats-server');
    expect(err).toContain('F8_NATS_SERVER');
  });
});
