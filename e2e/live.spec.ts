// The running graph (issue 10's acceptance, each step asserted): build, deploy with the plan,
// watch it run (status, logs, plots, rates, stats), steer it, and see a refused deploy located.
// Its own real `f8 master` on a fresh data dir, with the e2e's test services (test.picky).
import { test, expect, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  expect(
    g.nodes
      .filter((n) => n.parentId === 'engine')
      .map((n) => n.operatorClass)
      .sort(),
  ).toEqual(['math.add', 'smooth']);
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
  // the statuses came through the live worker (its own connection): a worker that failed to
  // start is terminated and the page watches instead
  expect(page.workers().some((w) => /live\.worker/.test(w.url()))).toBe(true);
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

const deployedRevision = async () => Number((/rev (\d+)/.exec((await ed.page.getByTestId('pending').textContent()) ?? '') ?? [])[1] ?? 0);
const pidOf = async (label: string) => {
  await ed.node(label).locator('.f8-node-title, .f8-box-title .f8-node-title').first().click();
  const text = await ed.inspector
    .getByRole('region', { name: 'Instance' })
    .getByText(/pid \d+/)
    .textContent({ timeout: 15_000 });
  return Number(/pid (\d+)/.exec(text ?? '')?.[1]);
};
const apart = async (a: Locator, b: Locator) => {
  const x = await a.boundingBox();
  const y = await b.boundingBox();
  return !!x && !!y && (x.x + x.width <= y.x || y.x + y.width <= x.x || x.y + x.height <= y.y || y.y + y.height <= x.y);
};
const liveCount = async () => Number(await ed.node('Counter').locator('.f8-state-row[data-field="count"] [data-live]').textContent());

test('3. the signal frequency changes on the running instance (same pid, the value back from KV); with Live on an operator parameter applies without a restart and a counter keeps counting', async () => {
  const pid = await pidOf('Signal generator');
  const freq = ed.inspector.getByRole('textbox', { name: 'frequency' });
  await freq.fill('2');
  await freq.press('Enter');
  await expect(ed.inspector.getByTestId('live-frequency')).toHaveText('live 2', { timeout: 15_000 });
  await expect(ed.node('Signal generator').locator('.f8-state-row[data-field="frequency"] [data-live]')).toHaveText('2');
  expect(await pidOf('Signal generator')).toBe(pid);

  const live = ed.page.getByRole('switch', { name: 'Live mode' });
  await live.click();
  await expect(live).toHaveAttribute('aria-checked', 'true');
  await expect(ed.page.getByTestId('pending')).toContainText('0 pending', { timeout: 20_000 });
  const enginePid = await pidOf('Engine');
  await ed.page.keyboard.press('Escape');
  const engine = ed.node('Engine');
  await ed.dragFromPalette('Tick', engine, { fx: 0.04, fy: 0.86 });
  await ed.dragFromPalette('Counter', engine, { fx: 0.62, fy: 0.86 });
  await ed.autoLayout();
  expect(await apart(ed.node('Tick'), ed.node('Counter'))).toBe(true);
  await ed.button('Fit view').click();
  await ed.page.waitForTimeout(400);
  // (a wire drawn while Live re-renders the engine can miss its target: then the gesture is made again)
  const hasExec = async () => (await ed.graph()).edges.some((e) => e.kind === 'exec');
  for (let i = 0; i < 3 && !(await hasExec()); i++) {
    await ed.page.keyboard.press('Escape');
    await ed.wire(ed.handle(ed.node('Tick'), 'exec', 'out', 'out'), ed.handle(ed.node('Counter'), 'exec', 'in', 'in'));
  }
  expect(await hasExec()).toBe(true);
  // Live deploys the new operators by itself
  await expect.poll(liveCount, { timeout: 30_000 }).toBeGreaterThan(5);
  await expect(ed.page.getByTestId('pending')).toContainText('0 pending', { timeout: 20_000 });
  const before = await liveCount();
  await ed.node('Counter').locator('.f8-node-title').click();
  const step = ed.inspector.getByRole('textbox', { name: 'step' });
  await step.fill('2');
  await step.press('Enter');
  await expect(ed.inspector.getByTestId('live-step')).toHaveText('live 2', { timeout: 15_000 });
  await expect(ed.page.getByTestId('pending')).toContainText('0 pending', { timeout: 20_000 });
  // the count went on from where it was (operator state kept), and the engine was not restarted
  await expect.poll(liveCount, { timeout: 15_000 }).toBeGreaterThan(before + 10);
  expect(await pidOf('Engine')).toBe(enginePid);
  // "Plot" on an operator's output: a plot node wired to it, deployed by Live, drawing
  await ed.node('Smooth (EMA)').locator('.f8-node-title').click();
  await ed.inspector.getByRole('button', { name: 'Plot value' }).click();
  const tap = ed.node('Smooth (EMA) · value').locator('.f8-plot');
  await expect.poll(async () => Number((await tap.getAttribute('data-points')) ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
  await ed.shot('live-3-live-mode');
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
  // instance controls and a command with its reply, from the inspector
  await ed.node('Logger').locator('.f8-node-title').click();
  const instance = ed.inspector.getByRole('region', { name: 'Instance' });
  await instance.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(status('Logger')).toHaveAttribute('data-status', 'deactivated', { timeout: 15_000 });
  await instance.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(status('Logger')).toHaveAttribute('data-status', 'activated', { timeout: 15_000 });
  await ed.inspector.getByRole('region', { name: 'Commands' }).getByRole('button', { name: 'clear' }).click();
  await expect(ed.inspector.getByRole('status', { name: 'clear reply' })).toBeVisible({ timeout: 15_000 });
  expect(errors).toEqual([]);
});

test('5. revert to revision 1 from the history: its plan is shown, and the old graph runs again', async () => {
  await ed.page.keyboard.press('Escape');
  await ed.canvas.locator('.react-flow__pane').click({ position: { x: 8, y: 8 } });
  const history = ed.inspector.getByRole('region', { name: 'Deploy history' });
  await expect(history.locator('li[data-revision="1"]')).toBeVisible({ timeout: 15_000 });
  const current = await deployedRevision();
  expect(current).toBeGreaterThan(1);
  await history.getByRole('button', { name: 'Revert to revision 1' }).click();
  const dialog = ed.page.getByRole('dialog', { name: `Revert to revision 1 (deployed as revision ${current + 1})?` });
  await expect(dialog.getByRole('list', { name: 'Plan' })).toContainText('engine: reconfigure');
  await ed.shot('live-5-revert-plan');
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  await expect(ed.page.getByTestId('pending')).toContainText(`rev ${current + 1} · 0 pending`, { timeout: 60_000 });
  const g = await ed.graph();
  expect(g.nodes.some((n) => n.operatorClass === 'counter' || n.operatorClass === 'tick')).toBe(false);
  expect(g.nodes.find((n) => n.nodeId === 'signal')?.state?.frequency ?? 1).toBe(1);
  // the engine runs the reverted subgraph (no drift), and its counter is gone from its stats
  await expect(status('Engine')).toHaveAttribute('title', new RegExp(`runs revision ${current + 1}`), { timeout: 15_000 });
  await expect(status('Engine')).not.toHaveAttribute('title', /not the deployed one/);
  await expect(history.locator(`li[data-revision="${current + 1}"]`)).toHaveClass(/is-current/);
  // Live off again: the next steps deploy by hand
  await ed.page.getByRole('switch', { name: 'Live mode' }).click();
  await ed.shot('live-5-reverted');
  expect(errors).toEqual([]);
});

test('6. a refused deploy marks the refusing node with its error and log; the others stay on their previous revision', async () => {
  // one revision adds a picky test service (it refuses any subgraph with reject: true)
  await ed.dragFromPalette('Picky (test)', { x: 60, y: 40 });
  await ed.autoLayout();
  expect(await apart(ed.node('Picky (test)'), ed.node('Signal generator'))).toBe(true);
  await ed.button('Fit view').click();
  await ed.page.waitForTimeout(300);
  await ed.wire(ed.handle(ed.node('Smooth (EMA)'), 'data', 'out', 'value'), ed.handle(ed.node('Picky (test)'), 'data', 'in', 'in'));
  const base = await deployedRevision();
  await ed.key('F5');
  let dialog = ed.page.getByRole('dialog', { name: `Deploy revision ${base + 1}?` });
  await expect(dialog.getByRole('list', { name: 'Plan' })).toContainText('picky: start');
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  await expect(status('Picky (test)')).toHaveAttribute('data-status', 'activated', { timeout: 60_000 });
  await expect(ed.page.getByTestId('pending')).toContainText(`rev ${base + 1} · 0 pending`, { timeout: 15_000 });

  // the next revision would reconfigure the engine (alpha) and picky (reject): picky refuses, all roll back
  await ed.node('Smooth (EMA)').click();
  const alpha = ed.inspector.getByRole('textbox', { name: 'alpha' });
  await alpha.fill('0.5');
  await alpha.press('Enter');
  await ed.node('Picky (test)').click();
  await ed.inspector.getByRole('switch', { name: 'reject' }).click();
  await ed.key('F5');
  dialog = ed.page.getByRole('dialog', { name: `Deploy revision ${base + 2}?` });
  await expect(dialog.getByRole('list', { name: 'Plan' })).toContainText('picky: reconfigure');
  await expect(dialog.getByRole('list', { name: 'Plan' })).toContainText('engine: reconfigure');
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  const deployPanel = ed.page.getByRole('region', { name: 'Deploy' });
  await expect(deployPanel.getByRole('status')).toContainText(`Revision ${base + 2} failed`, { timeout: 60_000 });
  await expect(deployPanel.locator('tr[data-instance="picky"]')).toContainText('picky refuses this subgraph');
  await expect(deployPanel.locator('tr[data-instance="engine"] [data-phase]')).toHaveAttribute('data-phase', 'rolled-back');
  const failure = ed.node('Picky (test)').getByRole('alert');
  await expect(failure).toContainText('picky refuses this subgraph');
  await failure.getByText(/last \d+ log lines/).click();
  await expect(failure.locator('pre')).toContainText('refusing this subgraph');
  // the master rolled back: the previous revision stays deployed, and the engine runs it again
  await expect(ed.page.getByTestId('pending')).toContainText(`rev ${base + 1}`);
  await expect(status('Engine')).toHaveAttribute('title', new RegExp(`runs revision ${base + 1}`), { timeout: 15_000 });
  await expect(status('Engine')).toHaveAttribute('data-status', 'activated');
  await ed.shot('live-6-refused');
  // with Live on, the same refused deploy turns Live off and says why
  const liveSwitch = ed.page.getByRole('switch', { name: 'Live mode' });
  await liveSwitch.click();
  await expect(ed.page.getByRole('alert').filter({ hasText: /^Live is off: the deploy failed/ })).toBeVisible({ timeout: 60_000 });
  await expect(liveSwitch).toHaveAttribute('aria-checked', 'false');
  expect(errors).toEqual([]);
});

test('7. a second editor is a viewer naming the holder; Take over works and the first turns viewer', async ({ browser }) => {
  const context = await browser.newContext();
  const p2 = await context.newPage();
  const ed2 = new EditorPage(p2);
  await ed2.open(master.url);
  const holder = await page.evaluate(() => sessionStorage.getItem('f8.clientId'));
  // the holder by name and time, never by its client id
  await expect(p2.getByLabel(/^Lease: viewer \(held by another editor, since \d\d:\d\d\)$/)).toBeVisible({ timeout: 15_000 });
  await expect(p2.getByRole('status', { name: 'Viewer' })).toContainText(/Another editor, since \d\d:\d\d holds the lease/);
  await expect(p2.getByRole('banner')).not.toContainText(holder ?? 'no holder');
  await expect(page.getByLabel('Lease: held by this editor')).toBeVisible();
  // everything is visible and live: the deployed graph, its statuses
  await expect(ed2.node('Engine').locator('[data-status]')).toHaveAttribute('data-status', 'activated', { timeout: 15_000 });
  await expect(ed2.button('Deploy')).toBeDisabled();
  await expect(ed2.button('Deploy')).toHaveAttribute('title', /another editor, since \d\d:\d\d holds the lease/);
  await ed2.node('Signal generator').locator('.f8-node-title').click();
  await expect(ed2.inspector.getByRole('button', { name: 'Restart' })).toBeDisabled();
  await ed2.shot('live-7-viewer');
  await p2.getByRole('button', { name: 'Take over' }).first().click();
  await expect(p2.getByLabel('Lease: held by this editor')).toBeVisible({ timeout: 15_000 });
  await expect(ed2.button('Deploy')).toBeEnabled();
  // the first editor learns it at its next ping
  await expect(page.getByLabel(/^Lease: viewer/)).toBeVisible({ timeout: 15_000 });
  await expect(ed.button('Deploy')).toBeDisabled();
  await ed.shot('live-7-evicted');
  // the second editor deploys; the first one's graph is now based on an older revision
  const before = await deployedRevision();
  await ed2.key('F5');
  await p2
    .getByRole('dialog', { name: `Deploy revision ${before + 1}?` })
    .getByRole('button', { name: 'Deploy' })
    .click();
  await expect(p2.getByRole('region', { name: 'Deploy' }).getByRole('status')).toContainText(`Revision ${before + 1} deployed`, { timeout: 60_000 });
  await context.close();
  await page.getByRole('button', { name: 'Take over' }).first().click();
  await expect(page.getByLabel('Lease: held by this editor')).toBeVisible({ timeout: 15_000 });
  await expect(ed.page.getByTestId('pending')).toContainText(`based on rev ${before}`);
  // a deploy now is a conflict: who deployed, and load theirs or deploy over it
  await ed.key('F5');
  const conflict = ed.page.getByRole('dialog', { name: `Revision ${before + 1} was deployed meanwhile` });
  await expect(conflict).toContainText(`this graph is based on revision ${before}`);
  await ed.shot('live-7-conflict');
  await conflict.getByRole('button', { name: 'Load the deployed graph' }).click();
  await expect(ed.page.getByTestId('pending')).toContainText(`rev ${before + 1} · 0 pending`, { timeout: 15_000 });
  await expect(ed.page.getByTestId('pending')).not.toContainText('based on');
  expect(errors).toEqual([]);
});

test('8. the master goes away: a banner, editing goes on; started again on the same data dir, the editor recovers without a reload', async () => {
  const rev = await deployedRevision();
  master.child.kill('SIGKILL'); // a crash: nats-server and the instances keep running
  const banner = ed.page.getByRole('alert', { name: 'Master unreachable' });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(ed.button('Deploy')).toBeDisabled();
  await expect(ed.node('Engine').locator('.f8-box')).toHaveClass(/is-stale/);
  // editing continues
  await ed.node('Plot').locator('.f8-node-title').click();
  const label = ed.inspector.getByRole('textbox', { name: 'Label' });
  await label.fill('Plot while away');
  await label.press('Enter');
  await expect(ed.node('Plot while away')).toBeVisible();
  await ed.shot('live-8-master-away');
  master = await startMaster(dataDir, ['--services', resolve(import.meta.dirname, 'services')]);
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(page.getByLabel('Lease: held by this editor')).toBeVisible({ timeout: 15_000 });
  await expect(ed.page.getByTestId('pending')).toContainText(`rev ${rev}`);
  for (const l of ['Signal generator', 'Engine', 'Logger']) await expect(status(l)).toHaveAttribute('data-status', 'activated', { timeout: 30_000 });
  await expect(ed.node('Engine').locator('.f8-box')).not.toHaveClass(/is-stale/);
  await expect(ed.button('Deploy')).toBeEnabled();
  await ed.shot('live-8-recovered');
  // pageerror/console errors while the master was away are expected only as failed requests
  expect(errors.filter((e) => !/no responders|timeout|503/i.test(e))).toEqual([]);
});

test('9. nats-server dies: the master starts it again on the same ports, the editor says so and reconnects by itself; the graph keeps running', async () => {
  const pidBefore = (JSON.parse(readFileSync(join(dataDir, 'nats', 'server.json'), 'utf8')) as { pid: number }).pid;
  const enginePid = await pidOf('Engine');
  process.kill(pidBefore, 'SIGKILL');
  await expect(ed.page.getByText(/is gone; the master started it again as pid \d+ on the same ports/)).toBeVisible({ timeout: 30_000 });
  await expect(ed.page.getByTestId('connection')).toContainText('connected', { timeout: 30_000 });
  await ed.shot('live-9-nats-restarted');
  for (const l of ['Signal generator', 'Engine', 'Logger']) await expect(status(l)).toHaveAttribute('data-status', 'activated', { timeout: 30_000 });
  // the same processes: they rode out the outage
  expect(await pidOf('Engine')).toBe(enginePid);
  await expect(ed.button('Deploy')).toBeEnabled();
});
