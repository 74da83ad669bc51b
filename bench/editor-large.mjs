#!/usr/bin/env node
// Editor figures in Debian's Chromium against a real `f8 master` serving the production build:
// time to open a generated graph of N nodes (file chosen -> all nodes in the store -> the live
// plan shown), node elements in the DOM, and frame times while panning.
// Usage: node bench/editor-large.mjs [nodes=2000]   (run `npx electron-vite build` first)
/* global window -- page functions run in the browser */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEditor, openFile, startFrames, startMaster, stopFrames } from './browser.mjs';

const N = Number(process.argv[2] ?? 2000);
// the bench measures the editor at scale, not the instances-per-graph cap (64 by default)
const master = await startMaster('f8-bench-editor-', ['--max-instances', String(Math.max(N, 64))]);
const { url, dataDir } = master;
const file = join(dataDir, 'big.f8graph');
const nodes = Array.from({ length: N }, (_, i) => ({ nodeId: `n${i}`, kind: 'service', serviceClass: 'f8.signal', position: { x: (i % 50) * 260, y: Math.floor(i / 50) * 220 } }));
const edges = nodes
  .slice(1)
  .filter((_, i) => i % 2 === 0)
  .map((n, i) => ({ kind: 'state', from: { nodeId: `n${i * 2}`, port: 'frequency' }, to: { nodeId: n.nodeId, port: 'frequency' } }));
writeFileSync(file, JSON.stringify({ schemaVersion: 'f8studio-graph/1', graphId: 'big', name: 'big', nodes, edges }));

const { browser, page } = await openEditor(url);
try {
  const t0 = await openFile(page, file);
  await page.waitForFunction((n) => window.f8studio.graph().nodes.length === n, N, { timeout: 60_000, polling: 10 });
  const loaded = Date.now() - t0;
  await page
    .getByTestId('pending')
    .filter({ hasText: `${N} pending` })
    .waitFor({ timeout: 60_000 });
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
  await startFrames(page);
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
  const frames = (await stopFrames(page)).sort((a, b) => a - b);
  const p = (q) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))].toFixed(1);
  console.log(
    `editor, ${N} nodes (${edges.length} edges): in the store after ${loaded} ms, live plan shown after ${planned} ms; ${dom} node elements in the DOM at zoom ${(await zoom()).toFixed(2)}; pan frames median ${p(0.5)} ms, p95 ${p(0.95)} ms over ${frames.length} frames (headless, no GPU)`,
  );
} finally {
  await browser.close();
  await master.stop();
}
