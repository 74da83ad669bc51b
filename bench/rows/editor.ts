// The editor at 2000 nodes and under live updates, against stock React Flow in the same run
// (issue 25). Per round: stock (A), ours, stock (B), each in a fresh browser context of the same
// Chromium: open the graph until a pan is answered, fit view (every node drawn, asserted) and the
// 120-step drag, zoom 1 and the same drag, then 200 visible nodes whose status changes 10 times a
// second (stock: in memory; ours: a separate writer process putting instance records into the
// registry bucket, whose CPU is reported apart), timed over 4 s after 3 s of the same flipping
// (ours: 200 instances appear meanwhile; its worst frame is printed with F8_BENCH_VERBOSE=1).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';
import type { Group, Runner, Sample } from '../lib/table.js';
import { benchGraph, graphFile, stockGraph, type BenchGraph } from '../editor/graph.js';
import { fitAll, frames, newPage, p, paneBox, panFrames, settle, visibleIds, zoomIn, zoomOf, untilInteractive, type Pane } from '../editor/pages.js';
import { buildEditor, serveStock, startMasterProcess, startWriter } from '../editor/servers.js';
import type { Page } from 'playwright';

const N = Number(process.env.F8_BENCH_EDITOR_NODES ?? 2000);
const LIVE = 200;
const LIVE_PERIOD_MS = 100;
const LIVE_WINDOW_MS = Number(process.env.F8_BENCH_LIVE_MS ?? 4_000);
/** Statuses flip this long before the timed window (ours: 200 instances appear meanwhile). */
const WARM_UP_MS = 3_000;
const CHROMIUM = process.env.F8_CHROMIUM ?? '/usr/bin/chromium';

type Figures = { open: number; fit: number[]; one: number[]; live: number[]; writerMsPerS?: number };

/** A live scenario's steady window: its frames, and the writer's CPU where there is one. */
type LiveRun = { frames: number[]; writerMsPerS?: number };
/** Runs `during` with its frames recorded: a live scenario times its steady window only. */
type Timed = (during: () => Promise<void>) => Promise<number[]>;

const rows = {
  open: {
    name: 'editor-open',
    figure: `open ${N} nodes until a pan is answered`,
    floor: 'stock React Flow mounting the same nodes and edges (MiniMap, Controls, Background)',
    unit: 'ms',
    target: { kind: 'ratio<=' as const, value: 1.5 },
  },
  fit: {
    name: 'editor-pan-fit',
    figure: `pan at fit view, ${N} nodes all drawn: p95 frame (120-step drag)`,
    floor: 'stock React Flow, same nodes, edges and drag',
    unit: 'ms',
    target: { kind: 'ratio<=' as const, value: 1.25 },
  },
  fit50: { name: 'editor-pan-fit-p50', figure: `pan at fit view, ${N} nodes: p50 frame`, floor: 'the same', unit: 'ms', target: { kind: 'none' as const } },
  live: {
    name: 'editor-live',
    figure: `${LIVE} visible nodes changing status 10x/s: p95 frame`,
    floor: 'stock React Flow, the same nodes updated in memory',
    unit: 'ms',
    target: { kind: 'ratio<=' as const, value: 1.25 },
  },
  writer: {
    name: 'editor-live-writer',
    figure: `the status writer (${LIVE * (1000 / LIVE_PERIOD_MS)} KV puts/s, its own process): CPU`,
    floor: 'one core',
    unit: 'ms/s',
    target: { kind: 'none' as const },
  },
  one: { name: 'editor-pan-1', figure: 'pan at zoom 1: p95 frame (120-step drag)', floor: 'stock React Flow, same drag', unit: 'ms', target: { kind: 'ratio<=' as const, value: 1.25 } },
};

