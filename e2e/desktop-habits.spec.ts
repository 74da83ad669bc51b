// The desktop app's habits, through the built bundles and the stand-in `electron`: the window
// opens where it was left; File > Open from the native menu (built from the command registry)
// opens the demo; the title shows its name, then the unsaved marker after an edit; closing asks
// (Cancel keeps the window); File > Save writes the file; a second launch with a file hands it
// to the first window and exits; with no nats-server the window explains the failure, and Retry
// starts once one is there; Quit leaves nothing running.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchDesktop, type Desktop, type MenuItemSnapshot } from './desktop/harness.js';
import { alive, processesUsing } from './desktop/processes.js';
import { EditorPage } from './pages/editor.js';
import { startMaster } from './master.js';

const root = resolve(import.meta.dirname, '..');
const demo = join(root, 'examples', 'demo.json');
const MAIN = join(root, 'out', 'main', 'index.js');
const NATS_WS_CLOSE = /WebSocket connection to .* failed|Invalid frame header/;

test.describe.configure({ mode: 'serial' });

let home = '';
const desks: Desktop[] = [];

test.beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'f8-habits-'));
});

test.afterAll(async () => {
  for (const d of desks) await d.kill();
  for (const pid of processesUsing(home)) process.kill(pid, 'SIGKILL'); // only what these tests started lives there
  rmSync(home, { recursive: true, force: true });
});

async function launch(browser: Browser, name: string, opts: { env?: Record<string, string>; args?: string[] } = {}): Promise<Desktop> {
  const d = await launchDesktop({
    browser,
    mainBundle: MAIN,
    cwd: root,
    env: { HOME: home, F8_NATS_URL: '', F8_DATA_DIR: '', ...opts.env },
    userData: join(home, name),
    ...(opts.args ? { args: opts.args } : {}),
  });
  desks.push(d);
  return d;
}

function item(menu: MenuItemSnapshot[] | null, ...path: string[]): MenuItemSnapshot | undefined {
  let items = menu ?? [];
  let found: MenuItemSnapshot | undefined;
  for (const p of path) {
    found = items.find((i) => i.label === p);
    items = found?.submenu ?? [];
  }
  return found;
}

const title = (d: Desktop) => d.windows()[0]?.title ?? '';

