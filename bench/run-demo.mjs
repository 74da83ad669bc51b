#!/usr/bin/env node
// `f8 run examples/demo.json` on a fresh data dir: time until every instance is activated
// (the deploy reply), and until the first value that went signal -> engine -> logger shows up in
// the logger's output. Usage: node bench/run-demo.mjs [runs]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const runs = Number(process.argv[2] ?? 3);
const root = resolve(import.meta.dirname, '..');
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'f8-bench-run-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/f8.mjs'), 'run', join(root, 'examples/demo.json'), '--quiet', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, F8_NATS_URL: '' },
  });
  let out = '';
  let deployed = 0;
  child.stdout.on('data', (d) => {
    out += d;
    if (!deployed && /deployed revision/.test(out)) deployed = performance.now() - t0;
  });
  const log = join(dataDir, 'logs', 'logger.stdout.log');
  let firstValue = 0;
  while (performance.now() - t0 < 30_000) {
    if (existsSync(log) && /value=/.test(readFileSync(log, 'utf8'))) {
      firstValue = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
  rmSync(dataDir, { recursive: true, force: true });
  console.log(
    `f8 run demo #${i + 1}: all instances activated after ${deployed.toFixed(0)} ms, first engine value at the logger after ${firstValue ? firstValue.toFixed(0) : 'never'} ms (from process start)`,
  );
}