/** Zoom-in clicks from fit view to zoom ~1, and to ~LIVE nodes on screen (the same on both pages). */
function steps(fitZoom: number, pane: Pane): { toOne: number; toLive: number } {
  const toOne = Math.max(0, Math.round(Math.log(1 / fitZoom) / Math.log(1.2)));
  // nodes on screen at zoom z: (w / (260 z)) * ((h - 132) / (220 z)); solve for LIVE
  const z = Math.sqrt((pane.width * (pane.height - 132)) / (260 * 220 * LIVE));
  return { toOne, toLive: Math.max(0, Math.round(Math.log(z / fitZoom) / Math.log(1.2))) };
}

const say = (what: string) => {
  if (process.env.F8_BENCH_VERBOSE) process.stderr.write(`  ${what}\n`);
};

/** What a round measures: the pans are skipped when only the live rows were asked for. */
type Parts = { pans: boolean };

async function measure(
  page: Page,
  graph: BenchGraph,
  open: () => Promise<number>,
  live: (ids: string[], timed: Timed) => Promise<LiveRun>,
  pane: Pane,
  parts: Parts,
): Promise<Figures & { ids: string[] }> {
  const openMs = await open();
  say(`open ${openMs} ms`);
  await fitAll(page, graph);
  const fitZoom = await zoomOf(page);
  const fit = parts.pans ? await panFrames(page) : [];
  if (parts.pans) say(`fit view (zoom ${fitZoom.toFixed(3)}): p50 ${p(fit, 0.5).toFixed(1)} p95 ${p(fit, 0.95).toFixed(1)} ms`);
  await fitAll(page, graph);
  const s = steps(fitZoom, pane);
  await zoomIn(page, s.toLive);
  const ids = (await visibleIds(page)).slice(0, LIVE);
  const { frames: liveFrames, writerMsPerS } = await live(ids, (during) => frames(page, during));
  say(`live (${ids.length} nodes at zoom ${(await zoomOf(page)).toFixed(3)}): p95 ${p(liveFrames, 0.95).toFixed(1)} ms${writerMsPerS !== undefined ? `, writer ${writerMsPerS.toFixed(0)} ms/s` : ''}`);
  if (!parts.pans) return { open: openMs, fit, one: [], live: liveFrames, ids, ...(writerMsPerS !== undefined ? { writerMsPerS } : {}) };
  await fitAll(page, graph);
  await zoomIn(page, s.toOne);
  const one = await panFrames(page);
  say(`zoom ${(await zoomOf(page)).toFixed(3)}: p95 ${p(one, 0.95).toFixed(1)} ms`);
  return { open: openMs, fit, one, live: liveFrames, ids, ...(writerMsPerS !== undefined ? { writerMsPerS } : {}) };
}

interface Setup {
  browser: Browser;
  stock: { url: string };
  master: { url: string; natsUrl: string };
  graph: BenchGraph;
  file: string;
  pane: Pane;
  parts: Parts;
}

async function openOurs(browser: Browser, url: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(url);
  await page.getByTestId('connection').filter({ hasText: 'connected' }).waitFor({ timeout: 60_000 });
  await settle(page);
  return page;
}

/** Stock React Flow: the graph handed to the page, statuses flipped in memory. */
async function runStock({ browser, stock, graph, pane, parts }: Setup): Promise<Figures> {
  const page = await newPage(browser);
  try {
    await page.goto(stock.url);
    const g = stockGraph(graph, pane);
    const open = async () => {
      const t0 = Date.now();
      await page.evaluate((x) => (window as unknown as { __load(g: unknown): void }).__load(x), g);
      return untilInteractive(page, N, t0);
    };
    const live = async (ids: string[], timed: Timed): Promise<LiveRun> => {
      // flipping from now on, as the writer does for ours; timed after the same warm-up
      await page.evaluate(
        ({ ids, period }) => {
          const w = window as unknown as { __status(ids: string[], word: string): void; __flips?: ReturnType<typeof setInterval> };
          let k = 0;
          w.__flips = setInterval(() => w.__status(ids, k++ % 2 ? 'deactivated' : 'activated'), period);
        },
        { ids, period: LIVE_PERIOD_MS },
      );
      try {
        await page.waitForTimeout(WARM_UP_MS);
        return { frames: await timed(() => page.waitForTimeout(LIVE_WINDOW_MS)) };
      } finally {
        await page.evaluate(() => clearInterval((window as unknown as { __flips?: ReturnType<typeof setInterval> }).__flips));
      }
    };
    return await measure(page, graph, open, live, pane, parts);
  } finally {
    await page.context().close();
  }
}

