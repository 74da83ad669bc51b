// The electron stand-in (e2e/desktop/) proven against a tiny main bundle
// (e2e/desktop/fixture-main.mjs): the bundle runs in a Node child with `electron` mapped to the
// stand-in, and its windows are Chromium pages driven here. Fast run without the root globalSetup:
// `npx playwright test -c e2e/desktop/playwright.config.ts`.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchDesktop, type Desktop } from './desktop/harness.js';

const root = resolve(import.meta.dirname, '..');
const FIXTURE = 'e2e/desktop/fixture-main.mjs';

/** What fixture-preload.cjs exposes, and what the fixture's page script leaves on window. */
interface FixtureWindow {
  fixture: {
    modules: { events: string; timers: string; url: string };
    preloadRanBeforePage: boolean;
    whoAmI(): Promise<WhoAmI>;
    secret(): Promise<string>;
    fail(): Promise<never>;
    missing(): Promise<never>;
    notCloneable(): Promise<never>;
    openFile(): Promise<unknown>;
    saveFile(): Promise<unknown>;
    confirm(): Promise<string>;
    errorBox(): Promise<void>;
    tryLoad(url: string): Promise<unknown>;
    unsupported(): Promise<string[]>;
    guardClose(): Promise<void>;
    log(message: string): void;
    pathOf(file: File): string;
    tryRequire(name: string): string;
  };
  pings: unknown[];
  apiSeenByPageScript: string;
  inlineScriptRan?: boolean;
  badApi?: unknown;
}
interface WhoAmI {
  senderUrl: string | null;
  windowId: number | null;
  webContentsUrl: string;
  title: string | null;
  bounds: { x: number; y: number; width: number; height: number } | null;
  windows: number[];
  focused: number | null;
  ready: boolean;
  userData: string;
  home: string;
  appPath: string;
  version: string;
  name: string;
  isPackaged: boolean;
  argv: string[];
  dark: boolean;
  events: string[];
}

let tmp: string;

