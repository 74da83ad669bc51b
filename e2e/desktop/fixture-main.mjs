// A tiny Electron main bundle for e2e/desktop-standin.spec.ts: it uses the parts of `electron` the
// real main process uses (and a few more) so the stand-in can be proven against known behaviour.
// It serves its pages from a loopback HTTP server, as the real app's renderer is reached over
// http://127.0.0.1 under Playwright.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, session, shell } from 'electron';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const preload = join(import.meta.dirname, 'fixture-preload.cjs');
const preloadNeedingFs = join(import.meta.dirname, 'fixture-preload-fs.cjs');
let origin = '';
const events = []; // what happened in this process, for the test to read through IPC

const page = (title) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body>
<h1>${title}</h1>
<input type="file" id="file">
<a id="docs" href="https://docs.example/guide" target="_blank">docs</a>
<script>window.inlineScriptRan = true;</script>
<script src="/app.js"></script>
</body></html>`;

// the page's own script: proves the preload ran first and collects what main sends
const appJs = `window.pings = [];
window.apiSeenByPageScript = typeof window.fixture;
if (window.fixture) window.fixture.onPing((payload) => window.pings.push(payload));
`;

const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/' || path === '/index.html') return send(res, 'text/html', page('Fixture main'));
  if (path === '/second.html') return send(res, 'text/html', page('Second window'));
  if (path === '/other.html') return send(res, 'text/html', page('Other page'));
  if (path === '/app.js') return send(res, 'text/javascript', appJs);
  res.writeHead(404).end('not found');
});
function send(res, type, body) {
  res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
}

app.commandLine.appendSwitch('force-color-profile', 'srgb');
app.setAboutPanelOptions({ applicationName: 'Fixture', applicationVersion: app.getVersion() });
if (!app.requestSingleInstanceLock()) app.quit();

function senderIsOurs(event) {
  const url = event.senderFrame?.url ?? '';
  return origin !== '' && url.startsWith(`${origin}/`);
}

let guardNextClose = false;

async function createWindow(path, { width, height, preloadPath = preload, show = true } = {}) {
  const win = new BrowserWindow({
    ...(width ? { width, height } : {}),
    title: 'Fixture',
    show,
    webPreferences: { preload: preloadPath, contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    events.push(`window-open ${url}`);
    if (/^https:/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    events.push(`will-navigate ${url}`);
    if (!url.startsWith(`${origin}/`)) event.preventDefault();
  });
  win.webContents.on('did-finish-load', () => events.push(`did-finish-load ${win.id}`));
  win.once('ready-to-show', () => events.push(`ready-to-show ${win.id}`));
  win.on('focus', () => events.push(`focus ${win.id}`));
  win.on('close', (event) => {
    if (guardNextClose) {
      guardNextClose = false;
      events.push(`close-prevented ${win.id}`);
      event.preventDefault();
    }
  });
  win.on('closed', () => events.push(`closed ${win.id}`));
  await win.loadURL(`${origin}${path}`);
  return win;
}

const menuTemplate = [
  {
    label: 'File',
    submenu: [
      {
        label: 'Open…',
        accelerator: 'CmdOrCtrl+O',
        click: async (_item, win) => {
          const result = await dialog.showOpenDialog(win, { title: 'Open a graph', properties: ['openFile'], filters: [{ name: 'Graphs', extensions: ['json'] }] });
          win?.webContents.send('fixture:ping', { opened: result.filePaths, canceled: result.canceled });
        },
      },
      { label: 'New Window', click: () => void createWindow('/second.html', { width: 640, height: 480 }).catch((e) => console.error(e)) },
      { label: 'Window With Bad Preload', click: () => void createWindow('/second.html', { preloadPath: preloadNeedingFs }).catch((e) => console.error(e)) },
      { label: 'Disabled', enabled: false, click: () => events.push('disabled item clicked') },
      { type: 'separator' },
      { role: 'quit' },
    ],
  },
  { label: 'Edit', submenu: [{ role: 'copy' }, { role: 'paste' }] },
  {
    label: 'View',
    submenu: [{ label: 'Dark', id: 'dark', type: 'checkbox', checked: false, click: (item) => (nativeTheme.themeSource = item.checked ? 'dark' : 'light') }, { role: 'toggleDevTools' }],
  },
  {
    label: 'Help',
    submenu: [
      { label: 'Docs', click: () => void shell.openExternal('https://docs.example/help') },
      { label: 'Show Data Folder', click: () => shell.showItemInFolder(app.getPath('userData')) },
    ],
  },
];

app.whenReady().then(async () => {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': ["script-src 'self'"], 'X-Fixture': [details.resourceType] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'clipboard-read'));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'clipboard-read');

  ipcMain.handle('fixture:secret', (event) => {
    if (!senderIsOurs(event)) throw new Error('unexpected IPC sender');
    return 'the secret';
  });
  ipcMain.handle('fixture:who-am-i', (event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    return {
      senderUrl: event.senderFrame?.url ?? null,
      windowId: win?.id ?? null,
      webContentsUrl: event.sender.getURL(),
      title: win?.getTitle() ?? null,
      bounds: win?.getBounds() ?? null,
      windows: BrowserWindow.getAllWindows().map((w) => w.id),
      focused: BrowserWindow.getFocusedWindow()?.id ?? null,
      ready: app.isReady(),
      userData: app.getPath('userData'),
      home: app.getPath('home'),
      appPath: app.getAppPath(),
      version: app.getVersion(),
      name: app.getName(),
      isPackaged: app.isPackaged,
      argv: process.argv.slice(2),
      dark: nativeTheme.shouldUseDarkColors,
      events,
    };
  });
  ipcMain.handle('fixture:fail', () => {
    throw new Error('handler failed on purpose');
  });
  ipcMain.handle('fixture:open', (event) => dialog.showOpenDialog(BrowserWindow.fromWebContents(event.sender), { title: 'Open a graph', properties: ['openFile'] }));
  ipcMain.handle('fixture:confirm', async () => {
    const { response } = await dialog.showMessageBox({ type: 'question', buttons: ['Discard', 'Cancel'], message: 'Discard changes?' });
    return response === 0 ? 'discarded' : 'kept';
  });
  ipcMain.handle('fixture:save', async (event) => dialog.showSaveDialog(BrowserWindow.fromWebContents(event.sender), { defaultPath: 'graph.json' }));
  ipcMain.handle('fixture:error-box', () => dialog.showErrorBox('Broken', 'something broke'));
  ipcMain.handle('fixture:try-load', async (_event, url) => {
    const win = new BrowserWindow({ show: false });
    try {
      await win.loadURL(url);
      return { ok: true };
    } catch (err) {
      return { ok: false, message: err.message, code: err.code };
    } finally {
      win.destroy();
    }
  });
  ipcMain.handle('fixture:unsupported', () => {
    const messages = [];
    for (const attempt of [() => app.relaunch(), () => app.getGPUInfo('basic'), () => session.fromPartition('x'), () => dialog.showOpenDialogSync({})]) {
      try {
        attempt();
        messages.push('no error');
      } catch (err) {
        messages.push(err.message);
      }
    }
    return messages;
  });
  ipcMain.handle('fixture:guard-close', () => {
    guardNextClose = true;
  });
  ipcMain.handle('fixture:not-cloneable', () => ({ fn: () => 1 }));
  ipcMain.on('fixture:log', (event, message) => {
    events.push(`log ${message}`);
    event.reply('fixture:ping', { echo: message, from: event.senderFrame?.url ?? null });
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate));
  await createWindow('/', { width: 1000, height: 700 });
  console.log(`fixture: main window loaded from ${origin}`);
});

app.on('second-instance', (_event, argv, workingDirectory) => {
  const win = BrowserWindow.getAllWindows()[0];
  win?.focus();
  win?.webContents.send('fixture:ping', { secondInstance: argv, workingDirectory });
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  quitting = true;
  event.preventDefault();
  void (async () => {
    // async cleanup, then exit, as the real main process stops its master and nats-server
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(join(app.getPath('userData'), 'cleanup-done'), 'yes');
    console.log('fixture: cleanup done');
    app.exit(0);
  })();
});

app.on('window-all-closed', () => app.quit());
