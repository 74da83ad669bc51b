// A Chromium performance trace of one editor-row scenario, and its top entries (by hand:
// `npx tsx bench/editor/trace.ts ours|stock fit|one|live|open [out.json]`, or `ours appear`:
// the live row's untimed warm-up). Prints the main thread's self time per trace event (style,
// layout, paint, scripts...) and the top JS functions by sampled self time, over the measured
// window.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright';
import { benchGraph, graphFile, stockGraph } from './graph.js';
import { fitAll, frames, newPage, paneBox, panFrames, settle, untilInteractive, visibleIds, zoomIn, zoomOf } from './pages.js';
import { buildEditor, serveStock, startMasterProcess, startWriter } from './servers.js';
import { summarize } from './trace-summary.js';

const [which = 'ours', scenario = 'fit', out] = process.argv.slice(2);
const N = 2000;
// F8_TRACE_NO_BUILD=1: trace the build already in out/renderer
if (!process.env.F8_TRACE_NO_BUILD) buildEditor();
const master = await startMasterProcess(N);
const stock = await serveStock();
const graph = benchGraph(N);
const file = join(master.dataDir, 'bench.f8graph');
writeFileSync(file, graphFile(graph));
const browser = await chromium.launch({ executablePath: process.env.F8_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'disabled-by-default-v8.cpu_profiler', 'latencyInfo'];

async function openOurs(page: Page, traced: boolean): Promise<void> {
  await page.goto(master.url);
  await page.getByTestId('connection').filter({ hasText: 'connected' }).waitFor({ timeout: 60_000 });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const c = await chooser;
  if (traced) await browser.startTracing(page, { categories: CATEGORIES });
  const t0 = Date.now();
  await c.setFiles(file);
  console.log(`open: ${await untilInteractive(page, N, t0)} ms`);
}

async function openStock(page: Page, traced: boolean, size: { width: number; height: number }): Promise<void> {
  await page.goto(stock.url);
  if (traced) await browser.startTracing(page, { categories: CATEGORIES });
  const t0 = Date.now();
  await page.evaluate((g) => (window as unknown as { __load(g: unknown): void }).__load(g), stockGraph(graph, size));
  console.log(`open: ${await untilInteractive(page, N, t0)} ms`);
}

try {
  const probe = await newPage(browser);
  await probe.goto(master.url);
  await probe.getByTestId('connection').filter({ hasText: 'connected' }).waitFor({ timeout: 60_000 });
  await settle(probe);
  const size = await paneBox(probe);
  await probe.context().close();
  const page = await newPage(browser);
  // an experiment: extra CSS in the page (F8_TRACE_CSS)
  if (process.env.F8_TRACE_CSS)
    await page.addInitScript({
      content: `document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = ${JSON.stringify(process.env.F8_TRACE_CSS)}; document.head.append(s); });`,
    });
  const open = (traced: boolean) => (which === 'ours' ? openOurs(page, traced) : openStock(page, traced, size));
  let t0 = 0;
  if (scenario === 'open') {
    t0 = Date.now();
    await open(true);
  } else {
    await open(false);
    await fitAll(page, graph);
    if (scenario === 'one') await zoomIn(page, Math.round(Math.log(1 / (await zoomOf(page))) / Math.log(1.2)));
    if (scenario === 'live' || scenario === 'appear') await zoomIn(page, 6);
    await settle(page);
    if (scenario === 'appear' && which === 'ours') {
      // the live row's untimed warm-up: 200 instances appear (their records, the running set, the live plan)
      const ids = (await visibleIds(page)).slice(0, 200);
      await browser.startTracing(page, { categories: CATEGORIES });
      t0 = Date.now();
      const w = await startWriter(master.natsUrl, ids, 100);
      const f = (await frames(page, () => page.waitForTimeout(3000))).sort((a, b) => a - b);
      await w.stop();
      console.log(`frames: p50 ${f[Math.floor(f.length / 2)]?.toFixed(1)} p95 ${f[Math.floor(f.length * 0.95)]?.toFixed(1)} max ${f[f.length - 1]?.toFixed(1)} ms over ${f.length}`);
    } else if (scenario === 'live') {
      const ids = (await visibleIds(page)).slice(0, 200);
      console.log(`live: ${ids.length} nodes at zoom ${(await zoomOf(page)).toFixed(3)}`);
      let f: number[] = [];
      if (which === 'ours') {
        const w = await startWriter(master.natsUrl, ids, 100);
        // as the row: the first puts (200 instances appearing) are not the steady state
        await page.waitForTimeout(3000);
        await browser.startTracing(page, { categories: CATEGORIES });
        t0 = Date.now();
        f = await frames(page, () => page.waitForTimeout(4000));
        await w.stop();
      } else {
        await browser.startTracing(page, { categories: CATEGORIES });
        t0 = Date.now();
        f = await frames(page, () =>
          page.evaluate(
            (ids) =>
              new Promise<void>((done) => {
                const w = window as unknown as { __status(ids: string[], word: string): void };
                let k = 0;
                const t = setInterval(() => w.__status(ids, k++ % 2 ? 'deactivated' : 'activated'), 100);
                setTimeout(() => (clearInterval(t), done()), 4000);
              }),
            ids,
          ),
        );
      }
      f.sort((a, b) => a - b);
      console.log(`frames: p50 ${f[Math.floor(f.length / 2)]?.toFixed(1)} p95 ${f[Math.floor(f.length * 0.95)]?.toFixed(1)} ms over ${f.length}, ${f.filter((x) => x > 20).length} over 20 ms`);
    } else {
      await browser.startTracing(page, { categories: CATEGORIES });
      t0 = Date.now();
      const f = await panFrames(page);
      f.sort((a, b) => a - b);
      console.log(`frames: p50 ${f[Math.floor(f.length / 2)]?.toFixed(1)} p95 ${f[Math.floor(f.length * 0.95)]?.toFixed(1)} ms over ${f.length}`);
    }
  }
  const buf = await browser.stopTracing();
  const tracedMs = Date.now() - t0;
  if (out) writeFileSync(out, buf);
  console.log(`${which} ${scenario}: ${tracedMs} ms traced\n${summarize(JSON.parse(buf.toString()), 25)}`);
} finally {
  await browser.close();
  await master.stop();
  await stock.stop();
}
