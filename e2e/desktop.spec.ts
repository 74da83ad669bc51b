// The desktop app, run here: the built main bundle (out/main/index.js) in a Node child process
// with a stand-in `electron` (e2e/desktop), its window a Chromium page. Launch, the editor
// connects to its own master, open the demo through the window's file dialog, Deploy, every
// instance activated (on NATS and on the nodes), services run from their bundles as the app's
// binary runs them; the CLI finds the desktop's master with no flags; Quit leaves nothing.
import { expect, test } from '@playwright/test';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { launchDesktop, type Desktop } from './desktop/harness.js';
import { alive, processesUsing } from './desktop/processes.js';
import { EditorPage } from './pages/editor.js';

const root = resolve(import.meta.dirname, '..');
const demo = join(root, 'examples', 'demo.json');
const NATS_WS_CLOSE = /WebSocket connection to .* failed|Invalid frame header/;

test.describe.configure({ mode: 'serial' });

let home = '';
let desk: Desktop | null = null;
const dataDir = () => join(home, '.f8studio');

/** `f8 <args>` as a user in the same HOME would type it (no --data-dir, no --nats-url). */
function f8(...args: string[]): { code: number | null; out: string; err: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, F8_NATS_URL: '' };
  delete env.F8_DATA_DIR;
  const r = spawnSync(process.execPath, [join(root, 'bin', 'f8.mjs'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [e.name, ...walk(join(dir, e.name)).map((n) => `${e.name}/${n}`)] : [e.name]));
}

test.beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'f8-desktop-'));
});

test.afterAll(async () => {
  await desk?.kill();
  for (const pid of processesUsing(home)) process.kill(pid, 'SIGKILL'); // only what this test started lives there
  rmSync(home, { recursive: true, force: true });
});

