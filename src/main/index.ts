// Electron main: the composition root of the desktop app. One instance per user (a second launch
// hands its file to the first); it starts the backend through src/host (the same start-up as
// `f8 master`) and opens the editor window on the host's loopback web server, or a page that
// explains a failed start with Retry and Quit. Logic lives in plain modules (src/main/desktop);
// this file and src/main/app are thin glue.
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, session, shell } from 'electron';
import { IPC_EVENTS, type ConnectionInfo, type DocumentState, type IpcEventName, type IpcEventTypes, type MenuCommand } from '../shared/ipc.js';
import { consoleLogger } from './util/log.js';
import { graphFileFromArgv, isGraphPath } from './desktop/argv.js';
import { closeQuestion, decideClose, WindowRequests } from './desktop/close-flow.js';
import { desktopIpc, KnownPaths, readGraphFile } from './desktop/ipc.js';
import { menuTemplate, type MenuAction } from './desktop/menu.js';
import { QuitFlow } from './desktop/quit-flow.js';
import { RecentFiles, SettingsStore, WindowStateStore } from './desktop/stores.js';
import { applyMenu } from './app/menu.js';
import { Backend } from './app/backend.js';
import { createEditorWindow, reveal } from './app/window.js';

const log = consoleLogger('desktop');
const APP_NAME = 'f8studio';
const GRAPH_FILTERS = [
  { name: 'f8studio graph', extensions: ['f8graph', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

if (!app.requestSingleInstanceLock()) {
  // another f8studio runs for this user: it got our argv ('second-instance') and opens the file
  app.quit();
} else {
  main();
}

function main(): void {
  let win: BrowserWindow | null = null;
  let backend: Backend | null = null;
  let menuCommands: MenuCommand[] | null = null;
  const docs = new Map<number, DocumentState>();
  const readyWindows = new Set<number>();
  const pendingFiles: string[] = [];
  const known = new KnownPaths();
  const requests = new WindowRequests();
  const allowedToClose = new Set<number>();
  let settings: SettingsStore;
  let recent: RecentFiles;

  const send = <E extends IpcEventName>(w: BrowserWindow, event: E, payload: IpcEventTypes[E]) => w.webContents.send(IPC_EVENTS[event].channel, payload);

  // --- files that arrive from outside: argv, a second launch, the OS (macOS open-file)
  const openInWindow = async (path: string) => {
    if (!win || !readyWindows.has(win.id)) return void pendingFiles.push(path);
    try {
      const file = await readGraphFile(path);
      known.add(file.path);
      recent.add(file.path);
      refreshMenu();
      send(win, 'openFile', file);
    } catch (err) {
      dialog.showErrorBox('f8studio could not open the file', (err as Error).message);
    }
  };
  app.on('open-file', (e, path) => {
    e.preventDefault();
    if (isGraphPath(path)) void openInWindow(path);
  });
  app.on('second-instance', (_e, argv, cwd) => {
    if (win) reveal(win);
    const file = graphFileFromArgv(argv, { isPackaged: app.isPackaged, cwd });
    if (file) void openInWindow(file);
  });

  // --- the menu: the editor's commands (sent by the window) plus the app's own items
  const refreshMenu = () => applyMenu(menuTemplate({ appName: APP_NAME, platform: process.platform, commands: menuCommands, recent: recent.all() }), onMenuAction);
  const onMenuAction = (a: MenuAction) => {
    if (a.kind === 'command') {
      if (win) send(win, 'menuCommand', { id: a.id, ...(a.arg !== undefined ? { arg: a.arg } : {}) });
      return;
    }
    switch (a.what) {
      case 'about':
        return void showAbout();
      case 'settings':
        if (win && readyWindows.has(win.id)) send(win, 'menuCommand', { id: 'app.settings' });
        return;
      case 'reveal-logs':
        return void shell.openPath(backend?.logsDir() ?? '');
      case 'open-data-folder':
        return void shell.openPath(backend?.dataDir() ?? '');
      case 'open-recent':
        return void (a.path && openInWindow(a.path));
      case 'clear-recent':
        recent.clear();
        return refreshMenu();
    }
  };
  const showAbout = async () => {
    const info = await backend!.appInfo();
    const detail = [`Version ${info.version}`, `Electron ${info.electron ?? 'none (not running in Electron)'}`, `Chromium ${info.chrome ?? '-'}`, `Node ${info.node}`, `nats-server ${info.natsServer ?? 'not found'}`, '', `Data: ${info.dataDir}`, `Settings: ${info.settingsFile}`].join('\n');
    const opts = { type: 'info' as const, title: `About ${APP_NAME}`, message: `${APP_NAME} ${info.version}`, detail, buttons: ['OK'] };
    await (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
  };

  // --- closing: unsaved changes are asked about here, in main
  const confirmClose = (w: BrowserWindow) =>
    decideClose({
      queryDocument: async () => {
        if (!readyWindows.has(w.id)) return null;
        const v = await requests.ask(w.id, (requestId) => send(w, 'closeQuery', { requestId }), 3000);
        return v && typeof v.dirty === 'boolean' ? { dirty: v.dirty, name: String(v.name ?? docs.get(w.id)?.name ?? 'Untitled') } : null;
      },
      lastKnown: () => docs.get(w.id) ?? null,
      ask: async (doc) => {
        reveal(w);
        const r = await dialog.showMessageBox(w, { type: 'warning', ...closeQuestion(doc, APP_NAME), noLink: true });
        return (r.response === 0 || r.response === 1 ? r.response : 2) as 0 | 1 | 2;
      },
      save: async () => (await requests.ask(w.id, (requestId) => send(w, 'saveForClose', { requestId }), 30 * 60_000))?.saved === true,
    });
  const closing = new Set<number>();
  const guardClose = (w: BrowserWindow) => {
    w.on('close', (e) => {
      if (allowedToClose.has(w.id)) return;
      e.preventDefault();
      if (closing.has(w.id)) return;
      closing.add(w.id);
      void confirmClose(w).then((d) => {
        closing.delete(w.id);
        if (d === 'close') {
          allowedToClose.add(w.id);
          w.close();
        }
      });
    });
    w.on('closed', () => {
      requests.dropWindow(w.id);
      readyWindows.delete(w.id);
      docs.delete(w.id);
      if (win === w) win = null;
    });
  };

  const setTitle = (w: BrowserWindow, doc: DocumentState | undefined) => {
    w.setTitle(doc ? `${doc.dirty ? '● ' : ''}${doc.name} • ${APP_NAME}` : APP_NAME);
    if (process.platform === 'darwin') {
      w.setDocumentEdited(!!doc?.dirty);
      w.setRepresentedFilename(doc?.path ?? '');
    }
  };

  const windowReady = (id: number) => {
    if (readyWindows.has(id)) return;
    readyWindows.add(id);
    for (const p of pendingFiles.splice(0)) void openInWindow(p);
  };

  function registerIpc(): void {
    const handlers = desktopIpc(
      {
        appOrigin: () => backend?.appOrigin ?? null,
        startupPageUrl: () => backend?.startupPageUrl ?? null,
        connectionInfo: (): ConnectionInfo => backend!.connectionInfo(),
        chooseOpenPath: async () => {
          const r = await dialog.showOpenDialog(win as BrowserWindow, { title: 'Open graph', properties: ['openFile'], filters: GRAPH_FILTERS });
          return r.canceled ? null : (r.filePaths[0] ?? null);
        },
        chooseSavePath: async (name) => {
          const r = await dialog.showSaveDialog(win as BrowserWindow, { title: 'Save graph', defaultPath: name, filters: GRAPH_FILTERS });
          return r.canceled ? null : (r.filePath ?? null);
        },
        recent: {
          all: () => recent.all(),
          has: (p) => recent.has(p),
          add: (p) => (recent.add(p), refreshMenu()),
        },
        settings: {
          get: () => settings.get(),
          set: (patch) => {
            const next = settings.set(patch);
            if (patch.theme) nativeTheme.themeSource = patch.theme;
            return next;
          },
        },
        appInfo: () => backend!.appInfo(),
        revealLogs: async () => void (await shell.openPath(backend!.logsDir())),
        openDataFolder: async () => void (await shell.openPath(backend!.dataDir())),
        documentState: (id, state) => {
          docs.set(id, state);
          const w = BrowserWindow.fromId(id);
          if (w) setTitle(w, state);
          windowReady(id);
        },
        menuState: (id, commands) => {
          if (win?.id !== id) return;
          menuCommands = commands;
          refreshMenu();
          windowReady(id);
        },
        reply: (id, r) => void requests.answer(id, r.requestId, r.value),
        startupAction: (action) => void backend?.startupAction(action, win),
      },
      known,
    );
    for (const [channel, handle] of Object.entries(handlers)) {
      ipcMain.handle(channel, (event, payload: unknown) => {
        const windowId = BrowserWindow.fromWebContents(event.sender)?.id ?? -1;
        return handle({ url: event.senderFrame?.url, windowId }, payload);
      });
    }
  }

  app.whenReady().then(async () => {
    const userData = app.getPath('userData');
    settings = new SettingsStore(userData, log);
    recent = new RecentFiles(userData, log);
    nativeTheme.themeSource = settings.get().theme;
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    registerIpc();
    refreshMenu();
    const argvFile = graphFileFromArgv(process.argv, { isPackaged: app.isPackaged, cwd: process.cwd() });
    if (argvFile) pendingFiles.push(argvFile);

    backend = new Backend({ log, settings, appName: APP_NAME, appPath: app.getAppPath(), isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, execPath: process.execPath, userData });
    const ok = await backend.start();
    win = createEditorWindow({ states: new WindowStateStore(userData, log), appOrigin: () => backend?.appOrigin ?? null, log });
    guardClose(win);
    win.once('ready-to-show', () => win?.show());
    await backend.show(win, ok);
    win.show();
  });

  // Quit: ask about unsaved changes, then stop the instances, the master and nats-server and
  // release the lock; a second quit while that runs exits at once.
  const quit = new QuitFlow<BrowserWindow>({
    windows: () => BrowserWindow.getAllWindows().filter((w) => !allowedToClose.has(w.id)),
    confirm: confirmClose,
    allowClose: (w) => void allowedToClose.add(w.id),
    closeAll: () => BrowserWindow.getAllWindows().forEach((w) => w.close()),
    stopBackend: async () => backend?.stop(),
    exit: (code) => app.exit(code),
    log,
  });
  app.on('before-quit', (e) => void quit.beforeQuit(() => e.preventDefault()));
  app.on('window-all-closed', () => {
    if (quit.phase === 'running') app.quit();
  });
}
