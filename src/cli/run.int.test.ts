// `f8 run` interrupted at any point leaves nothing running (issue 12: Ctrl-C 0.3 s in left
// nats-server and four services behind). A leftover is any process whose command line or open
// files name the run's data dir (nats-server's config, the services' log files).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/f8.mjs');
const demo = join(root, 'examples/demo.json');

/** Pids (not ours) whose command line or open files are under `dir`. */
function processesUsing(dir: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) {
        out.push(pid);
        continue;
      }
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(dir)) {
          out.push(pid);
          break;
        }
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

async function interruptedRun(dataDir: string, afterMs: number | 'ready'): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string; out: string }> {
  const child = spawn(process.execPath, [bin, 'run', demo, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, F8_NATS_URL: '' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let signal: NodeJS.Signals | null = null;
  const exited = new Promise<number | null>((ok) => child.once('exit', (code, sig) => ((signal = sig), ok(code))));
  if (afterMs === 'ready') {
    const deadline = Date.now() + 90_000;
    // deployed, and the editor served to watch it (`f8 run` prints EDITOR_URL like `f8 master`)
    while (!(/activated|deployed revision/i.test(out + err) && /^EDITOR_URL=/m.test(out)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  } else {
    await new Promise((r) => setTimeout(r, afterMs));
  }
  child.kill('SIGINT');
  const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000))]);
  if (code === 'hung') {
    child.kill('SIGKILL');
    throw new Error(`f8 run did not exit within 60 s of SIGINT:\n${err.slice(-2000)}`);
  }
  return { code, signal, err, out };
}

describe('f8 run interrupted', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) {
      for (const pid of processesUsing(d)) process.kill(pid, 'SIGKILL');
      await rm(d, { recursive: true, force: true });
    }
  });

  // from "nats-server starting" through "deploy half way" to "running"
  for (const at of [300, 900, 1_800, 3_000, 'ready'] as const) {
    it(`stops what it started when interrupted ${at === 'ready' ? 'while the graph runs' : `${at} ms in`}`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'f8-run-int-'));
      dirs.push(dataDir);
      const r = await interruptedRun(dataDir, at);
      // on a loaded machine the signal may come before node has run a line of bin/f8.mjs: the
      // default action ends it then, before anything started (what follows checks that)
      if (r.code === null) expect([r.signal, r.out, r.err]).toEqual(['SIGINT', '', '']);
      else expect([0, 130]).toContain(r.code);
      if (at === 'ready') {
        const url = /^EDITOR_URL=(\S+)$/m.exec(r.out)?.[1];
        expect(url, r.out).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?nats=ws%3A%2F%2F127\.0\.0\.1%3A\d+#token=\S+$/);
      }
      // nothing may be left: poll briefly for exits in flight, then assert
      let left = processesUsing(dataDir);
      for (let i = 0; i < 40 && left.length; i++) {
        await new Promise((res) => setTimeout(res, 100));
        left = processesUsing(dataDir);
      }
      expect(left, `left running after SIGINT ${at}: ${left.map((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ')).join('; ')}\n${r.err.slice(-1500)}`).toEqual([]);
    }, 180_000);
  }
});