/** A loopback port nobody listens on (Chromium refuses some low ports as unsafe). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function makeAppDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture-app', productName: 'Fixture App', version: '1.2.3' }));
  return dir;
}

function launch(browser: Browser, name: string, args: string[] = []): Promise<Desktop> {
  return launchDesktop({
    browser,
    mainBundle: FIXTURE,
    cwd: root,
    args,
    env: { HOME: join(tmp, name, 'home') },
    userData: join(tmp, name, 'user'),
    appPath: makeAppDir(join(tmp, name, 'app')),
    timeoutMs: 15_000,
  });
}

test.beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'f8-standin-'));
});

test.afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

test.describe('one app through every feature', () => {
  test.describe.configure({ mode: 'serial' });

  let desk: Desktop;
  let page: Page;
  const who = (p: Page = page): Promise<WhoAmI> => p.evaluate(() => (window as unknown as FixtureWindow).fixture.whoAmI());
  const pings = (): Promise<unknown[]> => page.evaluate(() => (window as unknown as FixtureWindow).pings);

  test.beforeAll(async ({ browser }) => {
    desk = await launch(browser, 'main', ['--flag', 'x']);
    page = await desk.firstWindow();
  });

  test.afterAll(async () => {
    await desk?.kill();
  });

  test('the first window is a page with the BrowserWindow size, its preload ran before the page scripts', async () => {
    expect(desk.windows().map((w) => w.id)).toEqual([1]);
    const [win] = desk.windows();
    expect(win?.options).toMatchObject({ width: 1000, height: 700, title: 'Fixture', show: true });
    expect(win?.options.webPreferences?.preload).toBe(join(root, 'e2e/desktop/fixture-preload.cjs'));
    expect(page.viewportSize()).toEqual({ width: 1000, height: 700 });
    // Electron's window title follows the page's <title> (page-title-updated not prevented)
    await expect.poll(() => desk.window(1).title).toBe('Fixture main');
    const seen = await page.evaluate(() => {
      const w = window as unknown as FixtureWindow;
      return [typeof w.fixture, Object.isFrozen(w.fixture), w.apiSeenByPageScript, w.fixture.preloadRanBeforePage, w.fixture.modules];
    });
    expect(seen).toEqual(['object', true, 'object', true, { events: 'function', timers: 'function', url: '/a/b' }]);
  });

  test('ipcMain handlers see the sender frame, the window and the app (paths, version, argv)', async () => {
    const me = await who();
    expect(me).toMatchObject({
      senderUrl: page.url(),
      windowId: 1,
      webContentsUrl: page.url(),
      title: 'Fixture main',
      bounds: { x: 0, y: 0, width: 1000, height: 700 },
      windows: [1],
      focused: 1,
      ready: true,
      userData: join(tmp, 'main', 'user'),
      home: join(tmp, 'main', 'home'),
      appPath: join(tmp, 'main', 'app'),
      version: '1.2.3',
      name: 'Fixture App',
      isPackaged: false,
      argv: ['--flag', 'x'],
    });
    expect(me.events).toEqual(expect.arrayContaining(['focus 1', 'did-finish-load 1', 'ready-to-show 1']));
    expect(existsSync(join(tmp, 'main', 'user'))).toBe(true);
  });

  test('session.webRequest.onHeadersReceived edits the responses: its CSP blocks the inline script', async () => {
    expect(await page.evaluate(() => (window as unknown as FixtureWindow).inlineScriptRan)).toBeUndefined();
    expect(desk.consoleErrors.join('\n')).toMatch(/inline script violates the following Content Security Policy directive 'script-src 'self''/);
    const header = await page.evaluate(async () => (await fetch('/app.js')).headers.get('x-fixture'));
    expect(header).toBe('xhr'); // the listener saw Electron's resourceType of a fetch
    expect(desk.sessionCalls.map((c) => c.method)).toEqual(['webRequest.onHeadersReceived', 'setPermissionRequestHandler', 'setPermissionCheckHandler']);
  });

  test('an invoke is answered only for the app’s own sender url: a foreign or missing sender frame is refused', async () => {
    expect(await page.evaluate(() => (window as unknown as FixtureWindow).fixture.secret())).toBe('the secret');
    expect(await desk.invokeAs(page, 'fixture:secret')).toBe('the secret');
    const refused = "Error invoking remote method 'fixture:secret': Error: unexpected IPC sender";
    await expect(desk.invokeAs(page, 'fixture:secret', [], { senderUrl: 'https://evil.example/' })).rejects.toThrow(refused);
    await expect(desk.invokeAs(page, 'fixture:secret', [], { senderUrl: null })).rejects.toThrow(refused);
    const rejections = await page.evaluate(async () => {
      const f = (window as unknown as FixtureWindow).fixture;
      const message = (p: Promise<unknown>): Promise<string> =>
        p.then(
          () => 'resolved',
          (e: Error) => e.message,
        );
      return [await message(f.fail()), await message(f.missing()), await message(f.notCloneable())];
    });
    expect(rejections[0]).toBe("Error invoking remote method 'fixture:fail': Error: handler failed on purpose");
    expect(rejections[1]).toBe("Error invoking remote method 'fixture:no-such-handler': Error: No handler registered for 'fixture:no-such-handler'");
    expect(rejections[2]).toMatch(/^Error invoking remote method 'fixture:not-cloneable': Error: An object could not be cloned/);
  });

  test('ipcRenderer.send reaches ipcMain.on; event.reply (webContents.send) reaches the page', async () => {
    await page.evaluate(() => (window as unknown as FixtureWindow).fixture.log('hello'));
    await expect.poll(pings).toContainEqual({ echo: 'hello', from: page.url() });
  });

  test('dialogs are recorded and answered from the queue (canceled / response 0 when nothing is queued)', async () => {
    const call = (name: 'openFile' | 'saveFile' | 'confirm' | 'errorBox'): Promise<unknown> => page.evaluate((n) => (window as unknown as FixtureWindow).fixture[n](), name);
    desk.answerDialog('showOpenDialog', { canceled: false, filePaths: ['/x/demo.json'] });
    expect(await call('openFile')).toEqual({ canceled: false, filePaths: ['/x/demo.json'] });
    expect(await call('openFile')).toEqual({ canceled: true, filePaths: [] });
    expect(await call('confirm')).toBe('discarded');
    desk.answerDialog('showMessageBox', { response: 1, checkboxChecked: false });
    expect(await call('confirm')).toBe('kept');
    desk.answerDialog('showSaveDialog', { canceled: false, filePath: '/x/out.json' });
    expect(await call('saveFile')).toEqual({ canceled: false, filePath: '/x/out.json' });
    await call('errorBox');
    expect(desk.dialogCalls.map((c) => [c.method, c.windowId])).toEqual([
      ['showOpenDialog', 1],
      ['showOpenDialog', 1],
      ['showMessageBox', null],
      ['showMessageBox', null],
      ['showSaveDialog', 1],
      ['showErrorBox', null],
    ]);
    expect(desk.dialogCalls[0]?.options).toMatchObject({ title: 'Open a graph', properties: ['openFile'] });
    expect(desk.dialogCalls[5]?.options).toEqual({ title: 'Broken', content: 'something broke' });
  });

  test('the application menu: its template reaches the test, a click by label path runs in the main process', async () => {
    const menu = desk.menuTemplate();
    expect(menu?.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    const file = menu?.[0]?.submenu ?? [];
    expect(file.map((i) => i.label || i.role || i.type)).toEqual(['Open…', 'New Window', 'Window With Bad Preload', 'Disabled', 'separator', 'quit']);
    expect(file[0]).toMatchObject({ accelerator: 'CmdOrCtrl+O', type: 'normal', enabled: true, visible: true });
    expect(file[3]?.enabled).toBe(false);

    desk.answerDialog('showOpenDialog', { canceled: false, filePaths: ['/x/menu.json'] });
    await desk.clickMenu('File', 'Open…');
    await expect.poll(pings).toContainEqual({ opened: ['/x/menu.json'], canceled: false });
    expect(desk.dialogCalls.at(-1)).toMatchObject({ method: 'showOpenDialog', windowId: 1 }); // the focused window

    await expect(desk.clickMenu('File', 'Disabled')).rejects.toThrow('menu item File > Disabled is disabled');
    await expect(desk.clickMenu('File', 'Nope')).rejects.toThrow("no menu item 'Nope' in File");
    await expect(desk.clickMenu('Edit', 'copy')).rejects.toThrow("not supported by the stand-in: menu role 'copy'");

    // a checkbox flips before its click runs; nativeTheme.themeSource reaches the pages' color scheme
    await desk.clickMenu('View', 'Dark');
    expect(desk.menuTemplate()?.[2]?.submenu?.[0]?.checked).toBe(true);
    await expect.poll(() => page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    expect((await who()).dark).toBe(true);
    await desk.clickMenu('View', 'dark'); // by id
    expect(desk.menuTemplate()?.[2]?.submenu?.[0]?.checked).toBe(false);
    await expect.poll(() => page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(false);
  });

  test('shell calls are recorded; a target=_blank link asks setWindowOpenHandler, which denies and opens it externally', async () => {
    await page.click('#docs');
    await expect.poll(() => desk.shellCalls).toContainEqual({ method: 'openExternal', args: ['https://docs.example/guide'] });
    await expect.poll(() => page.context().pages().length).toBe(1); // the denied popup is gone
    expect(await desk.windowOpen(page, 'https://docs.example/other')).toEqual({ action: 'deny' });
    await desk.clickMenu('Help', 'Docs');
    await desk.clickMenu('Help', 'Show Data Folder');
    await expect.poll(() => desk.shellCalls).toContainEqual({ method: 'showItemInFolder', args: [join(tmp, 'main', 'user')] });
    expect(desk.shellCalls).toContainEqual({ method: 'openExternal', args: ['https://docs.example/help'] });
    expect(desk.unsupported.filter((u) => u.includes('window.open'))).toEqual([]);
  });

  test('will-navigate: the app refuses a navigation away from its origin', async () => {
    const before = page.url();
    await page.evaluate(() => {
      location.href = 'https://elsewhere.example/';
    });
    await expect.poll(() => desk.blockedNavigations).toContainEqual({ windowId: 1, url: 'https://elsewhere.example/' });
    expect(page.url()).toBe(before);
    expect((await who()).events).toContain('will-navigate https://elsewhere.example/');
  });

  test('webUtils.getPathForFile answers the path the test registered for a file name, else ""', async () => {
    await desk.registerFilePath('demo.json', '/data/demo.json');
    const pathOfInput = (): Promise<string> =>
      page.evaluate(() => {
        const input = document.getElementById('file') as HTMLInputElement;
        return (window as unknown as FixtureWindow).fixture.pathOf(input.files?.[0] as File);
      });
    await page.setInputFiles('#file', { name: 'demo.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
    expect(await pathOfInput()).toBe('/data/demo.json');
    await page.setInputFiles('#file', { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
    expect(await pathOfInput()).toBe('');
  });

  test('a second window from the menu has its own page; its close can be prevented; closing it keeps the app', async () => {
    await desk.clickMenu('File', 'New Window');
    const second = await desk.waitForWindow((w) => w.id === 2);
    expect(second.page.viewportSize()).toEqual({ width: 640, height: 480 });
    expect(second.context).not.toBe(desk.window(1).context);
    await expect.poll(() => desk.window(2).title).toBe('Second window');
    expect(await who(second.page)).toMatchObject({ windowId: 2, windows: [1, 2], focused: 2, senderUrl: second.page.url() });
    await desk.focusWindow(1);
    expect((await who()).focused).toBe(1);
    expect(desk.windows().map((w) => [w.id, w.focused])).toEqual([
      [1, true],
      [2, false],
    ]);
    await desk.focusWindow(2);

    await page.evaluate(() => (window as unknown as FixtureWindow).fixture.guardClose());
    expect(await desk.closeWindow(2)).toBe(false);
    expect(desk.windows().map((w) => w.id)).toEqual([1, 2]);
    expect(await desk.closeWindow(2)).toBe(true);
    expect(desk.windows().map((w) => w.id)).toEqual([1]);
    expect(second.page.isClosed()).toBe(true);
    const me = await who();
    expect(me.windows).toEqual([1]);
    expect(me.focused).toBe(1); // the focus went back to the window left
    expect(me.events).toEqual(expect.arrayContaining(['close-prevented 2', 'closed 2']));
    expect(desk.child.exitCode).toBeNull();
  });

  test('a sandboxed preload may require electron, events, timers and url only: one that requires fs fails', async () => {
    const tryRequire = (name: string): Promise<string> => page.evaluate((n) => (window as unknown as FixtureWindow).fixture.tryRequire(n), name);
    expect(await tryRequire('fs')).toBe('module not found: fs');
    expect(await tryRequire('child_process')).toBe('module not found: child_process');
    expect(await tryRequire('node:events')).toBe('loaded');

    await desk.clickMenu('File', 'Window With Bad Preload');
    const bad = await desk.waitForWindow((w) => w.id === 3);
    expect(bad.page.viewportSize()).toEqual({ width: 1400, height: 900 }); // no size given: the harness default
    expect(await bad.page.evaluate(() => typeof (window as unknown as FixtureWindow).badApi)).toBe('undefined');
    expect(desk.consoleErrors).toContainEqual(expect.stringMatching(/^\[window 3\] Unable to load preload script: .*fixture-preload-fs\.cjs$/));
    expect(desk.consoleErrors).toContain('[window 3] Error: module not found: fs');
    expect(await desk.closeWindow(3)).toBe(true);
  });

  test('loadURL rejects with the navigation error, as Electron words it', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const result = await page.evaluate((u) => (window as unknown as FixtureWindow).fixture.tryLoad(u), url);
    expect(result).toEqual({ ok: false, message: `ERR_CONNECTION_REFUSED (-102) loading '${url}'`, code: 'ERR_CONNECTION_REFUSED' });
    expect(desk.windows().map((w) => w.id)).toEqual([1]); // the hidden window was destroyed
  });

  test('permission handlers, app events from the OS and recorded app calls', async () => {
    expect(await desk.requestPermission(page, 'clipboard-read')).toBe(true);
    expect(await desk.requestPermission(page, 'media')).toBe(false);
    expect(await desk.checkPermission(page, 'clipboard-read', new URL(page.url()).origin)).toBe(true);
    expect(await desk.checkPermission(page, 'geolocation', new URL(page.url()).origin)).toBe(false);
    await desk.emitApp('second-instance', ['f8', '--open', 'x.json'], '/somewhere');
    await expect.poll(pings).toContainEqual({ secondInstance: ['f8', '--open', 'x.json'], workingDirectory: '/somewhere' });
    expect(desk.appCalls).toEqual(
      expect.arrayContaining([
        { method: 'commandLine.appendSwitch', args: ['force-color-profile', 'srgb'] },
        { method: 'setAboutPanelOptions', args: [{ applicationName: 'Fixture', applicationVersion: '1.2.3' }] },
        { method: 'requestSingleInstanceLock', args: [] },
        { method: 'webContents.setWindowOpenHandler', args: [1] },
      ]),
    );
  });

  test('the single-instance lock holds across processes: a second launch on the same user data hands over its argv and cwd', async ({ browser }) => {
    const second = await launch(browser, 'main', ['--open', 'second.json']);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.windows()).toEqual([]);
    await expect.poll(pings).toContainEqual({ secondInstance: [process.execPath, resolve(root, FIXTURE), '--open', 'second.json'], workingDirectory: root });
    // another user-data folder is another app: it gets its own lock
    const other = await launch(browser, 'main-2');
    try {
      await other.firstWindow();
    } finally {
      await other.kill();
    }
  });

  test('what the stand-in does not support throws and is reported', async () => {
    expect(await page.evaluate(() => (window as unknown as FixtureWindow).fixture.unsupported())).toEqual([
      'not supported by the stand-in: app.relaunch',
      'not supported by the stand-in: app.getGPUInfo',
      'not supported by the stand-in: session.fromPartition',
      'not supported by the stand-in: dialog.showOpenDialogSync',
    ]);
    expect(desk.unsupported).toEqual(expect.arrayContaining(["menu role 'copy'", 'app.relaunch', 'app.getGPUInfo', 'session.fromPartition', 'dialog.showOpenDialogSync']));
  });

  test('will-navigate: a navigation within the app’s origin goes ahead', async () => {
    await Promise.all([page.waitForURL('**/other.html'), page.evaluate(() => (location.href = '/other.html'))]);
    await expect.poll(() => desk.window(1).title).toBe('Other page');
    const me = await who();
    expect(me.webContentsUrl).toBe(page.url());
    expect(me.events).toContain(`will-navigate ${page.url()}`);
  });

  test('quit: before-quit is prevented for an async cleanup, then app.exit(0); the child exits 0 and nothing is left', async () => {
    const pid = desk.pid as number;
    expect(await desk.quit()).toEqual({ code: 0, signal: null });
    expect(existsSync(join(tmp, 'main', 'user', 'cleanup-done'))).toBe(true);
    expect(desk.output()).toContain('fixture: cleanup done');
    expect(desk.processesLeft()).toEqual([]);
    expect(() => process.kill(pid, 0)).toThrow();
    await expect.poll(() => page.isClosed()).toBe(true);
    expect(desk.harnessErrors).toEqual([]);
    // the only console errors: the CSP at work and the refused preload
    expect(desk.consoleErrors.filter((e) => !/inline script violates the following Content Security Policy|Unable to load preload script|module not found: fs/.test(e))).toEqual([]);
  });
});

