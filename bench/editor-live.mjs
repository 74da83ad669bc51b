#!/usr/bin/env node
// Live-graph figures in Debian's Chromium against a real `f8 master` serving the production
// build: PLOTS signals at RATE Hz, each into a plot node (points drawn per second, frame times
// while they stream), and the Logs panel with 100k lines (time until all are in, frame times
// while scrolling through them). Usage: node bench/editor-live.mjs [rateHz=1000] [plots=3]
// (run `npx electron-vite build` first)
/* global document -- page functions run in the browser */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { frameStats, openEditor, openFile, startFrames, startMaster, stopFrames } from './browser.mjs';

const RATE = Number(process.argv[2] ?? 1000);
const PLOTS = Number(process.argv[3] ?? 3);
const plotId = (i) => `a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4${String(i).padStart(2, '0')}`;
const LINES = 100_000;
const master = await startMaster('f8-bench-live-', ['--services', resolve(import.meta.dirname, '../e2e/services')]);
const { url, dataDir } = master;
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

const { browser, page } = await openEditor(url);
try {
  await openFile(page, file);
  await page
    .getByTestId('pending')
    .filter({ hasText: `${PLOTS + 1} pending` })
    .waitFor({ timeout: 30_000 });
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
  await master.stop();
}
