// The two pages the editor rows compare, driven the same way: stock React Flow (the floor,
// bench/editor/stock) and ours (the production build served by a real `f8 master`). Both get the
// same graph, the same canvas size, the same fit view and zoom steps (React Flow's own Controls)
// and the same pointer drags; frames are timed in the page with requestAnimationFrame.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright';
import type { BenchGraph } from './graph.js';

export interface Pane {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BenchPage {
  readonly kind: 'stock' | 'ours';
  readonly page: Page;
  /** Loads the graph; ms from handing it over until the first pan is answered. */
  open(): Promise<number>;
  close(): Promise<void>;
}

const VIEWPORT = { width: 1440, height: 900 };
const EMPTY_PROBE = '.react-flow__pane';

export async function newPage(browser: Browser): Promise<Page> {
  // a context of its own: no autosave or recent files carried from an earlier page
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  // tsx (esbuild keepNames) wraps named inner functions of page functions in __name()
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript(() => {
    delete (window as { showOpenFilePicker?: unknown }).showOpenFilePicker;
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  return page;
}

export async function paneBox(page: Page): Promise<Pane> {
  const b = await page.locator('.react-flow__pane').boundingBox();
  if (!b) throw new Error('no React Flow pane on the page');
  return b;
}

export async function transform(page: Page): Promise<string> {
  return (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
}

export async function zoomOf(page: Page): Promise<number> {
  return Number(/scale\(([-\d.e]+)\)/.exec(await transform(page))?.[1] ?? NaN);
}

/** Waits until the viewport transform is unchanged over three animation frames. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(
    async () => {
      const vp = document.querySelector('.react-flow__viewport') as HTMLElement | null;
      const first = vp?.style.transform;
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        if (vp?.style.transform !== first) return false;
      }
      return true;
    },
    undefined,
    { timeout: 120_000, polling: 50 },
  );
}

/**
 * An empty point of the pane (no node, edge or overlay under it) nearest to the wanted one
 * (fractions of the pane), so that a drag there pans.
 */
export async function emptyPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(
    ({ fx, fy, sel }) => {
      const pane = document.querySelector(sel) as HTMLElement;
      const r = pane.getBoundingClientRect();
      const want = { x: r.x + r.width * fx, y: r.y + r.height * fy };
      // rings of growing radius around the wanted point, 4 px apart
      for (let d = 0; d < Math.max(r.width, r.height); d += 4) {
        for (let k = 0; k < Math.max(1, Math.ceil((2 * Math.PI * d) / 4)); k++) {
          const a = (k * 4) / Math.max(1, d);
          const x = want.x + d * Math.cos(a);
          const y = want.y + d * Math.sin(a);
          if (x < r.x + 8 || x > r.right - 8 || y < r.y + 8 || y > r.bottom - 140) continue;
          if (document.elementFromPoint(x, y) === pane) return { x, y };
        }
      }
      return null;
    },
    { fx, fy, sel: EMPTY_PROBE },
  );
  if (!p) throw new Error('no empty point on the pane to drag from');
  return { x: p.x, y: p.y };
}

/** Frame intervals (ms) while `during` runs, timed by requestAnimationFrame in the page. */
export async function frames(page: Page, during: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __raf: number };
    w.__frames = [];
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      w.__raf = requestAnimationFrame(tick);
    };
    w.__raf = requestAnimationFrame(tick);
  });
  await during();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __raf: number };
    cancelAnimationFrame(w.__raf);
    return w.__frames.slice(1);
  });
}

export const DRAG_STEPS = 120;
export const DRAG_PX = 600;

/** The same pointer drag on both pages: from an empty point right of the middle, 600 px to the left in 120 steps. */
export async function panFrames(page: Page): Promise<number[]> {
  await settle(page);
  const from = await emptyPoint(page, 0.8, 0.4);
  await page.mouse.move(from.x, from.y);
  const before = await transform(page);
  const out = await frames(page, async () => {
    await page.mouse.down();
    await page.mouse.move(from.x - DRAG_PX, from.y, { steps: DRAG_STEPS });
    await page.mouse.up();
  });
  if ((await transform(page)) === before) throw new Error('the drag did not pan the view');
  return out;
}

/** Fit view with the Controls' button (the same options on both pages), then checks that every node is drawn. */
export async function fitAll(page: Page, graph: BenchGraph): Promise<void> {
  await page.locator('.react-flow__controls-fitview').click();
  await settle(page);
  const drawn = await page.locator('.react-flow__node').count();
  if (drawn !== graph.nodes.length) throw new Error(`fit view draws ${drawn} of ${graph.nodes.length} nodes`);
}

/** Zooms in with the Controls' button (x1.2 about the pane's centre each). */
export async function zoomIn(page: Page, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await page.locator('.react-flow__controls-zoomin').click();
  await settle(page);
}

/** Ids of the nodes drawn wholly inside the pane (above the overlay strip). */
export async function visibleIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const r = (document.querySelector('.react-flow__pane') as HTMLElement).getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      .filter((n) => {
        const b = n.getBoundingClientRect();
        return b.x >= r.x && b.right <= r.right && b.y >= r.y && b.bottom <= r.bottom;
      })
      .map((n) => n.dataset.id ?? '');
  });
}

/**
 * After a graph was handed over: every node is in the minimap (React Flow holds them all), the
 * view is still, and a small drag moves it; the time at which the move is seen.
 */
export async function untilInteractive(page: Page, n: number, t0: number): Promise<number> {
  await page.waitForFunction((k) => document.querySelectorAll('.react-flow__minimap-node').length === k, n, { timeout: 180_000, polling: 'raf' });
  await settle(page);
  const from = await emptyPoint(page, 0.5, 0.5);
  const before = await transform(page);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x - 40, from.y, { steps: 2 });
  await page.mouse.up();
  await page.waitForFunction((b) => (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform !== b, before, { timeout: 60_000, polling: 'raf' });
  return Date.now() - t0;
}

export function p(frames: number[], q: number): number {
  const f = [...frames].sort((a, b) => a - b);
  return f[Math.min(f.length - 1, Math.floor(q * f.length))] ?? NaN;
}
