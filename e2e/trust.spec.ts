// Numbers and actions you can trust (issue 19), each step asserted against its own real
// `f8 master`: operators chain (Smooth -> Add -> Multiply built by drag and drop gives numbers),
// "Plot" on a port whose values already travel draws before any deploy, Open with Live on asks
// first, a deploy during an automatic restart waits for it, and the Deploy panel and history say
// what is true after a recovery and while the master is gone.
import { test, expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ARTIFACTS, EditorPage } from './pages/editor.js';
import { startMaster, type MasterProcess } from './master.js';

test.describe.configure({ mode: 'serial' });

const root = resolve(import.meta.dirname, '..');
let master: MasterProcess;
let dataDir: string;
let page: Page;
let ed: EditorPage;
const errors: string[] = [];

test.beforeAll(async ({ browser }) => {
  dataDir = mkdtempSync(join(tmpdir(), 'f8-e2e-trust-'));
  master = await startMaster(dataDir);
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
const deployPanel = () => ed.page.getByRole('region', { name: 'Deploy' });

/** The master's registry, read with the CLI (as a user would). */
function instances(): { instanceId: string; pid: number | null; status: string; runId: string }[] {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'f8.mjs'), 'call', 'instances', '--data-dir', dataDir], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, F8_NATS_URL: '' },
  });
  if (r.status !== 0) throw new Error(`f8 call instances: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { payload: { instances: { instanceId: string; pid: number | null; status: string; runId: string }[] } }).payload.instances;
}

async function deploy(): Promise<void> {
  await ed.key('F5');
  const dialog = ed.page.getByRole('dialog', { name: /Deploy revision \d+/ });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  await expect(deployPanel().getByRole('status')).toContainText(/Revision \d+ deployed/, { timeout: 90_000 });
}

test('1. operators chain: Smooth -> Add -> Multiply wired by drag and drop deploys, and a number comes out of Multiply', async () => {
  await ed.dragFromPalette('Signal generator', { x: 120, y: 160 });
  await ed.dragFromPalette('Engine', { x: 420, y: 120 });
  const engine = ed.node('Engine');
  await expect(engine).toBeVisible();
  await ed.dragFromPalette('Smooth (EMA)', engine, { fx: 0.2, fy: 0.55 });
  await ed.dragFromPalette('Add', engine, { fx: 0.5, fy: 0.55 });
  await ed.dragFromPalette('Multiply', engine, { fx: 0.8, fy: 0.55 });
  await ed.autoLayout();
  await ed.button('Fit view').click();
  await ed.page.waitForTimeout(300);
  await ed.wire(ed.handle(ed.node('Signal generator'), 'data', 'out', 'value'), ed.handle(ed.node('Smooth (EMA)'), 'data', 'in', 'value'));
  await ed.wire(ed.handle(ed.node('Smooth (EMA)'), 'data', 'out', 'value'), ed.handle(ed.node('Add'), 'data', 'in', 'a'));
  await ed.wire(ed.handle(ed.node('Add'), 'data', 'out', 'value'), ed.handle(ed.node('Multiply'), 'data', 'in', 'a'));
  const g = await ed.graph();
  expect(g.edges.map((e) => `${e.from.port}->${e.to.port}`).sort()).toEqual(['value->a', 'value->a', 'value->value']);
  await expect(ed.problems).toContainText('No problems');
  await ed.shot('trust-1-chain');
  await deploy();
  for (const label of ['Signal generator', 'Engine']) await expect(status(label)).toHaveAttribute('data-status', 'activated', { timeout: 30_000 });
  // Multiply's output on the node: a number, moving
  await ed.node('Multiply').locator('.f8-node-title').click();
  await ed.inspector.getByRole('button', { name: 'Plot value' }).click();
  await deploy();
  const plot = ed.node('Multiply · value').locator('.f8-plot');
  await expect.poll(async () => Number((await plot.getAttribute('data-points')) ?? 0), { timeout: 30_000 }).toBeGreaterThan(5);
  await ed.shot('trust-1-multiply-plotted');
});

test('2. "Plot" on a port whose values already travel on the bus draws at once, before any deploy', async () => {
  await ed.node('Signal generator').locator('.f8-node-title').click();
  await ed.inspector.getByRole('button', { name: 'Plot value' }).click();
  const plot = ed.node('Signal generator · value').locator('.f8-plot');
  await expect(plot).toBeVisible();
  const rev = /rev \d+/.exec((await ed.page.getByTestId('pending').textContent()) ?? '')?.[0];
  await expect.poll(async () => Number((await plot.getAttribute('data-points')) ?? 0), { timeout: 15_000 }).toBeGreaterThan(5);
  // no deploy happened meanwhile
  expect(/rev \d+/.exec((await ed.page.getByTestId('pending').textContent()) ?? '')?.[0]).toBe(rev);
  await ed.shot('trust-2-plot-at-once');
});

test('3. a deploy during an automatic restart waits for it and succeeds; the Deploy panel then says what runs', async () => {
  const before = instances().find((i) => i.instanceId === 'signal');
  expect(before?.pid).toBeTruthy();
  process.kill(before!.pid!, 'SIGKILL');
  // the launcher has spawned the new process (it may not have registered yet): deploy now
  await expect.poll(() => instances().find((i) => i.instanceId === 'signal')?.pid ?? before!.pid, { timeout: 30_000, intervals: [50] }).not.toBe(before!.pid);
  await deploy();
  await expect(deployPanel().getByRole('status')).not.toContainText('failed');
  for (const id of ['signal', 'engine']) await expect(deployPanel().locator(`tr[data-instance="${id}"] [data-now]`)).toHaveAttribute('data-now', 'activated', { timeout: 30_000 });
  await ed.shot('trust-3-deploy-during-restart');
});

test('4. with the master gone the history and the Deploy panel do not claim what runs; back, they do', async () => {
  await ed.canvas.locator('.react-flow__pane').click({ position: { x: 8, y: 8 } }); // nothing selected: the inspector shows the history
  await expect(ed.inspector.getByRole('region', { name: 'Deploy history' }).locator('.f8-history-now').first()).toHaveText('deployed');
  master.child.kill('SIGKILL');
  await expect(ed.page.getByRole('alert', { name: 'Master unreachable' })).toBeVisible({ timeout: 20_000 });
  const history = ed.inspector.getByRole('region', { name: 'Deploy history' });
  await expect(history.locator('.f8-history-now').first()).toHaveText('last known', { timeout: 15_000 });
  await expect(deployPanel().locator('tr[data-instance="signal"] [data-now]')).toHaveAttribute('data-now', 'unknown');
  await ed.shot('trust-4-master-gone');
  master = await startMaster(dataDir);
  await expect(ed.page.getByRole('alert', { name: 'Master unreachable' })).toBeHidden({ timeout: 30_000 });
  await expect(history.locator('.f8-history-now').first()).toHaveText('deployed', { timeout: 15_000 });
  await expect(deployPanel().locator('tr[data-instance="signal"] [data-now]')).toHaveAttribute('data-now', 'activated', { timeout: 30_000 });
});

test('5. with Live on, Open asks first: "Open, Live off" opens the file and deploys nothing', async () => {
  const rev = (await ed.page.getByTestId('pending').textContent()) ?? '';
  const live = ed.page.getByRole('switch', { name: 'Live mode' });
  await live.click();
  await expect(live).toHaveAttribute('aria-checked', 'true');
  const file = join(ARTIFACTS, 'trust-open.f8graph');
  writeFileSync(
    file,
    JSON.stringify({
      schemaVersion: 'f8studio-graph/1',
      graphId: 'other',
      name: 'other',
      nodes: [{ nodeId: 'lonely', kind: 'service', serviceClass: 'f8.signal', position: { x: 0, y: 0 } }],
      edges: [],
    }),
  );
  const chooser = ed.page.waitForEvent('filechooser');
  await ed.button('Open').click();
  await (await chooser).setFiles(file);
  // the document was never saved: the usual question first
  await ed.page.getByRole('dialog', { name: 'Discard unsaved changes?' }).getByRole('button', { name: 'Discard changes' }).click();
  const ask = ed.page.getByRole('dialog', { name: /Live is on: deploy trust-open\.f8graph\?/ });
  await expect(ask).toBeVisible();
  await ed.shot('trust-5-open-asks');
  await ask.getByRole('button', { name: 'Open, Live off' }).click();
  await expect.poll(async () => (await ed.graph()).nodes.map((n) => n.nodeId)).toEqual(['lonely']);
  await expect(live).toHaveAttribute('aria-checked', 'false');
  await ed.page.waitForTimeout(1_000); // Live would have deployed after 300 ms
  expect(((await ed.page.getByTestId('pending').textContent()) ?? '').match(/rev \d+/)?.[0]).toBe(rev.match(/rev \d+/)?.[0]);
  expect(errors.filter((e) => !/no responders|timeout|503/i.test(e))).toEqual([]);
});