test('closing the last window quits the app (window-all-closed -> app.quit -> cleanup -> exit 0)', async ({ browser }) => {
  const desk = await launch(browser, 'last-window');
  try {
    const page = await desk.firstWindow();
    expect(await desk.closeWindow(page)).toBe(true);
    expect(await desk.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(tmp, 'last-window', 'user', 'cleanup-done'))).toBe(true);
    expect(desk.processesLeft()).toEqual([]);
  } finally {
    await desk.kill();
  }
});

test('the quit role of the menu quits the app; a page closed from the outside closes its window', async ({ browser }) => {
  const desk = await launch(browser, 'menu-quit');
  try {
    await desk.firstWindow();
    await desk.clickMenu('File', 'New Window');
    const second = await desk.waitForWindow((w) => w.id === 2);
    await second.page.close(); // as if the renderer went away: the main process gets 'closed'
    await expect.poll(() => desk.windows().map((w) => w.id)).toEqual([1]);
    await desk.clickMenu('File', 'quit');
    expect(await desk.exited).toEqual({ code: 0, signal: null });
  } finally {
    await desk.kill();
  }
});

test('kill() ends a running app and what it left in its process group', async ({ browser }) => {
  const desk = await launch(browser, 'killed');
  await desk.firstWindow();
  expect(desk.processesLeft().map((p) => p.pid)).toEqual([desk.pid]);
  await desk.kill();
  expect(await desk.exited).toEqual({ code: null, signal: 'SIGKILL' });
  expect(desk.processesLeft()).toEqual([]);
  expect(desk.windows()).toEqual([]);
});
