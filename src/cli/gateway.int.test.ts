// `f8 master --gateway [PORT]` as a user runs it: the lines it prints, a verb with the printed
// token, the token kept private in the data dir, a clean stop; a bad port or one in use refused.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { http } from '../host/gateway/testing.js';
import { gatewayTokenPath } from '../host/gateway/token.js';
import { takeGatewayOption } from './master.js';

const bin = resolve(import.meta.dirname, '../../bin/f8.mjs');
const env = { ...process.env, F8_NATS_URL: '' };

function startCli(args: string[]): Promise<{ child: ChildProcess; lines: Record<string, string> }> {
  const child = spawn(process.execPath, [bin, 'master', '--no-web', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no API_DOCS_URL printed; stderr:\n${err}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^API_DOCS_URL=\S+$/m.test(out)) {
        clearTimeout(timer);
        ok({ child, lines: Object.fromEntries([...out.matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]])) });
      }
    });
    child.once('exit', (code) => fail(new Error(`exited ${code}; stderr:\n${err}`)));
  });
}

describe('f8 master --gateway', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('takes --gateway, --gateway PORT and --gateway=PORT', () => {
    expect(takeGatewayOption(['--gateway'])).toEqual({ argv: [], gateway: { port: 0 } });
    expect(takeGatewayOption(['--gateway', '8788', '--quiet'])).toEqual({ argv: ['--quiet'], gateway: { port: 8788 } });
    expect(takeGatewayOption(['--gateway=9000'])).toEqual({ argv: [], gateway: { port: 9000 } });
    expect(takeGatewayOption(['--gateway', '--no-web'])).toEqual({ argv: ['--no-web'], gateway: { port: 0 } });
    expect(takeGatewayOption(['--no-web'])).toEqual({ argv: ['--no-web'], gateway: null });
    expect(takeGatewayOption(['--gateway=abc']).error).toContain('port');
    expect(takeGatewayOption(['--gateway=70000']).error).toContain('port');
  });

  it('prints API_URL= on its own line; a verb answers with the printed token; it stops cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'f8-cli-gw-'));
    dirs.push(dataDir);
    const { child, lines } = await startCli(['--data-dir', dataDir, '--gateway']);
    children.push(child);
    const api = new URL(lines.API_URL as string);
    expect(api.hostname).toBe('127.0.0.1');
    expect(api.pathname).toBe('/api/v1');
    expect(lines.API_DOCS_URL).toBe(`${api.origin}/api/docs?token=${lines.API_TOKEN}`);
    expect(statSync(gatewayTokenPath(dataDir)).mode & 0o077).toBe(0);
    const a = await http(Number(api.port), 'POST', '/api/v1/master/ping', { token: lines.API_TOKEN as string, body: { clientId: 'cli-test' }, headers: { 'client-id': 'cli-test' } });
    expect(a.status, a.text).toBe(200);
    expect(a.json.payload).toMatchObject({ holder: 'cli-test' });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);

  it('refuses a bad port (exit 2) and a port in use (exit 1, the data dir free for the next master)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'f8-cli-gw-'));
    dirs.push(dataDir);
    const bad = spawnSync(process.execPath, [bin, 'master', '--data-dir', dataDir, '--gateway=http'], { encoding: 'utf8', timeout: 30_000, env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--gateway takes a port');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (taken.address() as AddressInfo).port;
      const busy = spawnSync(process.execPath, [bin, 'master', '--data-dir', dataDir, '--no-web', '--gateway', String(port)], { encoding: 'utf8', timeout: 60_000, env });
      expect(busy.status).toBe(1);
      expect(busy.stderr).toContain('HTTP gateway did not start');
      expect(busy.stdout).not.toContain('API_URL=');
      // its nats-server was stopped with it: the data dir is free for the next master
      const again = await startCli(['--data-dir', dataDir, '--gateway']);
      children.push(again.child);
      const exited = new Promise<number | null>((r) => again.child.once('exit', (code) => r(code)));
      again.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  }, 120_000);
});
