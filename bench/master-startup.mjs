#!/usr/bin/env node
// Measures how long `f8 master` takes until it prints its URLs (fresh data dir each run,
// so a nats-server is started every time). Usage: node bench/master-startup.mjs [runs]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const runs = Number(process.argv[2] ?? 5);
const bin = resolve(import.meta.dirname, '../bin/f8.mjs');
const times = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'f8-bench-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'master', '--quiet', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, F8_NATS_URL: '', ...(process.env.BENCH_DIST ? { F8_USE_DIST: '1' } : {}) },
  });
  await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (/^NATS_WS_URL=/m.test(out)) ok();
    });
    child.once('exit', (c) => fail(new Error(`exited ${c}`)));
  });
  times.push(performance.now() - t0);
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
  rmSync(dataDir, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
const med = times[Math.floor(times.length / 2)];
console.log(`f8 master ready (URLs printed): median ${med.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times.at(-1).toFixed(0)} ms over ${runs} runs`);
