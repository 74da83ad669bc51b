// Builds the editor for production (as a user's `npm run build`), starts a real `f8 master` on
// a fresh data dir, and hands its EDITOR_URL to the tests; stops it (and its nats-server) after.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('the editor did not build (npx electron-vite build)');
  const dataDir = mkdtempSync(join(tmpdir(), 'f8-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin/f8.mjs'), 'master', '--data-dir', dataDir, '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, F8_NATS_URL: '' } });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`f8 master printed no EDITOR_URL; stderr:\n${err}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^EDITOR_URL=(\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1] as string);
      }
    });
    child.once('exit', (code) => fail(new Error(`f8 master exited ${code}; stderr:\n${err}`)));
  });
  process.env.F8_EDITOR_URL = url;
  process.env.F8_E2E_DATA_DIR = dataDir;
  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
