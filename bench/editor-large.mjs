#!/usr/bin/env node
// Editor figures in Debian's Chromium against a real `f8 master` serving the production build:
// time to open a generated graph of N nodes (file chosen -> all nodes in the store -> the live
// plan shown), node elements in the DOM, and frame times while panning.
// Usage: node bench/editor-large.mjs [nodes=2000]   (run `npx electron-vite build` first)
/* global window, requestAnimationFrame, cancelAnimationFrame -- page functions run in the browser */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';

const N = Number(process.argv[2] ?? 2000);
const bin = resolve(import.meta.dirname, '../bin/f8.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'f8-bench-editor-'));
const master = spawn(process.execPath, [bin, 'master', '--quiet', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, F8_NATS_URL: '' } });
const url = await new Promise((ok, fail) => {
  let out = '';
  master.stdout.on('data', (d) => {
    out += d;
    const m = /^EDITOR_URL=(\S+)$/m.exec(out);
    if (m) ok(m[1]);
  });
  master.once('exit', (c) => fail(new Error(`f8 master exited ${c}`)));
});
const file = join(dataDir, 'big.f8graph');
const nodes = Array.from({ length: N }, (_, i) => ({ nodeId: `n${i}`, kind: 'service', serviceClass: 'f8.signal', position: { x: (i % 50) * 260, y: Math.floor(i / 50) * 220 } }));
const edges = nodes.slice(1).filter((_, i) => i % 2 === 0).map((n, i) => ({ kind: 'state', from: { nodeId: `n${i * 2}`, port: 'frequency' }, to: { nodeId: n.nodeId, port: 'frequency' } }));
writeFileSync(file, JSON.stringify({ schemaVersion: 'f8studio-graph/1', graphId: 'big', name: 'big', nodes, edges }));

const browser = await chromium.launch({ executablePath: process.env.F8_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => {
    delete window.showOpenFilePicker;
    delete window.showSaveFilePicker;
  });
  await page.goto(url);
  await page.getByTestId('connection').filter({ hasText: 'connected' }).waitFor();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const t0 = Date.now();
  await (await chooser).setFiles(file);
  await page.waitForFunction((n) => window.f8studio.graph().nodes.length === n, N, { timeout: 60_000, polling: 10 });
  const loaded = Date.now() - t0;
  await page.getByTestId('pending').filter({ hasText: `${N} pending` }).waitFor({ timeout: 60_000 });
  const planned = Date.now() - t0;
  // zoom to full size, then pan with a pointer drag in a gap between node columns while counting frames
  const pane = page.locator('.react-flow__pane');
  const box = await pane.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const zoom = async () => Number(/scale\(([-\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1] ?? 1);
  for (let i = 0; i < 40 && (await zoom()) < 0.9; i++) {
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(300);
  const dom = await page.locator('.react-flow__node').count();
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      window.__raf = requestAnimationFrame(tick);
    };
    window.__raf = requestAnimationFrame(tick);
  });
  const style = await page.locator('.react-flow__viewport').getAttribute('style');
  const m = /translate\(([-\d.]+)px, [-\d.]+px\) scale\(([-\d.]+)\)/.exec(style);
  const tx = Number(m[1]);
  const z = Number(m[2]);
  const k = Math.floor((box.width * 0.5 - tx) / (260 * z));
  const x = box.x + tx + (k * 260 + 240) * z;
  await page.mouse.move(x, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x - 600, box.y + box.height / 2, { steps: 60 });
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    cancelAnimationFrame(window.__raf);
    return window.__frames.slice(1);
  });
  frames.sort((a, b) => a - b);
  const p = (q) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))].toFixed(1);
  console.log(`editor, ${N} nodes (${edges.length} edges): in the store after ${loaded} ms, live plan shown after ${planned} ms; ${dom} node elements in the DOM at zoom ${(await zoom()).toFixed(2)}; pan frames median ${p(0.5)} ms, p95 ${p(0.95)} ms over ${frames.length} frames (headless, no GPU)`);
} finally {
  await browser.close();
  const exited = new Promise((r) => master.once('exit', r));
  master.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
