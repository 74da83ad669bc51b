// Electron main: the composition root of the desktop app. It hosts the embedded nats-server
// and the master (the same code as `f8 master`) and opens the editor window.
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { findNatsServer } from './nats/server.js';
import { startSupervisedNats, type SupervisedNats } from './nats/supervisor.js';
import { Master } from './master/master.js';
import { consoleLogger } from './util/log.js';
import { IPC_CHANNELS, type ConnectionInfo } from '../shared/ipc.js';
import { NATS_USERS } from '../shared/naming.js';

const log = consoleLogger('desktop');
let nats: SupervisedNats | null = null;
let master: Master | null = null;
const info: ConnectionInfo = { natsUrl: null, natsWsUrl: null };

async function startBackend(): Promise<void> {
  const dataDir = join(app.getPath('userData'), 'data');
  const external = process.env.F8_NATS_URL;
  if (external) {
    info.natsUrl = external;
    info.natsWsUrl = process.env.F8_NATS_WS_URL ?? null;
  } else {
    // A packaged app may carry nats-server in its resources (electron-builder extraResources).
    const binary = findNatsServer({ bundledDir: app.isPackaged ? join(process.resourcesPath, 'bin') : undefined });
    // the window's own origin only (file:// for the built app, the dev server's in development)
    const origins = ['file://', ...(process.env.ELECTRON_RENDERER_URL ? [new URL(process.env.ELECTRON_RENDERER_URL).origin] : [])];
    nats = await startSupervisedNats({ dataDir, binary, log: (l) => log.info(`nats: ${l}`), allowedOrigins: origins });
    info.natsUrl = nats.plainNatsUrl;
    // the renderer gets the editor's credentials through the preload (in the URL's user info; src/bus parses it)
    const ws = new URL(nats.wsUrl);
    ws.username = NATS_USERS.editor;
    ws.password = nats.editorToken;
    info.natsWsUrl = ws.toString().replace(/\/$/, '');
  }
  // Services run as separate processes: in a packaged app they live unpacked beside app.asar.
  const appDir = app.getAppPath().replace(/app\.asar$/, 'app.asar.unpacked');
  const dirs = [join(appDir, 'services'), ...(process.env.F8_SERVICES_DIRS ?? '').split(',').filter(Boolean)];
  master = await Master.start({ natsUrl: nats?.natsUrl ?? info.natsUrl, ...(nats ? { serviceNatsUrl: nats.serviceNatsUrl, authority: nats } : {}), servicesDirs: dirs, log, logDir: join(dataDir, 'logs'), filesDir: join(dataDir, 'recordings') });
  const m = master;
  if (nats) {
    nats.onEvent = (e) => m.publishSystemEvent(e);
    nats.jetStreamProbe = () => m.jetStreamAnswers();
  }
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'f8studio',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
}

app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': ["default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:*"],
      },
    });
  });
  ipcMain.handle(IPC_CHANNELS.connectionInfo, (event) => {
    const url = event.senderFrame?.url ?? '';
    if (!url.startsWith('file://') && !url.startsWith(process.env.ELECTRON_RENDERER_URL ?? '\u0000')) throw new Error('unexpected IPC sender');
    return info;
  });
  try {
    await startBackend();
  } catch (err) {
    log.error(`backend failed: ${(err as Error).message}`);
  }
  createWindow();
});

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting) return;
  quitting = true;
  e.preventDefault();
  void (async () => {
    await master?.stop({ stopInstances: true }).catch(() => {});
    await nats?.stop().catch(() => {});
    app.exit(0);
  })();
});

app.on('window-all-closed', () => app.quit());
