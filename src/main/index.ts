// Electron main: the composition root of the desktop app. It starts the backend through src/host
// (the same start-up as `f8 master`: lock, supervised nats-server, master, the editor's loopback
// web server) and opens the editor window on that web server, whose origin nats-server allows.
// Logic lives in plain modules (src/main/desktop, src/host); this file is thin glue.
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { startHost, type Host } from '../host/index.js';
import { consoleLogger } from './util/log.js';
import { desktopHostOptions } from './desktop/backend.js';
import { desktopIpc } from './desktop/ipc.js';
import type { ConnectionInfo } from '../shared/ipc.js';

const log = consoleLogger('desktop');
let host: Host | null = null;
let appOrigin: string | null = null;
let mainWindow: BrowserWindow | null = null;

const GRAPH_FILTERS = [
  { name: 'f8studio graph', extensions: ['f8graph', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

function connectionInfo(): ConnectionInfo {
  return { natsWsUrl: host?.wsUrl ?? null, natsUrl: host?.plainNatsUrl ?? null, token: host?.editorToken ?? null };
}

function registerIpc(): void {
  const handlers = desktopIpc({
    appOrigin: () => appOrigin,
    connectionInfo,
    chooseOpenPath: async () => {
      const r = await dialog.showOpenDialog(mainWindow as BrowserWindow, { title: 'Open graph', properties: ['openFile'], filters: GRAPH_FILTERS });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    chooseSavePath: async (name) => {
      const r = await dialog.showSaveDialog(mainWindow as BrowserWindow, { title: 'Save graph', defaultPath: name, filters: GRAPH_FILTERS });
      return r.canceled ? null : (r.filePath ?? null);
    },
  });
  for (const [channel, handle] of Object.entries(handlers)) {
    ipcMain.handle(channel, (event, payload: unknown) => handle(event.senderFrame?.url, payload));
  }
}

async function createWindow(url: string): Promise<void> {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'f8studio',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  mainWindow = win;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.webContents.setWindowOpenHandler(({ url: target }) => {
    if (/^https?:\/\//.test(target) && !target.startsWith(`${appOrigin}/`)) void shell.openExternal(target);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  await win.loadURL(url);
  win.show();
}

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  registerIpc();
  try {
    host = await startHost(desktopHostOptions({ env: process.env, appPath: app.getAppPath(), isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, execPath: process.execPath, log }));
  } catch (err) {
    log.error(`the backend did not start: ${(err as Error).message}`);
    dialog.showErrorBox('f8studio could not start', (err as Error).message);
    app.exit(1);
    return;
  }
  const web = await host.web;
  if (!web) {
    dialog.showErrorBox('f8studio could not start', 'the editor is not served (see the log)');
    await host.stop();
    app.exit(1);
    return;
  }
  // The window's origin is the host's own loopback web server: the origin nats-server allows.
  appOrigin = new URL(web.url).origin;
  await createWindow(web.url);
});

// Quit stops the backend first (instances, master, nats-server, the lock); a second quit exits now.
let quitting = false;
app.on('before-quit', (e) => {
  if (quitting) {
    app.exit(130);
    return;
  }
  quitting = true;
  e.preventDefault();
  void (async () => {
    await host?.stop().catch((err: unknown) => log.error(`stopping: ${(err as Error).message}`));
    app.exit(0);
  })();
});

app.on('window-all-closed', () => app.quit());
