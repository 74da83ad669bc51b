// A real `f8 master` for an e2e spec that needs its own (stopped and started again on the same
// data dir, or with test services): start, stop, and the EDITOR_URL it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export interface MasterProcess {
  /** The line waited for (EDITOR_URL by default). */
  url: string;
  /** Every KEY=value line printed by then. */
  lines: Record<string, string>;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startMaster(dataDir: string, extra: string[] = [], until = 'EDITOR_URL'): Promise<MasterProcess> {
  const child = spawn(process.execPath, [join(root, 'bin/f8.mjs'), 'master', '--data-dir', dataDir, '--quiet', ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, F8_NATS_URL: '' },
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  let out = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`f8 master printed no ${until}; stderr:\n${err}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = new RegExp(`^${until}=(\\S+)$`, 'm').exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`f8 master exited ${code}; stderr:\n${err}`));
    });
  });
  return {
    url,
    lines: Object.fromEntries([...out.matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1] as string, m[2] as string])),
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
