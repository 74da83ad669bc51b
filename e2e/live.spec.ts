// The running graph (issue 10's acceptance, each step asserted): build, deploy with the plan,
// watch it run (status, logs, plots, rates, stats), steer it, and see a refused deploy located.
// Its own real `f8 master` on a fresh data dir, with the e2e's test services (test.picky).
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EditorPage } from './pages/editor.js';
import { startMaster, type MasterProcess } from './master.js';

test.describe.configure({ mode: 'serial' });

let master: MasterProcess;
let dataDir: string;
let page: Page;
let ed: EditorPage;
const errors: string[] = [];

test.beforeAll(async ({ browser }) => {
  dataDir = mkdtempSync(join(tmpdir(), 'f8-e2e-live-'));
  master = await startMaster(dataDir, ['--services', resolve(import.meta.dirname, 'services')]);
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/WebSocket/.test(m.text())) errors.push(m.text());
  });
  ed = new EditorPage(page);
  await ed.open(master.url);
});

test.afterAll(async () => {
  await page?.close();
  await master?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const status = (label: string) => ed.node(label).locator('[data-status]');

test('1. build signal -> engine (two operators) -> logger and a plot; Deploy shows three starts; all activated; the logger log shows values', async () => {
  await ed.dragFromPalette('Signal generator', { x: 40, y: 120 });
  await ed.dragFromPalette('Engine', { x: 300, y: 40 });
  await ed.dragFromPalette('Logger', { x: 480, y: 470 });
  await ed.dragFromPalette('Plot', { x: 720, y: 380 });
  await ed.dragFromPalette('Slider', { x: 40, y: 420 });
  await ed.dragFromPalette('Display', { x: 260, y: 380 });
  const engine = ed.node('Engine');
  await ed.dragFromPalette('Smooth (EMA)', engine, { fx: 0.1, fy: 0.4 });
  await ed.dragFromPalette('Add', engine, { fx: 0.75, fy: 0.4 });
  const g = await ed.graph();
  expect(g.nodes.filter((n) => n.parentId === 'engine').map((n) => n.operatorClass).sort()).toEqual(['math.add', 'smooth']);
  await ed.page.keyboard.press('Escape');
  await ed.button('Fit view').click();
  await ed.page.waitForTimeout(400);
  const sig = ed.node('Signal generator');
  const sm = ed.node('Smooth (EMA)');
  const add = ed.node('Add');
  await ed.wire(ed.handle(sig, 'data', 'out', 'value'), ed.handle(sm, 'data', 'in', 'value'));
  await ed.wire(ed.handle(sm, 'data', 'out', 'value'), ed.handle(ed.node('Logger'), 'data', 'in', 'value'));
  await ed.wire(ed.handle(sm, 'data', 'out', 'value'), ed.handle(ed.node('Plot'), 'data', 'in', 'value'));
  await ed.wire(ed.handle(ed.node('Slider'), 'data', 'out', 'value'), ed.handle(add, 'data', 'in', 'a'));
  await ed.wire(ed.handle(add, 'data', 'out', 'value'), ed.handle(ed.node('Display'), 'data', 'in', 'value'));
  expect((await ed.graph()).edges).toHaveLength(5);
  await ed.button('Fit view').click();
  await ed.page.waitForTimeout(300);
  await ed.shot('live-1-built');

  await ed.key('F5');
  const dialog = ed.page.getByRole('dialog', { name: /Deploy revision 1/ });
  const plan = dialog.getByRole('list', { name: 'Plan' });
  await expect(plan.getByRole('listitem')).toHaveCount(3);
  for (const id of ['signal', 'engine', 'logger']) await expect(plan).toContainText(`${id}: start`);
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  const deployPanel = ed.page.getByRole('region', { name: 'Deploy' });
  await expect(deployPanel.getByRole('status')).toContainText('Revision 1 deployed', { timeout: 60_000 });
  for (const label of ['Signal generator', 'Engine', 'Logger']) await expect(status(label)).toHaveAttribute('data-status', 'activated', { timeout: 30_000 });
  await ed.shot('live-1-deployed');

  await ed.page.getByRole('tab', { name: 'Logs' }).click();
  const logs = ed.page.getByRole('region', { name: 'Logs' });
  await logs.getByRole('combobox', { name: 'Instance' }).selectOption('logger');
  await expect(logs.getByRole('log')).toContainText(/value[^\n]*\d/, { timeout: 15_000 });
  await ed.shot('live-1-logs');
  expect(errors).toEqual([]);
});

test('2. the plot grows over two seconds; the signal -> engine edge shows a rate; the Stats panel lists every instance', async () => {
  const plot = ed.node('Plot').locator('.f8-plot');
  const before = Number(await plot.getAttribute('data-points'));
  await ed.page.waitForTimeout(2000);
  await expect.poll(async () => Number(await plot.getAttribute('data-points'))).toBeGreaterThan(before);
  await expect(ed.canvas.getByTestId('edge-rate').first()).toHaveText(/^[1-9][\d.]*k?\/s$/, { timeout: 15_000 });
  await ed.page.getByRole('tab', { name: 'Stats' }).click();
  const stats = ed.page.getByRole('region', { name: 'Stats' });
  for (const id of ['signal', 'engine', 'logger']) await expect(stats.locator(`tr[data-instance="${id}"]`)).toBeVisible();
  await expect(stats.locator('tr[data-instance="engine"] td').nth(3)).toHaveText(/\d/, { timeout: 10_000 });
  await ed.shot('live-2-stats');
  expect(errors).toEqual([]);
});

test('4. a slider editor node wired to an engine input changes the engine output (shown by a display node)', async () => {
  const display = ed.node('Display').getByLabel('display');
  await expect(display).toHaveText('0', { timeout: 15_000 });
  const slider = ed.node('Slider').getByRole('slider');
  await slider.focus();
  await ed.key('End');
  await expect(slider).toHaveValue('1');
  // editor -> f8.bus -> engine (Add) -> f8.bus -> editor
  await expect(display).toHaveText('1', { timeout: 15_000 });
  await ed.key('Home');
  await expect(display).toHaveText('0', { timeout: 15_000 });
  await ed.shot('live-4-slider');
  expect(errors).toEqual([]);
});

test('6. a refused deploy marks the refusing node with its error and log; the others stay on their previous revision', async () => {
  // revision 2 adds a picky test service (it refuses any subgraph with reject: true)
  await ed.dragFromPalette('Picky (test)', { x: 60, y: 40 });
  await ed.button('Fit view').click();
  await ed.page.waitForTimeout(300);
  await ed.wire(ed.handle(ed.node('Smooth (EMA)'), 'data', 'out', 'value'), ed.handle(ed.node('Picky (test)'), 'data', 'in', 'in'));
  await ed.key('F5');
  let dialog = ed.page.getByRole('dialog', { name: /Deploy revision 2/ });
  await expect(dialog.getByRole('list', { name: 'Plan' })).toContainText('picky: start');
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  await expect(status('Picky (test)')).toHaveAttribute('data-status', 'activated', { timeout: 60_000 });
  await expect(ed.page.getByTestId('pending')).toContainText('rev 2 · 0 pending', { timeout: 15_000 });

  // revision 3 would reconfigure the engine (alpha) and picky (reject): picky refuses, all roll back
  await ed.node('Smooth (EMA)').click();
  const alpha = ed.inspector.getByRole('textbox', { name: 'alpha' });
  await alpha.fill('0.5');
  await alpha.press('Enter');
  await ed.node('Picky (test)').click();
  await ed.inspector.getByRole('switch', { name: 'reject' }).click();
  await ed.key('F5');
  dialog = ed.page.getByRole('dialog', { name: /Deploy revision 3/ });
  await expect(dialog.getByRole('list', { name: 'Plan' })).toContainText('picky: reconfigure');
  await expect(dialog.getByRole('list', { name: 'Plan' })).toContainText('engine: reconfigure');
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  const deployPanel = ed.page.getByRole('region', { name: 'Deploy' });
  await expect(deployPanel.getByRole('status')).toContainText('Revision 3 failed', { timeout: 60_000 });
  await expect(deployPanel.locator('tr[data-instance="picky"]')).toContainText('picky refuses this subgraph');
  const failure = ed.node('Picky (test)').getByRole('alert');
  await expect(failure).toContainText('picky refuses this subgraph');
  await failure.getByText(/last \d+ log lines/).click();
  await expect(failure.locator('pre')).toContainText('refusing this subgraph');
  // the master rolled back: revision 2 stays deployed, and the engine runs it again
  await expect(ed.page.getByTestId('pending')).toContainText('rev 2');
  await expect(status('Engine')).toHaveAttribute('title', /runs revision 2/, { timeout: 15_000 });
  await expect(status('Engine')).toHaveAttribute('data-status', 'activated');
  await ed.shot('live-6-refused');
  expect(errors).toEqual([]);
});