test('the desktop app: launch, connect, open the demo through the file dialog, deploy, quit leaving nothing', async ({ browser }) => {
  test.setTimeout(240_000);
  const env: Record<string, string> = { HOME: home, F8_NATS_URL: '', F8_DATA_DIR: '' };
  desk = await launchDesktop({ browser, mainBundle: join(root, 'out', 'main', 'index.js'), cwd: root, env, userData: join(home, 'user-data') });
  const page = await desk.firstWindow();
  const ed = new EditorPage(page);

  // 1. the window is the host's loopback web server, and the editor is connected with the lease
  expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const webPort = (JSON.parse(readFileSync(join(dataDir(), 'nats', 'web.json'), 'utf8')) as { port: number }).port;
  expect(new URL(page.url()).port).toBe(String(webPort));
  await expect(page.getByTestId('connection')).toContainText('connected', { timeout: 30_000 });
  await expect(page.getByLabel('Lease: held by this editor')).toBeVisible({ timeout: 15_000 });
  for (const label of ['Signal generator', 'Logger', 'Recorder', 'Engine']) await expect(ed.paletteItem(label)).toBeVisible();
  await ed.shot('desktop-1-connected');

  // 2. File > Open through the window's native dialog (answered by the stand-in), on a copy of
  //    the demo: step 6 checks that a Save after a revert does not write over it
  const mine = join(home, 'demo.json');
  copyFileSync(demo, mine);
  desk.answerDialog('showOpenDialog', { canceled: false, filePaths: [mine] });
  await ed.button('Open').click();
  await expect.poll(async () => (await ed.graph()).nodes.length, { timeout: 15_000 }).toBe(8);
  await expect(page.getByTestId('title')).toContainText('demo');
  expect(desk.dialogCalls.filter((c) => c.method === 'showOpenDialog')).toHaveLength(1);
  await ed.shot('desktop-2-demo-opened');

  // 3. Deploy: every instance activated, on the nodes and on NATS
  await ed.key('F5');
  const plan = page.getByRole('dialog', { name: /Deploy revision 1/ });
  await expect(plan).toBeVisible();
  await plan.getByRole('button', { name: 'Deploy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'deployed revision 1' })).toBeVisible({ timeout: 90_000 });
  for (const label of ['Signal', 'Engine', 'Logger', 'Recorder']) {
    await expect(ed.node(label).locator('[data-status]')).toHaveAttribute('data-status', 'activated', { timeout: 30_000 });
  }
  // the CLI, as a user in the same HOME, finds the desktop's master and its credentials with no flags
  const listed = f8('call', 'instances');
  expect(listed.code, listed.err).toBe(0);
  const records = (JSON.parse(listed.out) as { payload: { instances: { instanceId: string; status: string; pid: number | null; launchedBy: string }[] } }).payload.instances;
  expect(records.map((r) => r.instanceId).sort()).toEqual(['engine', 'logger', 'recorder', 'signal']);
  for (const r of records) expect([r.instanceId, r.status, r.launchedBy]).toEqual([r.instanceId, 'activated', 'master']);
  const deploy = f8('deploy', demo);
  expect(`${deploy.out}${deploy.err}`).toMatch(/lease is held by 'editor-|deployed revision|unchanged/);
  await ed.shot('desktop-3-deployed');

  // 4. services run from their bundles, as the app's binary runs them: ELECTRON_RUN_AS_NODE, no tsx
  const pids = records.map((r) => r.pid).filter((p): p is number => typeof p === 'number');
  expect(pids).toHaveLength(4);
  for (const pid of pids) {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    expect(environ).toContain('ELECTRON_RUN_AS_NODE=1');
    expect(cmdline.join(' ')).not.toMatch(/tsx/);
    expect(cmdline.at(-1)).toBe('main.mjs');
    const files = walk(cwd);
    expect(
      files.filter((f) => f.endsWith('.ts') || f.split('/').includes('node_modules')),
      cwd,
    ).toEqual([]);
  }
  expect(desk.consoleErrors.filter((e) => !NATS_WS_CLOSE.test(e))).toEqual([]);

  // 5. Save goes back to the file without asking; after a revert, Save asks where (the document
  //    is revision 1's graph now, not the file)
  await ed.node('Logger').locator('.f8-node-title').click();
  const label = ed.inspector.getByRole('textbox', { name: 'Label' });
  await label.fill('Logger 2');
  await label.press('Enter');
  await ed.key('Control+s');
  await expect.poll(() => (JSON.parse(readFileSync(mine, 'utf8')) as { nodes: { nodeId: string; label?: string }[] }).nodes.find((n) => n.nodeId === 'logger')?.label).toBe('Logger 2');
  expect(desk.dialogCalls.filter((c) => c.method === 'showSaveDialog')).toHaveLength(0);
  await ed.key('F5');
  await page
    .getByRole('dialog', { name: /Deploy revision 2/ })
    .getByRole('button', { name: 'Deploy' })
    .click();
  await expect(page.getByTestId('pending')).toContainText('rev 2 · 0 pending', { timeout: 60_000 });
  await ed.canvas.locator('.react-flow__pane').click({ position: { x: 8, y: 8 } });
  await ed.inspector.getByRole('region', { name: 'Deploy history' }).getByRole('button', { name: 'Revert to revision 1' }).click();
  await page
    .getByRole('dialog', { name: /Revert to revision 1/ })
    .getByRole('button', { name: 'Deploy' })
    .click();
  await expect(page.getByTestId('pending')).toContainText('rev 3 · 0 pending', { timeout: 60_000 });
  await expect(page.getByLabel('unsaved changes')).toBeVisible();
  const saved = readFileSync(mine, 'utf8');
  desk.answerDialog('showSaveDialog', { canceled: true, filePath: '' });
  await ed.key('Control+s');
  await expect.poll(() => desk!.dialogCalls.filter((c) => c.method === 'showSaveDialog').length).toBe(1);
  expect(readFileSync(mine, 'utf8')).toBe(saved);
  await ed.shot('desktop-4-reverted');

  // 6. Quit: the unsaved document is asked about in main (Don't Save), then instances, master,
  //    nats-server stopped, the lock released, nothing left
  desk.answerDialog('showMessageBox', { response: 1, checkboxChecked: false });
  const exit = await desk.quit();
  expect(desk.dialogCalls.filter((c) => c.method === 'showMessageBox').map((c) => (c.options as { buttons?: string[] }).buttons)).toEqual([['Save', "Don't Save", 'Cancel']]);
  expect(exit.code).toBe(0);
  let left = processesUsing(home);
  for (let i = 0; i < 50 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesUsing(home);
  }
  expect(left.map((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' '))).toEqual([]);
  expect(pids.filter(alive)).toEqual([]);
  expect(existsSync(join(dataDir(), 'master.lock'))).toBe(false);
});