async function quitLeavingNothing(d: Desktop, dataDir: string, pids: number[] = []): Promise<void> {
  const exit = await d.quit();
  expect(exit.code).toBe(0);
  await expect.poll(() => processesUsing(dataDir).map((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ')), { timeout: 10_000 }).toEqual([]);
  expect(pids.filter(alive)).toEqual([]);
  expect(existsSync(join(dataDir, 'master.lock'))).toBe(false);
}

test('menus, title, close question, save, second launch, a dropped file, the OS handing a file over, window security, window state', async ({ browser }) => {
  test.setTimeout(240_000);
  const userData = join(home, 'user-a');
  mkdirSync(userData, { recursive: true });
  // where the window was left last time (window-state.json in the app's user-data folder)
  writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ x: 120, y: 80, width: 1280, height: 800, maximized: false }));
  const desk = await launch(browser, 'user-a');
  const page = await desk.firstWindow();
  const ed = new EditorPage(page);
  await expect(page.getByTestId('connection')).toContainText('connected', { timeout: 30_000 });
  expect(desk.windows()[0]?.bounds).toEqual({ x: 120, y: 80, width: 1280, height: 800 });
  await expect.poll(() => title(desk)).toBe('Untitled • f8studio');

  // the native menu is the command registry's: File > Open… with its shortcut, enabled
  await expect.poll(() => item(desk.menuTemplate(), 'File', 'Open…')?.accelerator).toBe('CmdOrCtrl+O');
  expect(item(desk.menuTemplate(), 'Graph', 'Deploy')?.accelerator).toBe('F5');
  const mine = join(home, 'demo.json');
  copyFileSync(demo, mine);
  desk.answerDialog('showOpenDialog', { canceled: false, filePaths: [mine] });
  await desk.clickMenu('File', 'Open…');
  await expect.poll(async () => (await ed.graph()).nodes.length, { timeout: 15_000 }).toBe(8);
  await expect.poll(() => title(desk)).toBe('demo.json • f8studio');
  expect(desk.dialogCalls.filter((c) => c.method === 'showOpenDialog').map((c) => (c.options as { filters?: { extensions: string[] }[] }).filters?.[0]?.extensions)).toEqual([['f8graph', 'json']]);

  // an edit: the unsaved marker; Undo is enabled in the menu now (the registry's predicate)
  await ed.node('Logger').locator('.f8-node-title').click();
  const label = ed.inspector.getByRole('textbox', { name: 'Label' });
  await label.fill('Logger 2');
  await label.press('Enter');
  await expect.poll(() => title(desk)).toBe('● demo.json • f8studio');
  await expect.poll(() => item(desk.menuTemplate(), 'Edit', 'Undo')?.enabled).toBe(true);

  // Help > About: the versions of the app, Electron and nats-server
  await desk.clickMenu('Help', 'About f8studio');
  await expect.poll(() => desk.dialogCalls.filter((c) => c.method === 'showMessageBox').length).toBe(1);
  const about = desk.dialogCalls.find((c) => c.method === 'showMessageBox')?.options as { message: string; detail: string };
  expect(about.message).toBe('f8studio 0.1.0');
  expect(about.detail).toMatch(/Electron none \(not running in Electron\)/);
  expect(about.detail).toMatch(/nats-server \d+\.\d+\.\d+/);

  // closing asks, in main: Cancel keeps the window and the edit
  desk.answerDialog('showMessageBox', { response: 2, checkboxChecked: false });
  expect(await desk.closeWindow(1)).toBe(false);
  await expect.poll(() => desk.dialogCalls.filter((c) => c.method === 'showMessageBox').length).toBe(2);
  const question = desk.dialogCalls.filter((c) => c.method === 'showMessageBox')[1]?.options as { message: string; buttons: string[] };
  expect(question.message).toContain('demo.json');
  expect(question.buttons).toEqual(['Save', "Don't Save", 'Cancel']);
  await page.waitForTimeout(300);
  expect(desk.windows()).toHaveLength(1);
  expect(title(desk)).toBe('● demo.json • f8studio');

  // File > Save from the menu writes the file (read back), with no dialog; the marker goes
  await desk.clickMenu('File', 'Save');
  await expect.poll(() => (JSON.parse(readFileSync(mine, 'utf8')) as { nodes: { nodeId: string; label?: string }[] }).nodes.find((n) => n.nodeId === 'logger')?.label).toBe('Logger 2');
  await expect.poll(() => title(desk)).toBe('demo.json • f8studio');
  expect(desk.dialogCalls.filter((c) => c.method === 'showSaveDialog')).toHaveLength(0);
  await ed.shot('desktop-habits-1-saved');

  // a second launch with a file: it hands the file to this window and exits; no second window
  const other = join(home, 'second.f8graph');
  writeFileSync(other, JSON.stringify({ ...(JSON.parse(readFileSync(demo, 'utf8')) as object), name: 'Second' }));
  const second = await launch(browser, 'user-a', { args: [other] });
  expect(await second.exited).toEqual({ code: 0, signal: null });
  expect(second.windows()).toHaveLength(0);
  await expect.poll(() => title(desk), { timeout: 15_000 }).toBe('second.f8graph • f8studio');
  await expect(page.getByTestId('title')).toContainText('second');
  // both files are in File > Open Recent, newest first
  await expect
    .poll(() =>
      item(desk.menuTemplate(), 'File', 'Open Recent')
        ?.submenu?.filter((i) => i.id?.startsWith('recent:/'))
        .map((i) => i.sublabel),
    )
    .toEqual([other, mine]);

  // a graph file dropped on the window opens (its path from webUtils.getPathForFile in the preload)
  const dropped = join(home, 'dropped.f8graph');
  writeFileSync(dropped, JSON.stringify({ ...(JSON.parse(readFileSync(demo, 'utf8')) as object), name: 'Dropped' }));
  await desk.registerFilePath('dropped.f8graph', dropped);
  await page.evaluate(
    async (text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.f8graph', { type: 'application/json' }));
      const target = document.querySelector('.react-flow__pane') ?? document.body;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    readFileSync(dropped, 'utf8'),
  );
  await expect.poll(() => title(desk), { timeout: 15_000 }).toBe('dropped.f8graph • f8studio');
  // the OS hands a file over (macOS open-file)
  const fromOs = join(home, 'from-os.f8graph');
  copyFileSync(dropped, fromOs);
  expect((await desk.emitApp('open-file', fromOs)).prevented).toBe(true);
  await expect.poll(() => title(desk), { timeout: 15_000 }).toBe('from-os.f8graph • f8studio');

  // the window's security: isolated, sandboxed, no Node; permissions denied; new windows denied
  // and only http(s) links handed to the system browser
  const prefs = (desk.windows()[0]?.options as { webPreferences?: Record<string, unknown> }).webPreferences;
  expect([prefs?.contextIsolation, prefs?.sandbox, prefs?.nodeIntegration]).toEqual([true, true, false]);
  expect(await desk.requestPermission(page, 'media')).toBe(false);
  expect(await desk.checkPermission(page, 'notifications', new URL(page.url()).origin)).toBe(false);
  expect((await desk.windowOpen(page, 'https://nats.io/docs')).action).toBe('deny');
  expect((await desk.windowOpen(page, 'file:///etc/passwd')).action).toBe('deny');
  expect((await desk.windowOpen(page, `${new URL(page.url()).origin}/x`)).action).toBe('deny');
  expect(desk.shellCalls.filter((c) => c.method === 'openExternal').map((c) => c.args[0])).toEqual(['https://nats.io/docs']);
  // IPC from a foreign frame, or with no frame, is refused
  await expect(desk.invokeAs(page, 'f8:connection-info', [{}], { senderUrl: 'https://evil.example/' })).rejects.toThrow(/refused: the sender is not the app's window/);
  await expect(desk.invokeAs(page, 'f8:connection-info', [{}], { senderUrl: null })).rejects.toThrow(/refused/);
  await expect(desk.invokeAs(page, 'f8:save-graph', [{ path: '/etc/x.f8graph', name: 'x.f8graph', text: '{}' }])).rejects.toThrow(/refused: \/etc\/x.f8graph was not opened or saved through this app/);
  expect(desk.consoleErrors.filter((e) => !NATS_WS_CLOSE.test(e))).toEqual([]);

  // File > Settings…: the theme follows at once and is kept in settings.json
  await desk.clickMenu('File', 'Settings…');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByText(/nats-server \d+\.\d+\.\d+/)).toBeVisible();
  await ed.shot('desktop-habits-2-settings');
  await settings.getByRole('radio', { name: 'Dark' }).check();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toBeHidden();
  expect(JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'dark', liveDefault: false, dataDir: null });
  await expect(page.locator('html')).not.toHaveClass(/light/);

  // quit: nothing is unsaved, so nothing is asked; the window's place is kept for next time
  await quitLeavingNothing(desk, join(home, '.f8studio'));
  expect(desk.dialogCalls.filter((c) => c.method === 'showMessageBox')).toHaveLength(2);
  expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toEqual({ x: 120, y: 80, width: 1280, height: 800, maximized: false });
});

