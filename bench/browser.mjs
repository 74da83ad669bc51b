// Shared by the editor benches: a real `f8 master` on a fresh data dir (its EDITOR_URL), Debian's
// Chromium, and frame timing in the page.
/* global window, requestAnimationFrame, cancelAnimationFrame -- page functions run in the browser */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';

const root = resolve(import.meta.dirname, '..');

/** Starts `f8 master --data-dir <fresh>` with extra args; resolves its EDITOR_URL. */
export async function startMaster(prefix, extra = []) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const child = spawn(process.execPath, [join(root, 'bin/f8.mjs'), 'master', '--quiet', '--data-dir', dataDir, ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, F8_NATS_URL: '' },
  });
  const url = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^EDITOR_URL=(\S+)$/m.exec(out);
      if (m) ok(m[1]);
    });
    child.once('exit', (c) => fail(new Error(`f8 master exited ${c}`)));
  });
  return {
    url,
    dataDir,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium (no GPU), and a page with the File System Access pickers removed (the file input fallback is used). */
export async function openEditor(url) {
  const browser = await chromium.launch({ executablePath: process.env.F8_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => {
    delete window.showOpenFilePicker;
    delete window.showSaveFilePicker;
  });
  await page.goto(url);
  await page.getByTestId('connection').filter({ hasText: 'connected' }).waitFor();
  return { browser, page };
}

/** Opens a graph file through the Open button's file chooser; resolves when the file was handed over (ms timestamp). */
export async function openFile(page, file) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const c = await chooser;
  const t0 = Date.now();
  await c.setFiles(file);
  return t0;
}

export function startFrames(page) {
  return page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      window.__raf = requestAnimationFrame(tick);
    };
    window.__raf = requestAnimationFrame(tick);
  });
}

/** The frame times since startFrames (the first, partial one dropped). */
export function stopFrames(page) {
  return page.evaluate(() => (cancelAnimationFrame(window.__raf), window.__frames.slice(1)));
}

export function frameStats(frames) {
  const f = [...frames].sort((a, b) => a - b);
  const p = (q) => f[Math.min(f.length - 1, Math.floor(q * f.length))].toFixed(1);
  return `median ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${f[f.length - 1].toFixed(1)} ms over ${f.length} frames`;
}
