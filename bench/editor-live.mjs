#!/usr/bin/env node
// Live-graph figures in Debian's Chromium against a real `f8 master` serving the production
// build: PLOTS signals at RATE Hz, each into a plot node (points drawn per second, frame times
// while they stream), and the Logs panel with 100k lines (time until all are in, frame times
// while scrolling through them). Usage: node bench/editor-live.mjs [rateHz=1000] [plots=3]
// (run `npx electron-vite build` first)
/* global window, requestAnimationFrame, cancelAnimationFrame, document -- page functions run in the browser */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';

const RATE = Number(process.argv[2] ?? 1000);
const PLOTS = Number(process.argv[3] ?? 3);
const plotId = (i) => `a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4${String(i).padStart(2, '0')}`;
const LINES = 100_000;
const root = resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'f8-bench-live-'));
const master = spawn(process.execPath, [join(root, 'bin/f8.mjs'), 'master', '--quiet', '--data-dir', dataDir, '--services', join(root, 'e2e/services')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, F8_NATS_URL: '' } });
const url = await new Promise((ok, fail) => {
  let out = '';
  master.stdout.on('data', (d) => {
    out += d;
    const m = /^EDITOR_URL=(\S+)$/m.exec(out);
    if (m) ok(m[1]);
  });
  master.once('exit', (c) => fail(new Error(`f8 master exited ${c}`)));
});
const file = join(dataDir, 'live.f8graph');
writeFileSync(
  file,
  JSON.stringify({
    schemaVersion: 'f8studio-graph/1',
    graphId: 'live',
    name: 'live bench',
    nodes: [
      { nodeId: 'chatty', kind: 'service', serviceClass: 'test.chatty', position: { x: 700, y: 0 } },
      ...Array.from({ length: PLOTS }, (_, i) => [
        { nodeId: `signal-${i}`, kind: 'service', serviceClass: 'f8.signal', position: { x: 0, y: i * 260 }, state: { rateHz: RATE, frequency: 1 + i } },
        { nodeId: plotId(i), kind: 'editor', editorClass: 'plot', label: `Plot ${i}`, position: { x: 320, y: i * 260 }, state: { window: 5 } },
      ]).flat(),
    ],
    edges: Array.from({ length: PLOTS }, (_, i) => ({ kind: 'data', from: { nodeId: `signal-${i}`, port: 'value' }, to: { nodeId: plotId(i), port: 'value' } })),
  }),
);

const frameStats = (frames) => {
  const f = [...frames].sort((a, b) => a - b);
  const p = (q) => f[Math.min(f.length - 1, Math.floor(q * f.length))].toFixed(1);
  return `median ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${f[f.length - 1].toFixed(1)} ms over ${f.length} frames`;
};
const startFrames = (page) =>
  page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      window.__raf = requestAnimationFrame(tick);
    };
    window.__raf = requestAnimationFrame(tick);
  });
const stopFrames = (page) => page.evaluate(() => (cancelAnimationFrame(window.__raf), window.__frames.slice(1)));

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
  await (await chooser).setFiles(file);
  await page.getByTestId('pending').filter({ hasText: `${PLOTS + 1} pending` }).waitFor({ timeout: 30_000 });
  await page.keyboard.press('F5');
  await page.getByRole('dialog').getByRole('button', { name: 'Deploy' }).click();
  await page.getByRole('region', { name: 'Deploy' }).getByRole('status').filter({ hasText: 'deployed' }).waitFor({ timeout: 60_000 });
  const points = () => page.evaluate(() => [...document.querySelectorAll('.react-flow .f8-plot')].reduce((a, el) => a + Number(el.getAttribute('data-points') ?? 0), 0));
  await page.waitForFunction((n) => [...document.querySelectorAll('.react-flow .f8-plot')].filter((el) => Number(el.getAttribute('data-points') ?? 0) > 0).length === n, PLOTS, { timeout: 30_000 });
  await page.waitForTimeout(1000);
  const p0 = await points();
  await startFrames(page);
  await page.waitForTimeout(3000);
  const streamFrames = await stopFrames(page);
  const p1 = await points();
  console.log(`plots: ${PLOTS} signals at ${RATE} Hz each -> ${Math.round((p1 - p0) / 3)} points/s drawn; frames while streaming ${frameStats(streamFrames)} (headless, no GPU)`);

  // Logs: follow chatty, ask it for 100k lines, then scroll through them
  await page.getByRole('tab', { name: 'Logs' }).click();
  const logs = page.getByRole('region', { name: 'Logs' });
  await logs.getByRole('combobox', { name: 'Instance' }).selectOption('chatty');
  await page.locator('.react-flow__node').filter({ hasText: 'Chatty (test)' }).locator('.f8-node-title').click();
  const t0 = Date.now();
  await page.getByRole('complementary', { name: 'Inspector' }).getByRole('button', { name: 'Run spam' }).click();
  await page.waitForFunction((n) => /([\d,]+) lines?/.exec(document.querySelector('.f8-logs-bar')?.textContent ?? '')?.[1]?.replace(/,/g, '') >= n, LINES, { timeout: 120_000, polling: 100 });
  const loadedMs = Date.now() - t0;
  const rows = await page.locator('.f8-log-line').count();
  const box = await page.locator('.f8-logs-lines').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await startFrames(page);
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, -2000);
    await page.waitForTimeout(16);
  }
  const scrollFrames = await stopFrames(page);
  console.log(`logs: ${LINES} lines in the panel ${loadedMs} ms after the command; ${rows} line elements in the DOM; scrolling frames ${frameStats(scrollFrames)}`);
} finally {
  await browser.close();
  const exited = new Promise((r) => master.once('exit', r));
  master.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