test('no nats-server: the window explains it, Retry starts once there is one, and the file given at launch opens', async ({ browser }) => {
  test.setTimeout(180_000);
  // the bundled copy would be found in a checkout's build/bin: this test needs it absent
  expect(existsSync(join(root, 'build', 'bin', 'nats-server')), 'build/bin/nats-server exists: remove it to run this test').toBe(false);
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  const dataDir = join(home, 'data-b');
  // launched with a graph file (as a double-click through the file association does)
  const argFile = join(home, 'launched.f8graph');
  copyFileSync(demo, argFile);
  const desk = await launch(browser, 'user-b', { env: { PATH: bin, F8_NATS_SEARCH_WELL_KNOWN: '0', F8_NATS_SERVER: '', F8_DATA_DIR: dataDir }, args: [argFile] });
  const page: Page = await desk.firstWindow();
  await expect(page.locator('html')).toHaveAttribute('data-failure', 'nats-not-found');
  await expect(page.getByRole('heading', { name: 'nats-server was not found' })).toBeVisible();
  await expect(page.getByText('sudo apt-get install nats-server')).toBeVisible();
  for (const name of ['Retry', 'Quit']) await expect(page.getByRole('button', { name })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retry' })).toBeFocused();
  mkdirSync(join(root, 'e2e', 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'e2e', 'artifacts', 'desktop-startup-failure.png') });
  expect(title(desk)).toMatch(/f8studio/);

  // the page's buttons reach main only from that page: a foreign frame is refused
  await expect(desk.invokeAs(page, 'f8:startup-action', [{ action: 'quit' }], { senderUrl: 'http://127.0.0.1:9/' })).rejects.toThrow(/refused: the sender is not the app's start-up page/);

  // install one (a link on the PATH the app was started with), then Retry: the editor connects
  symlinkSync(process.env.F8_NATS_BIN ?? '/usr/sbin/nats-server', join(bin, 'nats-server'));
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await expect(page.getByTestId('connection')).toContainText('connected', { timeout: 30_000 });
  // the file it was launched with opens once the editor is up
  await expect.poll(() => title(desk), { timeout: 15_000 }).toBe('launched.f8graph • f8studio');
  await expect.poll(async () => (await new EditorPage(page).graph()).nodes.length).toBe(8);
  expect(desk.consoleErrors.filter((e) => !NATS_WS_CLOSE.test(e))).toEqual([]);
  await quitLeavingNothing(desk, dataDir);
});

test('a data folder another master holds: the window says so and connects to it; quitting leaves that master running', async ({ browser }) => {
  test.setTimeout(180_000);
  const dataDir = join(home, 'data-c');
  const master = await startMaster(dataDir);
  try {
    const desk = await launch(browser, 'user-c', { env: { F8_DATA_DIR: dataDir } });
    const page = await desk.firstWindow();
    await expect(page.locator('html')).toHaveAttribute('data-failure', 'locked');
    await expect(page.getByRole('heading', { name: 'Another f8studio is using this data folder' })).toBeVisible();
    await expect(page.getByText(`pid ${master.child.pid}`).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Connect to It' })).toBeFocused();
    await page.screenshot({ path: join(root, 'e2e', 'artifacts', 'desktop-startup-locked.png') });
    // the token is never on the page
    expect(await page.content()).not.toMatch(/token=/);

    await page.getByRole('button', { name: 'Connect to It' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toBe(`${new URL(master.url).origin}/`);
    await expect(page.getByTestId('connection')).toContainText('connected', { timeout: 30_000 });
    await expect(page.getByLabel('Lease: held by this editor')).toBeVisible({ timeout: 15_000 });
    expect(desk.consoleErrors.filter((e) => !NATS_WS_CLOSE.test(e))).toEqual([]);
    expect((await desk.quit()).code).toBe(0);
    // the other master is not this app's to stop
    expect(master.child.exitCode).toBeNull();
    expect(alive(master.child.pid as number)).toBe(true);
    expect(existsSync(join(dataDir, 'master.lock'))).toBe(true);
  } finally {
    await master.stop();
  }
});
