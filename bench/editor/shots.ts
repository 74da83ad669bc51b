// Screenshots of the editor with the bench's graph (by hand: `npx tsx bench/editor/shots.ts
// [dir]`): opened (the top-left corner), fit view with every node, zoomed out below the
// simplified-drawing threshold, zoom ~1, and 200 nodes with a live status; to look at, not a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';
import { benchGraph, graphFile } from './graph.js';
import { fitAll, newPage, settle, untilInteractive, visibleIds, zoomIn, zoomOf } from './pages.js';
import { buildEditor, startMasterProcess, startWriter } from './servers.js';

const dir = resolve(process.argv[2] ?? 'e2e/artifacts/editor-shots');
mkdirSync(dir, { recursive: true });
buildEditor();
const N = 2000;
const master = await startMasterProcess(N);
const graph = benchGraph(N);
const file = join(master.dataDir, 'bench.f8graph');
writeFileSync(file, graphFile(graph));
const browser = await chromium.launch({ executablePath: process.env.F8_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await newPage(browser);
  await page.goto(master.url);
  await page.getByTestId('connection').filter({ hasText: 'connected' }).waitFor({ timeout: 60_000 });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const t0 = Date.now();
  await (await chooser).setFiles(file);
  await untilInteractive(page, N, t0);
  await page
    .getByTestId('pending')
    .filter({ hasText: `${N} pending` })
    .waitFor({ timeout: 120_000 });
  await settle(page);
  const shot = async (name: string) => {
    await page.screenshot({ path: join(dir, `${name}.png`) });
    console.log(`${name}.png at zoom ${(await zoomOf(page)).toFixed(3)}, ${await page.locator('.react-flow__node').count()} nodes drawn`);
  };
  await shot('1-opened');
  await fitAll(page, graph);
  await shot('2-fit-view');
  await zoomIn(page, 7);
  const ids = (await visibleIds(page)).slice(0, 200);
  const writer = await startWriter(master.natsUrl, ids.slice(0, 100), 1000);
  await page.waitForTimeout(2500);
  await shot('3-zoomed-out-live');
  await writer.stop();
  await zoomIn(page, 4);
  await shot('4-near-threshold');
  await zoomIn(page, 4);
  await shot('5-zoom-1');
  // the demo (an engine with operators, editor nodes): fitted, then zoomed out below the threshold
  const demo = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await (await demo).setFiles(resolve('examples/demo.json'));
  await page.locator('.react-flow__controls-fitview').click();
  await settle(page);
  await shot('6-demo-fit');
  for (let i = 0; i < 10 && (await zoomOf(page)) >= 0.45; i++) await page.locator('.react-flow__controls-zoomout').click();
  await settle(page);
  await shot('7-demo-zoomed-out');
} finally {
  await browser.close();
  await master.stop();
}