/** Ours: the file opened through the Open button, statuses written into the registry by a separate process. */
async function runOurs({ browser, master, graph, file, pane, parts }: Setup): Promise<Figures> {
  const page = await openOurs(browser, master.url);
  try {
    const open = async () => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      const c = await chooser;
      const t0 = Date.now();
      await c.setFiles(file);
      return untilInteractive(page, N, t0);
    };
    const live = async (ids: string[], timed: Timed): Promise<LiveRun> => {
      const writer = await startWriter(master.natsUrl, ids, LIVE_PERIOD_MS);
      try {
        // not the steady state, so not timed: the first puts make 200 instances appear (a bucket
        // watch each, and the live plan compiled again in its worker for the new running set)
        const appear = await timed(() => page.waitForTimeout(WARM_UP_MS));
        say(`live warm-up (200 instances appear): worst frame ${Math.max(...appear).toFixed(1)} ms, p95 ${p(appear, 0.95).toFixed(1)} ms`);
        const c0 = writer.cpuMs();
        const t0 = Date.now();
        const steady = await timed(() => page.waitForTimeout(LIVE_WINDOW_MS));
        const status = await page.locator('[data-status]').count();
        if (status < ids.length * 0.9) process.stderr.write(`\n  (ours: only ${status} of ${ids.length} nodes show a status word at this zoom)\n`);
        return { frames: steady, writerMsPerS: ((writer.cpuMs() - c0) / (Date.now() - t0)) * 1000 };
      } finally {
        await writer.stop();
      }
    };
    return await measure(page, graph, open, live, pane, parts);
  } finally {
    await page.context().close();
  }
}

export const editorGroup: Group = {
  name: 'editor',
  rows: [rows.open, rows.fit, rows.fit50, rows.live, rows.writer, rows.one],
  async start(only): Promise<Runner> {
    buildEditor();
    const stock = await serveStock();
    const master = await startMasterProcess(Math.max(N, 64));
    const graph = benchGraph(N);
    const file = join(master.dataDir, 'bench.f8graph');
    writeFileSync(file, graphFile(graph));
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // the editor's canvas size: the stock page gets the same
    const probe = await openOurs(browser, master.url);
    const pane = await paneBox(probe);
    await probe.context().close();
    const liveOnly = !!only && [...only].every((r) => r === rows.live.name || r === rows.writer.name);
    const setup: Setup = { browser, stock, master, graph, file, pane, parts: { pans: !liveOnly } };

    return {
      async round(): Promise<Record<string, Sample>> {
        const a = await runStock(setup);
        const ours = await runOurs(setup);
        const b = await runStock(setup);
        const row = (f: (x: Figures) => number): Sample => ({ a: f(a), ours: f(ours), b: f(b) });
        return {
          [rows.open.name]: row((x) => x.open),
          [rows.fit.name]: row((x) => p(x.fit, 0.95)),
          [rows.fit50.name]: row((x) => p(x.fit, 0.5)),
          [rows.live.name]: row((x) => p(x.live, 0.95)),
          [rows.writer.name]: { a: 1000, ours: ours.writerMsPerS ?? NaN, b: 1000 },
          [rows.one.name]: row((x) => p(x.one, 0.95)),
        };
      },
      async stop() {
        await browser.close();
        await master.stop();
        await stock.stop();
      },
    };
  },
};
